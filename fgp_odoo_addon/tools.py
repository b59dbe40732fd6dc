import logging

_logger = logging.getLogger(__name__)


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
