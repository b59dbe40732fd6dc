from . import test_plan_lifecycle
from . import test_plan_constraints
from . import test_network
from . import test_views
from . import test_demo
from . import test_views_browser
