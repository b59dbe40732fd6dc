import time
from unittest.mock import patch

from odoo import Command, http
from odoo.tests import new_test_user, tagged

from odoo.addons.fgp_odoo_addon.models import ir_http

from .world import FgpHttpCase, add_member


@tagged("post_install", "-at_install", "fgp_http")
class TestReadYourWrites(FgpHttpCase):
    """With a read replica, a session that just wrote reads on the primary for
    a while: Odoo serves its read-only requests on a read/write cursor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.professional = new_test_user(
            cls.env, login="ryw_pro", groups="fgp_odoo_addon.group_fgp_professional"
        )
        cls.youth = cls.env["res.partner"].create({"name": "Sem de Wit"})
        cls.parent = cls.env["res.partner"].create({"name": "Anouk de Wit"})
        cls.portal_user = new_test_user(
            cls.env,
            login="ryw_portal",
            groups="base.group_portal",
            partner_id=cls.parent.id,
        )
        cls.plan = cls.env["fgp.plan"].create(
            {
                "name": "Plan familie De Wit",
                "professional_id": cls.professional.id,
                "youth_ids": [Command.set(cls.youth.ids)],
            }
        )
        cls.member = add_member(
            cls.plan, cls.parent, "parent", consent_date="2026-01-01"
        )

    def setUp(self):
        super().setUp()
        self.modes = []
        original = http.Request._transactioning

        def spy(request, func, readonly):
            self.modes.append((request.httprequest.path, readonly))
            return original(request, func, readonly)

        patcher = patch.object(http.Request, "_transactioning", spy)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _readonly(self, path):
        """Whether the last request to ``path`` was served read-only."""
        return [ro for p, ro in self.modes if p == path][-1]

    def _call(self, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/fgp.plan/{method}",
            {
                "model": "fgp.plan",
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        )

    def _web_read(self):
        self._call("web_read", [[self.plan.id]], {"specification": {"name": {}}})
        return self._readonly("/web/dataset/call_kw/fgp.plan/web_read")

    def test_back_office_write_reads_on_the_primary(self):
        self.login(self.professional)
        self.assertTrue(self._web_read(), "before a write: the replica")
        self._call(
            "web_save",
            [[self.plan.id], {"name": "Plan De Wit"}],
            {"specification": {"name": {}}},
        )
        self.assertFalse(self._readonly("/web/dataset/call_kw/fgp.plan/web_save"))
        self.assertFalse(self._web_read(), "just after the write: the primary")
        later = time.time() + ir_http.READ_YOUR_WRITES_SECONDS + 1
        with patch.object(ir_http.time, "time", return_value=later):
            self.assertTrue(self._web_read(), "after the window: the replica again")

    def test_window_is_a_system_parameter(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(ir_http.READ_YOUR_WRITES_PARAM, "0")
        self.login(self.professional)
        self._call("write", [[self.plan.id], {"name": "Plan De Wit"}])
        self.assertTrue(self._web_read(), "0 switches read-your-writes off")
        params.set_param(ir_http.READ_YOUR_WRITES_PARAM, "60")
        self._call("write", [[self.plan.id], {"name": "Plan familie De Wit"}])
        later = time.time() + 30
        with patch.object(ir_http.time, "time", return_value=later):
            self.assertFalse(self._web_read(), "60 s after a write: still the primary")

    def test_reading_alone_does_not_count(self):
        """A page that writes only its access-log entry (a GET) leaves the
        session's reads on the replica. (A request on a read/write cursor that
        writes nothing counts neither, which a test cannot show: its requests
        share the test's transaction, which has written.)"""
        self.login(self.portal_user)
        self.url_open(f"/my/plans/{self.plan.id}")
        self.make_jsonrpc_request("/my/counters", {"counters": ["fgp_plan_count"]})
        self.assertTrue(self._readonly("/my/counters"))

    def test_family_write_reads_on_the_primary(self):
        self.login(self.portal_user)
        self.make_jsonrpc_request("/my/counters", {"counters": ["fgp_plan_count"]})
        self.assertTrue(self._readonly("/my/counters"))
        self.post_form(
            f"/my/plans/{self.plan.id}/agreement/add",
            {"description": "Oma haalt Sem op", "member_id": self.member.id},
        )
        self.assertEqual(
            self.plan.agreement_ids.sudo().mapped("description"), ["Oma haalt Sem op"]
        )
        self.make_jsonrpc_request("/my/counters", {"counters": ["fgp_plan_count"]})
        self.assertFalse(self._readonly("/my/counters"))
