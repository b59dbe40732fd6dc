from . import portal_versions
