import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import users

from .privacy_common import PrivacyCommon


class TestInspection(PrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.youth_voice = "Ik wil bij mama blijven wonen"
        cls.plan.with_user(cls.professional).web_read({"name": {}})
        cls.agreement = cls.env["fgp.agreement"].create(
            {
                "plan_id": cls.plan.id,
                "description": "Eva brengt Noor naar school",
                "source": "network",
                "member_id": cls.member.id,
            }
        )

    def _export(self, include_notes=False):
        request = self.env["fgp.inspection.request"].create(
            {"partner_id": self.parent.id, "include_notes": include_notes}
        )
        request.action_grant()
        request.action_deliver()
        self.assertEqual(request.state, "delivered")
        return request, base64.b64decode(request.attachment_id.sudo().datas).decode()

    @users("priv_log_manager")
    def test_export_of_everything_about_a_person(self):
        """A granted request delivers a readable file with the person's plans,
        their own agreements and who looked at their file; no notes unless
        decided."""
        request, html = self._export()
        # Odoo stores HTML uploaded by non-system users as text/plain (XSS);
        # the file keeps its .html name and opens as a page once downloaded.
        self.assertTrue(request.attachment_id.name.endswith(".html"))
        self.assertIn("Plan familie Visser", html)
        self.assertIn("Ik wil bij mama blijven wonen", html)
        self.assertIn("Eva brengt Noor naar school", html)
        self.assertIn(self.professional.name, html, "who looked at the file")
        self.assertNotIn("Huisbezoek", html, "notes only when decided")
        _request, html = self._export(include_notes=True)
        self.assertIn("Huisbezoek", html)

    def test_delivery_needs_a_decision(self):
        """Nothing is delivered before the request was granted; a refusal needs
        its reason."""
        request = self.env["fgp.inspection.request"].create(
            {"partner_id": self.parent.id}
        )
        with self.assertRaises(UserError):
            request.action_deliver()
        with self.assertRaises(UserError):
            request.action_refuse()
        request.refusal_reason = "Geen identiteit getoond"
        request.action_refuse()
        self.assertEqual(request.state, "refused")

    def test_only_authorised_users(self):
        """Professionals and team managers cannot record inspection or erasure
        requests."""
        for user in (self.professional, self.manager):
            for model in ("fgp.inspection.request", "fgp.erasure.request"):
                with self.subTest(user=user.login, model=model):
                    with self.assertRaises(AccessError):
                        self.env[model].with_user(user).create(
                            {"partner_id": self.parent.id}
                        )

    def test_portal_download_rights(self):
        """The young person and the parents may download the plan, another
        network member may not."""
        other = self.env["res.partner"].create({"name": "Buurman"})
        self.assertTrue(self.plan._fgp_may_download(self.youth))
        self.assertTrue(self.plan._fgp_may_download(self.parent))
        self.assertFalse(self.plan._fgp_may_download(other))
