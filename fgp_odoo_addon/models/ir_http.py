import logging
import time

from odoo import api, models
from odoo.http import request
from odoo.tools import SQL

from ..database_gone import database_gone_response, is_database_gone

_logger = logging.getLogger(__name__)

# What a page of the organisation may be shown in: its own pages only (no
# click-jacking of the family portal or the login form by another site).
FRAME_OPTIONS = "SAMEORIGIN"
FRAME_ANCESTORS = "frame-ancestors 'self'"
SESSION_COOKIE = "session_id="

# Read-your-writes with a read replica (db_replica_host): for this many seconds
# after a session's last write, its requests run on the primary, so that what it
# just saved is what it reads next, however far the replica lags. 0 switches it off.
READ_YOUR_WRITES_PARAM = "fgp_odoo_addon.read_your_writes_seconds"
READ_YOUR_WRITES_SECONDS = 5
# Until when (time.time()) the session reads on the primary; kept in the session,
# which every server of the organisation shares (data_dir).
PRIMARY_UNTIL_KEY = "fgp_primary_until"


def _read_your_writes(readonly):
    """The route's own read-only rule (a boolean or Odoo's callable, such as
    call_kw's), except while the session's last write is recent."""

    def route_readonly(controller):
        if request.session.get(PRIMARY_UNTIL_KEY, 0) > time.time():
            return False
        return readonly(controller) if callable(readonly) else readonly

    route_readonly.fgp_read_your_writes = True
    return route_readonly


class IrHttp(models.AbstractModel):
    """Security headers for an organisation that puts Odoo on the internet, and
    read-your-writes when a read replica serves the read-only requests."""

    _inherit = "ir.http"

    @api.model
    def _generate_routing_rules(self, modules, converters):
        """Every route Odoo would serve on a read-only cursor (the replica):
        ``readonly=True`` routes and call_kw's ``@api.readonly`` methods
        (web_read, web_search_read) decide it per request, so that a session
        that just wrote reads on the primary."""
        for url, endpoint in super()._generate_routing_rules(modules, converters):
            readonly = endpoint.routing.get("readonly")
            if readonly and not getattr(readonly, "fgp_read_your_writes", False):
                # One endpoint may serve several URLs: it is wrapped once.
                endpoint.routing = dict(
                    endpoint.routing, readonly=_read_your_writes(readonly)
                )
            yield url, endpoint

    @classmethod
    def _post_dispatch(cls, response):
        """Every response: not to be framed by another site, and a session
        cookie that a cross-site request does not carry along (SameSite=Lax;
        Odoo 18 sets it without a SameSite attribute, which leaves it to the
        browser). Runs after Odoo has added the session cookie."""
        # Before Odoo's own, which saves the session.
        cls._fgp_note_write()
        result = super()._post_dispatch(response)
        headers = getattr(response, "headers", None)
        if headers is not None:
            cls._fgp_frame_headers(headers)
            cls._fgp_session_cookie_lax(headers)
        return result

    @classmethod
    def _handle_error(cls, exception):
        """A request whose database connection broke (PostgreSQL restarted):
        a clear message and 503, not Odoo's server error with its traceback."""
        if not is_database_gone(exception):
            return super()._handle_error(exception)
        _logger.warning("Database connection lost during a request: %s", exception)
        return database_gone_response(request.env.lang, request.dispatcher)

    @classmethod
    def _fgp_note_write(cls):
        """After a request that wrote (a portal form, web_save, a button), the
        session reads on the primary for READ_YOUR_WRITES_PARAM seconds."""
        cr = request.env.cr
        # A GET is a read (HTTP's safe method): what it writes is bookkeeping,
        # such as the access log of what it showed (NEN 7513).
        if (
            cr.readonly
            or request.httprequest.method == "GET"
            or not request.session.uid
        ):
            return
        # What the request changed reaches the database now, not at the commit;
        # PostgreSQL assigns a transaction id at the first write.
        request.env.flush_all()
        cr.execute(SQL("SELECT txid_current_if_assigned() IS NOT NULL"))
        if not cr.fetchone()[0]:
            return
        # sudo: a system parameter, read by every user's request
        value = (
            request.env["ir.config_parameter"].sudo().get_param(READ_YOUR_WRITES_PARAM)
        )
        try:
            seconds = float(value) if value else READ_YOUR_WRITES_SECONDS
        except ValueError:
            seconds = READ_YOUR_WRITES_SECONDS
        if seconds > 0:
            request.session[PRIMARY_UNTIL_KEY] = time.time() + seconds

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
