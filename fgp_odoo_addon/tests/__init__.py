from . import test_plan_lifecycle
from . import test_follow_up
from . import test_plan_version
from . import test_portal_versions
