from . import fgp_report_wizard
from . import fgp_plan_version_compare
from . import base_partner_merge_automatic_wizard
from . import fgp_network_member_relink
