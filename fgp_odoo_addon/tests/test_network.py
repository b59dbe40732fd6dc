from odoo import Command

from .common import FgpCommon


class TestNetwork(FgpCommon):
    """The network lives on the organisation's own contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._new_plan()

    def test_member_from_new_contact(self):
        """A person not yet in the contacts is created on the fly and joins."""
        Partner = self.env["res.partner"].with_user(self.professional)
        partner_id, _name = Partner.name_create("Kees de Voetbaltrainer")
        self.plan.with_user(self.professional).write(
            {
                "network_member_ids": [
                    Command.create(
                        {
                            "partner_id": partner_id,
                            "role": "volunteer",
                            "relation": "voetbaltrainer",
                        }
                    )
                ]
            }
        )
        member = self.plan.network_member_ids.filtered(
            lambda m: m.partner_id.id == partner_id
        )
        self.assertEqual(member.display_name, "Kees de Voetbaltrainer (voetbaltrainer)")
        self.assertEqual(self.plan.network_member_count, 3)

    def test_member_reuses_contact(self):
        """The same contact takes part in several plans without being duplicated."""
        other = self._new_plan(name="Plan familie Twee")
        self.assertEqual(
            other.network_member_ids.partner_id, self.plan.network_member_ids.partner_id
        )
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "=", "Oma Testfamilie")]), 1
        )

    def test_designated_on_screen(self):
        """A network line switched on as designated in the form is the plan's
        designated contact on screen, before saving; saved, it stays."""
        self.plan.network_member_ids.is_designated = False
        plan = self.plan.with_user(self.professional)
        chosen = plan.network_member_ids[1]
        screen = plan.new(origin=plan)
        screen.network_member_ids.filtered(
            lambda m: m._origin == chosen
        ).is_designated = True
        self.assertEqual(screen.designated_member_id._origin, chosen)
        self.assertFalse(plan.designated_member_id)
        chosen.is_designated = True
        self.assertEqual(plan.designated_member_id, chosen)

    def test_display_name_falls_back_to_role(self):
        """Without a relation the member reads as name and role."""
        member = self.env["fgp.network.member"].create(
            {
                "plan_id": self.plan.id,
                "partner_id": self.neighbour.id,
                "role": "neighbour",
            }
        )
        self.assertEqual(member.display_name, "Buurvrouw Testfamilie (Neighbour)")

    def test_contact_smart_button(self):
        """A contact's 'Family plans' lists the plans they take part in, with role."""
        other = self._new_plan(name="Plan familie Twee", youth_ids=[])
        unrelated = self._new_plan(
            name="Plan familie Drie", youth_ids=[], network_member_ids=[]
        )
        grandma = self.grandma.with_user(self.professional)
        self.assertEqual(grandma.fgp_plan_count, 2)
        youth = self.youth.with_user(self.professional)
        self.assertEqual(youth.fgp_plan_count, 1)
        action = grandma.action_view_fgp_plans()
        Plan = self.env["fgp.plan"].with_user(self.professional)
        plans = Plan.with_context(**action["context"]).search(action["domain"])
        self.assertEqual(plans, self.plan | other)
        self.assertNotIn(unrelated, plans)
        self.assertEqual(
            plans.mapped("fgp_partner_role"), ["Relative (oma), designated contact"] * 2
        )
        youth_plans = Plan.with_context(
            **youth.action_view_fgp_plans()["context"]
        ).search(youth.action_view_fgp_plans()["domain"])
        self.assertEqual(youth_plans, self.plan)
        self.assertEqual(youth_plans.fgp_partner_role, "Young person / client")
        self.env["ir.ui.view"].browse(action["views"][0][0]).ensure_one()

    def test_smart_button_respects_access(self):
        """A professional of another team does not count plans they cannot see."""
        outsider = self.env["res.users"].create(
            {
                "name": "Andere Hulpverlener",
                "login": "fgp_test_outsider",
                "groups_id": [
                    Command.set(
                        [self.env.ref("fgp_odoo_addon.group_fgp_professional").id]
                    )
                ],
            }
        )
        self.assertEqual(self.grandma.with_user(outsider).fgp_plan_count, 0)

    def test_evaluation_sets_next_date(self):
        """The latest evaluation's next date becomes the plan's next evaluation."""
        Evaluation = self.env["fgp.plan.evaluation"]
        Evaluation.create(
            {
                "plan_id": self.plan.id,
                "date": "2026-01-10",
                "score": 4,
                "next_date": "2026-02-10",
            }
        )
        Evaluation.create(
            {
                "plan_id": self.plan.id,
                "date": "2026-02-10",
                "kind": "network_meeting",
                "score": 6,
                "next_date": "2026-04-01",
            }
        )
        self.assertEqual(str(self.plan.date_next_evaluation), "2026-04-01")

    def test_counters(self):
        """Smart-button counters count members, agreements and overdue ones."""
        member = self.plan.designated_member_id
        Agreement = self.env["fgp.agreement"]
        self.plan.date_offered = "2026-01-01"
        Agreement.create(
            {
                "plan_id": self.plan.id,
                "description": "Oma haalt Noor op.",
                "member_id": member.id,
                "deadline": "2026-01-02",
            }
        )
        Agreement.create(
            {
                "plan_id": self.plan.id,
                "description": "Buurthuis: huiswerkklas.",
                "source": "community",
            }
        )
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.network_member_count, 2)
        self.assertEqual(self.plan.agreement_count, 2)
        self.assertEqual(self.plan.overdue_agreement_count, 1)
