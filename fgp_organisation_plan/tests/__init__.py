from . import test_kpi
from . import test_snapshot
from . import test_xlsx
from . import test_access
from . import test_http
from . import test_attack_kpis
from . import test_kpi_practice
