from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .world import FgpHttpCase, bring_to


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalVersions(FgpHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.family = new_test_user(
            cls.env, login="fgp_versions_family", groups="base.group_portal"
        )
        cls.outsider = new_test_user(
            cls.env, login="fgp_versions_outsider", groups="base.group_portal"
        )
        cls.plan = cls.env["fgp.plan"].create(
            {
                "name": "Plan familie Versies",
                "date_offered": date(2026, 1, 1),
                "network_member_ids": [
                    Command.create(
                        {
                            "partner_id": cls.family.partner_id.id,
                            "role": "parent",
                            "consent_date": date(2026, 1, 2),
                        }
                    ),
                ],
                "section_ids": [
                    Command.create({"name": "Wonen", "body": "<p>We wonen bij oma</p>"})
                ],
            }
        )
        bring_to(cls.plan, "active")
        cls.plan.section_ids.body = "<p>We wonen weer thuis</p>"
        cls.plan.action_revise()
        cls.v1, cls.v2 = cls.plan.version_ids.sorted("version")

    def test_network_member_compares_versions(self):
        """A network member with consent sees two versions side by side."""
        self.login(self.family)
        response = self.url_open(
            f"/my/plans/{self.plan.id}/versions?a={self.v1.id}&b={self.v2.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("We wonen bij oma", response.text)
        self.assertIn("We wonen weer thuis", response.text)
        self.assertIn('data-status="changed"', response.text)

    def test_other_portal_user_is_sent_home(self):
        """A portal user outside the network does not see the versions."""
        self.login(self.outsider)
        response = self.url_open(f"/my/plans/{self.plan.id}/versions")
        self.assertNotIn("We wonen bij oma", response.text)
        self.assertTrue(response.url.endswith("/my") or "/my" in response.url)
