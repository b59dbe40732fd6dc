from . import fgp_base_xlsx
from . import fgp_agreement_overview_xlsx
from . import fgp_plan_register_xlsx
from . import fgp_family_plan_report
