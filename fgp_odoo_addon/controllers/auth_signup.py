import logging

from odoo import _, http
from odoo.http import request

from odoo.addons.auth_signup.controllers.main import AuthSignupHome

_logger = logging.getLogger(__name__)


class FgpAuthSignupHome(AuthSignupHome):
    """Asking for a new password tells nobody whether a login exists.

    Odoo answers an unknown login with "No account found for this login" and a
    known one with "instructions sent": a way to find out who has an account, so
    who is in a family's network. Here both get the same answer (the reason
    is logged), and the ``signup_email`` shortcut, which redirects a known e-mail
    address to the login form with its login filled in, is not followed."""

    @http.route()
    def web_auth_reset_password(self, *args, **kw):
        """The same answer for a known and an unknown login (see the class)."""
        request.params.pop("signup_email", None)
        kw.pop("signup_email", None)
        response = super().web_auth_reset_password(*args, **kw)
        qcontext = getattr(response, "qcontext", None)
        if (
            request.httprequest.method == "POST"
            and qcontext is not None
            and not qcontext.get("token")
        ):
            if qcontext.get("error"):
                _logger.info(
                    "Password reset refused for <%s>: %s",
                    qcontext.get("login"),
                    qcontext["error"],
                )
            qcontext.pop("error", None)
            qcontext["message"] = _(
                "If an account belongs to this login, we have sent an e-mail with a "
                "link to choose a new password. No e-mail? Check the address, or ask "
                "your professional."
            )
        return response
