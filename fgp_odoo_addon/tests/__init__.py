from . import test_plan_lifecycle
from . import test_xlsx_reports
