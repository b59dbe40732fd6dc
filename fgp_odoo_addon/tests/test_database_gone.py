from unittest.mock import patch

import psycopg2

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.fgp_odoo_addon.models.fgp_plan_portal import FgpPlan as FgpPlanPortal
from odoo.addons.fgp_odoo_addon.models.ir_http import IrHttp

from .world import FgpHttpCase, add_member


def lost():
    # a new one each time: Odoo keeps the response it made on the exception
    return psycopg2.OperationalError("server closed the connection unexpectedly")


@tagged("post_install", "-at_install", "fgp_http")
class TestDatabaseGone(FgpHttpCase):
    """A request whose database connection broke (PostgreSQL restarted) gets a
    clear message and 503, never Odoo's traceback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.professional = new_test_user(
            cls.env, login="gone_pro", groups="fgp_odoo_addon.group_fgp_professional"
        )
        cls.parent = cls.env["res.partner"].create({"name": "Anouk de Wit"})
        cls.portal_user = new_test_user(
            cls.env,
            login="gone_portal",
            groups="base.group_portal",
            partner_id=cls.parent.id,
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
        self.assertTrue(IrHttp._fgp_database_gone(lost()))
        self.assertTrue(IrHttp._fgp_database_gone(psycopg2.InterfaceError("closed")))
        # the request's own conflicts keep Odoo's handling (and its retries)
        self.assertFalse(
            IrHttp._fgp_database_gone(psycopg2.errors.SerializationFailure())
        )
        self.assertFalse(IrHttp._fgp_database_gone(psycopg2.errors.LockNotAvailable()))
        self.assertFalse(IrHttp._fgp_database_gone(ValueError("no")))

    def test_json_rpc_gets_a_message_without_traceback(self):
        self.login(self.professional)
        with (
            patch("odoo.addons.web.controllers.dataset.call_kw", side_effect=lost()),
            mute_logger("odoo.http", "odoo.addons.fgp_odoo_addon.models.ir_http"),
        ):
            response = self.url_open(
                "/web/dataset/call_kw/fgp.plan/web_read",
                data=(
                    '{"jsonrpc": "2.0", "method": "call", "params": {"model": '
                    f'"fgp.plan", "method": "web_read", "args": [[{self.plan.id}]], '
                    '"kwargs": {"specification": {"name": {}}}}}'
                ),
                headers={"Content-Type": "application/json"},
            )
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
        self.assertIn("Try again in a minute", response.text)
        self.assertNotIn("Traceback", response.text)
