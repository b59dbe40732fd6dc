"""The follow-up world (world.py: follow_up_team, follow_up_family) as a
TransactionCase, with the follow-up job's outputs to look at."""

from odoo.tests import TransactionCase

from .world import follow_up_family, follow_up_plan, follow_up_team


class FollowUpCase(TransactionCase):
    """An active plan with a network and its designated contact, made in January
    2026; tests move the date with freezegun or pass it to the job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        follow_up_team(cls)
        follow_up_family(cls)

    @classmethod
    def _make_active_plan(cls, name, designated=True):
        return follow_up_plan(cls, name, designated=designated)

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
