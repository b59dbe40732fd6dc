from . import test_plan_lifecycle
from . import test_access_plan
from . import test_access_notes
