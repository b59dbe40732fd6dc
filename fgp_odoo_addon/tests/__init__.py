from . import test_plan_lifecycle
