from . import portal
from . import privacy
