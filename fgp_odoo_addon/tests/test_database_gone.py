from unittest.mock import patch

import psycopg2

from odoo import Command
from odoo.modules.registry import Registry
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_qweb import QWebException
from odoo.addons.fgp_odoo_addon.database_gone import is_database_gone
from odoo.addons.fgp_odoo_addon.models.fgp_plan_portal import FgpPlan as FgpPlanPortal

from .world import FgpHttpCase, add_member


def lost():
    # a new one each time: Odoo keeps the response it made on the exception
    return psycopg2.OperationalError("server closed the connection unexpectedly")


def refused():
    return psycopg2.OperationalError(
        'connection to server on socket "/run/.s.PGSQL.5432" failed: '
        "FATAL:  the database system is shutting down"
    )


CALL_KW = (
    '{"jsonrpc": "2.0", "method": "call", "params": {"model": '
    '"fgp.plan", "method": "web_read", "args": [[%d]], '
    '"kwargs": {"specification": {"name": {}}}}}'
)
JSON = {"Content-Type": "application/json"}


@tagged("post_install", "-at_install", "fgp_http")
class TestDatabaseGone(FgpHttpCase):
    """A request whose database connection broke (PostgreSQL restarted), or that
    came while the database refused connections, gets a clear message and 503,
    never Odoo's traceback, and its user stays logged in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.professional = new_test_user(
            cls.env, login="gone_pro", groups="fgp_odoo_addon.group_fgp_professional"
        )
        cls.parent = cls.env["res.partner"].create({"name": "Anouk de Wit"})
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.portal_user = new_test_user(
            cls.env,
            login="gone_portal",
            groups="base.group_portal",
            partner_id=cls.parent.id,
            lang="nl_NL",
        )
        youth = cls.env["res.partner"].create({"name": "Sem de Wit"})
        cls.plan = cls.env["fgp.plan"].create(
            {
                "name": "Plan familie De Wit",
                "professional_id": cls.professional.id,
                "youth_ids": [Command.set(youth.ids)],
            }
        )
        add_member(cls.plan, cls.parent, "parent", consent_date="2026-01-01")

    def test_only_a_lost_connection_counts(self):
        self.assertTrue(is_database_gone(lost()))
        self.assertTrue(is_database_gone(refused()))
        self.assertTrue(is_database_gone(psycopg2.InterfaceError("closed")))
        self.assertTrue(is_database_gone(psycopg2.errors.AdminShutdown()))
        # the request's own conflicts keep Odoo's handling (and its retries)
        self.assertFalse(is_database_gone(psycopg2.errors.SerializationFailure()))
        self.assertFalse(is_database_gone(psycopg2.errors.LockNotAvailable()))
        self.assertFalse(is_database_gone(ValueError("no")))
        # the template (or report) that was rendering when the connection broke
        try:
            try:
                raise lost()
            except psycopg2.OperationalError as error:
                raise QWebException(
                    "Error while render the template", self.env["ir.qweb"]
                ) from error
        except QWebException as wrapped:
            self.assertTrue(is_database_gone(wrapped))
        # a ?db= that names no database is not a database gone for a moment
        self.assertFalse(
            is_database_gone(
                psycopg2.OperationalError('FATAL:  database "nope" does not exist')
            )
        )

    def test_json_rpc_gets_a_message_without_traceback(self):
        self.login(self.professional)
        with (
            patch("odoo.addons.web.controllers.dataset.call_kw", side_effect=lost()),
            mute_logger("odoo.http", "odoo.addons.fgp_odoo_addon.models.ir_http"),
        ):
            response = self.web_read()
        error = response.json()["error"]
        self.assertEqual(error["code"], 503)
        self.assertIn("cannot be reached", error["data"]["message"])
        self.assertNotIn("Traceback", response.text)

    def test_portal_page_gets_a_503_page(self):
        self.login(self.portal_user)
        with (
            patch.object(FgpPlanPortal, "_portal_member", side_effect=lost()),
            mute_logger("odoo.http", "odoo.addons.fgp_odoo_addon.models.ir_http"),
        ):
            response = self.url_open(f"/my/plans/{self.plan.id}")
        self.assertEqual(response.status_code, 503, response.url)
        self.assertIn("over een minuut nog een keer", response.text)
        self.assertNotIn("Traceback", response.text)

    def web_read(self):
        """The plan's name, as the web client's form reads it."""
        return self.url_open(
            "/web/dataset/call_kw/fgp.plan/web_read",
            data=CALL_KW % self.plan.id,
            headers=JSON,
        )

    def refusing(self):
        """The database refuses connections (PostgreSQL restarting): Odoo cannot
        open the registry of a request."""
        return patch.object(Registry, "cursor", side_effect=refused())

    def test_portal_page_while_the_database_restarts(self):
        self.login(self.portal_user)
        with self.refusing(), mute_logger("odoo.http"):
            response = self.url_open(f"/my/plans/{self.plan.id}")
        self.assertEqual(response.status_code, 503, response.url)
        self.assertEqual(response.headers["Retry-After"], "30")
        self.assertIn("over een minuut nog een keer", response.text)
        self.assertNotIn("Traceback", response.text)
        # Odoo's own answer logs the session out and answers 404: the family
        # stays logged in and reads its plan once the database is back.
        response = self.url_open(f"/my/plans/{self.plan.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("/web/login", response.url)
        self.assertIn("Plan familie De Wit", response.text)

    def test_json_rpc_while_the_database_restarts(self):
        self.login(self.professional)
        with self.refusing(), mute_logger("odoo.http"):
            response = self.web_read()
        error = response.json()["error"]
        self.assertEqual(error["code"], 503)
        self.assertEqual(error["data"]["name"], "odoo.exceptions.UserError")
        self.assertNotIn("Traceback", response.text)
        response = self.web_read()
        self.assertEqual(response.json()["result"][0]["name"], "Plan familie De Wit")
