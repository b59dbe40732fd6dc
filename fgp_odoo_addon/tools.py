import logging

_logger = logging.getLogger(__name__)


class ContextFlag(str):
    """A context value no request can forge.

    The context of an RPC call is decoded from JSON, which only ever yields
    plain strings: a context key that switches off a safeguard (the access
    log) or switches on a shortcut must be set with :data:`FLAG`, which only
    server code holds. A flag equals nothing but itself: Odoo reuses an
    environment whose context compares equal, which must never be one with a
    forged value.
    """

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __hash__(self):
        return id(self)


FLAG = ContextFlag("1")


def flagged(env, key):
    """Whether server code set the context flag ``key`` (see ContextFlag)."""
    return isinstance(env.context.get(key), ContextFlag)


def get_int_param(env, key, default):
    """A whole-number system parameter (a term, a grace period), or ``default``
    when it is not set or not a number: a typo in the settings must not stop a
    scheduled job."""
    # sudo: reads one system parameter, a setting of the product, nothing else
    value = env["ir.config_parameter"].sudo().get_param(key)
    if value in (None, False, ""):
        return default
    try:
        return int(value)
    except ValueError:
        _logger.warning("System parameter %s is not a whole number: %r", key, value)
        return default
