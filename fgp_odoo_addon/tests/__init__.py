from . import test_plan_lifecycle
from . import test_access_plan
from . import test_access_notes
from . import test_access_safety
from . import test_access_channels
from . import test_access_generic
from . import test_access_http
