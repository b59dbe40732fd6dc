from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class FollowUpCase(TransactionCase):
    """An active plan with a network and its designated contact, made in January
    2026; tests move the date with freezegun or pass it to the job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.professional = new_test_user(
            cls.env,
            login="fgp_follow_prof",
            name="Pim Professional",
            groups="fgp_odoo_addon.group_fgp_professional",
            lang="nl_NL",
            email="pim@example.com",
        )
        cls.manager = new_test_user(
            cls.env,
            login="fgp_follow_manager",
            name="Mira Manager",
            groups="fgp_odoo_addon.group_fgp_manager",
            email="mira@example.com",
        )
        cls.team = cls.env["fgp.team"].create(
            {
                "name": "Wijkteam Follow-up",
                "manager_id": cls.manager.id,
                "member_ids": [Command.link(cls.professional.id)],
            }
        )
        cls.oma = cls.env["res.partner"].create(
            {
                "name": "Oma Bakker",
                "phone": "06 12345678",
                "email": "oma.bakker@example.com",
                "lang": "nl_NL",
            }
        )
        cls.opa = cls.env["res.partner"].create(
            {"name": "Opa Bakker", "email": "opa.bakker@example.com"}
        )
        cls.plan = cls._make_active_plan("Plan familie Bakker", designated=True)
        cls.member_oma = cls.plan.network_member_ids.filtered(
            lambda m: m.partner_id == cls.oma
        )
        cls.member_opa = cls.plan.network_member_ids - cls.member_oma

    @classmethod
    def _make_active_plan(cls, name, designated=True, agreements=1):
        plan = cls.env["fgp.plan"].create(
            {
                "name": name,
                "date_offered": date(2026, 1, 1),
                "team_id": cls.team.id,
                "professional_id": cls.professional.id,
                "network_member_ids": [
                    Command.create(
                        {
                            "partner_id": cls.oma.id,
                            "role": "relative",
                            "relation": "oma",
                            "is_designated": designated,
                            "consent_date": date(2026, 1, 2),
                        }
                    ),
                    Command.create(
                        {
                            "partner_id": cls.opa.id,
                            "role": "relative",
                            "relation": "opa",
                            "consent_date": date(2026, 1, 2),
                        }
                    ),
                ],
                "section_ids": [
                    Command.create(
                        {"name": "Veiligheid", "body": "<p>Thuis veilig</p>"}
                    )
                ],
                "question_ids": [
                    Command.create({"name": "Hoe komt Sanne op school?"}),
                    Command.create({"name": "Wie helpt met geld?"}),
                ],
            }
        )
        plan.action_prepare()
        plan.action_submit()
        plan.action_activate()
        return plan

    def _agreement(
        self, deadline, plan=None, description="Opa brengt Sanne naar school"
    ):
        plan = plan or self.plan
        return self.env["fgp.agreement"].create(
            {
                "plan_id": plan.id,
                "description": description,
                "source": "network",
                "member_id": plan.network_member_ids.filtered(
                    lambda m: m.partner_id == self.opa
                ).id,
                "deadline": deadline,
            }
        )

    def _activities(self, plan=None, xmlid="mail_activity_type_fgp_call_designated"):
        plan = plan or self.plan
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "fgp.plan"),
                ("res_id", "=", plan.id),
                ("activity_type_id", "=", self.env.ref(f"fgp_odoo_addon.{xmlid}").id),
            ]
        )

    def _mails_to(self, partner):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("model", "=", "fgp.agreement")]
        )

    def _run(self, day, **kwargs):
        return self.env["fgp.follow.up"]._cron_follow_up(today=day, **kwargs)
