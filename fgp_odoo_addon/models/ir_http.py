from odoo import models

# What a page of the organisation may be shown in: its own pages only (no
# click-jacking of the family portal or the login form by another site).
FRAME_OPTIONS = "SAMEORIGIN"
FRAME_ANCESTORS = "frame-ancestors 'self'"
SESSION_COOKIE = "session_id="


class IrHttp(models.AbstractModel):
    """Security headers for an organisation that puts Odoo on the internet."""

    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        """Every response: not to be framed by another site, and a session
        cookie that a cross-site request does not carry along (SameSite=Lax;
        Odoo 18 sets it without a SameSite attribute, which leaves it to the
        browser). Runs after Odoo has added the session cookie."""
        result = super()._post_dispatch(response)
        headers = getattr(response, "headers", None)
        if headers is not None:
            cls._fgp_frame_headers(headers)
            cls._fgp_session_cookie_lax(headers)
        return result

    @classmethod
    def _fgp_frame_headers(cls, headers):
        # A stricter choice made by the route (Odoo's DENY of the web client)
        # stays; a policy of the route's own gets the frame rule added.
        headers.setdefault("X-Frame-Options", FRAME_OPTIONS)
        policy = headers.get("Content-Security-Policy")
        if not policy:
            headers["Content-Security-Policy"] = FRAME_ANCESTORS
        elif "frame-ancestors" not in policy:
            headers["Content-Security-Policy"] = f"{policy}; {FRAME_ANCESTORS}"

    @classmethod
    def _fgp_session_cookie_lax(cls, headers):
        cookies = headers.getlist("Set-Cookie")
        if not any(
            c.startswith(SESSION_COOKIE) and "samesite" not in c.lower()
            for c in cookies
        ):
            return
        headers.remove("Set-Cookie")
        for cookie in cookies:
            if cookie.startswith(SESSION_COOKIE) and "samesite" not in cookie.lower():
                cookie = f"{cookie}; SameSite=Lax"
            headers.add("Set-Cookie", cookie)
