from . import fgp_plan_version_compare
