from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "fgp_http")
class TestPracticeTour(HttpCase):
    """What a professional clicks: consent in one step from the network tab,
    and the safety-condition dialog."""

    def test_consent_and_safety_dialogs(self):
        professional = new_test_user(
            self.env,
            login="fgp_tour_professional",
            groups="fgp_odoo_addon.group_fgp_safety",
        )
        team = self.env["fgp.team"].create(
            {"name": "Sociaal team Tour", "member_ids": [Command.set(professional.ids)]}
        )
        Partner = self.env["res.partner"]
        client = Partner.create({"name": "Gerard Smit"})
        daughter = Partner.create({"name": "Ineke Smit"})
        plan = self.env["fgp.plan"].create(
            {
                "name": "Persoonlijk plan meneer Smit",
                "plan_type": "personal",
                "team_id": team.id,
                "professional_id": professional.id,
                "youth_ids": [Command.set(client.ids)],
                "network_member_ids": [
                    Command.create(
                        {"partner_id": client.id, "role": "youth"},
                    ),
                    Command.create(
                        {"partner_id": daughter.id, "role": "relative"},
                    ),
                ],
            }
        )
        self.start_tour(
            f"/odoo/action-fgp_odoo_addon.fgp_plan_action/{plan.id}",
            "fgp_consent_and_safety_dialogs",
            login=professional.login,
        )
        member = plan.network_member_ids.filtered(lambda m: m.partner_id == daughter)
        self.assertTrue(member.consent_youth_date)
        self.assertTrue(member.consent_date, "the client's consent suffices")
        self.assertFalse(member.consent_parents_date)
        self.assertEqual(len(plan.safety_condition_ids), 1, "no duplicate condition")
        self.assertEqual(plan.open_condition_count, 1)
