"""The database went away for a moment (PostgreSQL restarted, a fail-over): a clear
message and 503, never Odoo's traceback, and the user stays logged in.

Two places meet it. A request whose connection breaks while it runs ends in
``ir.http._handle_error`` (models/ir_http.py). A request that arrives while the
database refuses connections fails earlier, when Odoo opens the registry, before
any ``ir.http`` of a module takes part: Odoo then logs the session out and serves
the request without a database (a 404 for /my/plans, the log-in page for the web
client). ``post_load`` changes that one step, for every database of the server:
load the addon server-wide (``--load=base,web,fgp_odoo_addon``) so that a worker
started while PostgreSQL is down has it too.
"""

import logging

import psycopg2
from markupsafe import Markup, escape
from werkzeug.exceptions import ServiceUnavailable

from odoo import http
from odoo.tools.translate import LazyTranslate

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

# A closed connection, or the server shutting down or starting up (57P01-57P03).
DB_GONE_ERRORS = (
    psycopg2.InterfaceError,
    psycopg2.errors.AdminShutdown,
    psycopg2.errors.CrashShutdown,
    psycopg2.errors.CannotConnectNow,
)
TITLE = _lt("Not possible right now")
TEXT = _lt(
    "The database cannot be reached for a moment. What you just did may not be "
    "saved. Try again in a minute."
)
PAGE = Markup(
    '<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>%s</title>'
    "</head><body><h1>%s</h1><p>%s</p></body></html>"
)
RETRY_AFTER = "30"


def is_database_gone(exception):
    """The exception, or one it came from (a template that was rendering, a
    report), is a lost connection to the database."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if _is_connection_lost(exception):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def _is_connection_lost(exception):
    """libpq's plain OperationalError (no SQLSTATE of its own, as "server closed
    the connection unexpectedly" or "connection refused"), or a connection
    exception or shutdown reported by the server. Not a serialization failure,
    a lock or a cancelled query: those are the request's own."""
    if isinstance(exception, DB_GONE_ERRORS):
        return True
    if not isinstance(exception, psycopg2.OperationalError):
        return False
    if exception.pgcode:
        # class 08: connection exceptions
        return exception.pgcode.startswith("08")
    # Connecting to a database that does not exist is an error of the request (a
    # wrong ?db=), which Odoo's own handling answers.
    return type(exception) is psycopg2.OperationalError and (
        "does not exist" not in str(exception)
    )


def database_gone_response(lang, dispatcher):
    """The answer to a request the database could not serve: for a JSON-RPC
    request (``dispatcher``) an error that the web client shows as a message,
    else a page with status 503."""
    lang = lang or "en_US"
    title = TITLE._translate(lang)
    text = TEXT._translate(lang)
    if dispatcher.routing_type == "json":
        return dispatcher._response(
            error={
                "code": 503,
                "message": title,
                "data": {
                    "name": "odoo.exceptions.UserError",
                    "message": text,
                    "arguments": [text],
                    "context": {},
                    "debug": "",
                },
            }
        )
    page = PAGE % (escape(lang[:2]), title, title, text)
    return http.Response(
        page,
        status=503,
        headers=[("Retry-After", RETRY_AFTER)],
        content_type="text/html; charset=utf-8",
    )


class DatabaseGone(ServiceUnavailable):
    """Raised instead of Odoo's RegistryError when the database is gone for a
    moment; Application.__call__ answers with ``error_response``."""

    loglevel = logging.WARNING

    def __init__(self, request):
        super().__init__(f"Database {request.db} cannot be reached")
        # No route was matched yet: a JSON body is answered as JSON-RPC.
        dispatcher = (
            http.JsonRPCDispatcher(request)
            if http.JsonRPCDispatcher.is_compatible_with(request)
            else request.dispatcher
        )
        self.error_response = database_gone_response(
            request.session.context.get("lang"), dispatcher
        )


def post_load():
    """Odoo answers a registry it cannot open by logging the session out and
    serving the request without a database; while the database is only gone,
    answer with DatabaseGone instead."""
    open_registry = http.Request._open_registry
    if getattr(open_registry, "fgp_database_gone", False):
        return

    def _open_registry(self):
        try:
            return open_registry(self)
        except http.RegistryError as error:
            if is_database_gone(error.__cause__):
                raise DatabaseGone(self) from error
            raise

    _open_registry.fgp_database_gone = True
    http.Request._open_registry = _open_registry
