from . import controllers
from . import models
from . import report
from . import wizards
from .database_gone import post_load
