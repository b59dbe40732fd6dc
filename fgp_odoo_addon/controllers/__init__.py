from . import portal
from . import privacy
from . import portal_versions
from . import auth_signup
from . import portal_network
from . import portal_support
from . import accessibility
from . import portal_occurrence
