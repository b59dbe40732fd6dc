from . import test_plan_lifecycle
from . import test_access_log
from . import test_access_log_http
from . import test_consent
from . import test_retention
from . import test_erasure
from . import test_inspection
