from . import fgp_organisation_kpi_mixin
from . import fgp_organisation_plan
from . import fgp_organisation_action
from . import fgp_organisation_snapshot
