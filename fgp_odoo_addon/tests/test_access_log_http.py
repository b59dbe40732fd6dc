from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.fgp_odoo_addon.models.fgp_access_log import FgpAccessLog

from .world import FgpHttpCase, add_member


@tagged("post_install", "-at_install", "fgp_http")
class TestAccessLogHttp(FgpHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.professional = new_test_user(
            cls.env,
            login="priv_http_pro",
            groups="fgp_odoo_addon.group_fgp_professional,base.group_allow_export",
        )
        cls.youth = cls.env["res.partner"].create({"name": "Sem de Wit"})
        cls.parent = cls.env["res.partner"].create({"name": "Anouk de Wit"})
        cls.portal_user = new_test_user(
            cls.env,
            login="priv_http_portal",
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
        add_member(cls.plan, cls.parent, "parent", consent_date="2026-01-01")

    def _entries(self, operation):
        return (
            self.env["fgp.access.log"]
            .sudo()
            .search([("plan_id", "=", self.plan.id), ("operation", "=", operation)])
        )

    def test_web_read_over_json_rpc_is_logged_on_the_primary(self):
        """web_read runs on a read-only cursor; its log entry still lands, through
        a read/write cursor of its own, with the client's IP address."""
        cursors = []
        original = FgpAccessLog._log_event

        def spy(model, *args, **kwargs):
            cursors.append(model.env.cr.readonly)
            return original(model, *args, **kwargs)

        self.login(self.professional)
        with patch.object(FgpAccessLog, "_log_event", spy):
            result = self.make_jsonrpc_request(
                "/web/dataset/call_kw/fgp.plan/web_read",
                {
                    "model": "fgp.plan",
                    "method": "web_read",
                    "args": [[self.plan.id]],
                    "kwargs": {"specification": {"name": {}}},
                },
            )
        self.assertEqual(result[0]["name"], "Plan familie De Wit")
        self.assertEqual(cursors, [True], "web_read was served read-only")
        entry = self._entries("read")
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.user_id, self.professional)
        self.assertEqual(entry.partner_id, self.youth)
        self.assertEqual(entry.ip_address, "127.0.0.1")

    def test_forged_context_over_json_rpc_is_still_logged(self):
        """A user who sends the log's own context keys along with a call is
        logged all the same."""
        self.login(self.professional)
        context = {"fgp_access_log_skip": True, "fgp_access_log_no_read": True}
        for method, args, kwargs in (
            ("web_read", [[self.plan.id]], {"specification": {"name": {}}}),
            ("export_data", [[self.plan.id], ["name"]], {}),
        ):
            self.make_jsonrpc_request(
                f"/web/dataset/call_kw/fgp.plan/{method}",
                {
                    "model": "fgp.plan",
                    "method": method,
                    "args": args,
                    "kwargs": dict(kwargs, context=context),
                },
            )
        self.assertEqual(len(self._entries("read")), 1)
        self.assertEqual(len(self._entries("export")), 1)

    def test_portal_download_is_logged(self):
        """A parent downloads the plan from the portal; the export is logged."""
        self.login(self.portal_user)
        response = self.url_open(f"/my/plans/{self.plan.id}/download")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Plan familie De Wit", response.text)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(self._entries("export").user_id, self.portal_user)

    def test_portal_page_is_logged(self):
        """Each portal page of a plan that is shown is logged as a portal view."""
        self.login(self.portal_user)
        response = self.url_open(f"/my/plans/{self.plan.id}", allow_redirects=False)
        if response.status_code == 404:
            self.skipTest("the portal page /my/plans/<id> is not installed")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._entries("portal_view").user_id, self.portal_user)

    def test_withdrawn_consent_cuts_portal_access(self):
        """Once the consent is withdrawn, the parent's next portal request for the
        plan is refused."""
        self.login(self.portal_user)
        url = f"/my/plans/{self.plan.id}/download"
        self.assertEqual(self.url_open(url).status_code, 200)
        self.plan.network_member_ids.consent_date = False
        response = self.url_open(url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my"))
