from . import fgp_report_wizard
from . import fgp_plan_version_compare
