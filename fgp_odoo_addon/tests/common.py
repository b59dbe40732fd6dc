from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# The route through the lifecycle to each state, as the buttons take it.
ROUTE = {
    "offered": [],
    "preparing": ["action_prepare"],
    "submitted": ["action_prepare", "action_submit"],
    "active": ["action_prepare", "action_submit", "action_activate"],
    "closed": ["action_prepare", "action_submit", "action_activate", "action_close"],
    "declined": ["action_decline"],
    "exempt": ["action_exempt"],
}


class FgpCommon(TransactionCase):
    """A team with a professional and an authorised professional, and a way to bring
    a plan to any state through the real transitions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.professional = new_test_user(
            cls.env,
            login="fgp_test_hulpverlener",
            name="Test Hulpverlener",
            groups="fgp_odoo_addon.group_fgp_professional",
        )
        cls.safety_user = new_test_user(
            cls.env,
            login="fgp_test_bevoegd",
            name="Test Bevoegd",
            groups="fgp_odoo_addon.group_fgp_safety",
        )
        cls.team = cls.env["fgp.team"].create(
            {
                "name": "Testteam Centrum",
                "member_ids": [Command.set([cls.professional.id, cls.safety_user.id])],
            }
        )
        Partner = cls.env["res.partner"]
        cls.youth = Partner.create({"name": "Noor Testfamilie"})
        cls.mother = Partner.create({"name": "Eva Testfamilie"})
        cls.grandma = Partner.create({"name": "Oma Testfamilie"})
        cls.neighbour = Partner.create({"name": "Buurvrouw Testfamilie"})

    @classmethod
    def _new_plan(cls, name="Plan familie Test", **vals):
        return (
            cls.env["fgp.plan"]
            .with_user(cls.professional)
            .create(
                dict(
                    {
                        "name": name,
                        "team_id": cls.team.id,
                        "professional_id": cls.professional.id,
                        "youth_ids": [Command.set(cls.youth.ids)],
                        "network_member_ids": [
                            Command.create(
                                {
                                    "partner_id": cls.mother.id,
                                    "role": "parent",
                                    "relation": "moeder",
                                }
                            ),
                            Command.create(
                                {
                                    "partner_id": cls.grandma.id,
                                    "role": "relative",
                                    "relation": "oma",
                                    "is_designated": True,
                                }
                            ),
                        ],
                        "section_ids": [
                            Command.create(
                                {
                                    "name": "Veiligheid",
                                    "body": "<p>Oma is er als het thuis niet gaat.</p>",
                                }
                            )
                        ],
                        "decline_reason": "We lossen het liever zelf op.",
                        "exemption_reason": "harms_youth",
                        "exemption_motivation": "Concrete bedreiging van de jeugdige.",
                    },
                    **vals,
                )
            )
        )

    @classmethod
    def _plan_in(cls, state, **vals):
        plan = cls._new_plan(name=f"Plan {state}", **vals)
        for action in ROUTE[state]:
            getattr(plan, action)()
        assert plan.state == state, (plan.state, state)
        return plan

    @contextmanager
    def assertRaisesMsg(self, exception, regex):
        """Like assertRaisesRegex, inside Odoo's savepoint: a refused change leaves
        nothing half-written behind."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)
