from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class PrivacyCommon(TransactionCase):
    """A team with a professional, a manager, an administrator, a log manager
    and a plan of the team with a young person, a parent, a note and a
    safety condition."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.professional = new_test_user(
            cls.env,
            login="priv_professional",
            groups="fgp_odoo_addon.group_fgp_safety,base.group_allow_export",
        )
        cls.manager = new_test_user(
            cls.env, login="priv_manager", groups="fgp_odoo_addon.group_fgp_manager"
        )
        cls.admin = new_test_user(
            cls.env, login="priv_admin", groups="fgp_odoo_addon.group_fgp_admin"
        )
        cls.log_manager = new_test_user(
            cls.env,
            login="priv_log_manager",
            groups="fgp_odoo_addon.group_fgp_log_manager,base.group_allow_export",
        )
        cls.team = cls.env["fgp.team"].create(
            {
                "name": "Wijkteam Privacy",
                "manager_id": cls.manager.id,
                "member_ids": [Command.set(cls.professional.ids)],
            }
        )
        Partner = cls.env["res.partner"]
        cls.youth = Partner.create({"name": "Noor Visser"})
        cls.parent = Partner.create({"name": "Eva Visser"})
        cls.plan = cls.env["fgp.plan"].create(
            {
                "name": "Plan familie Visser",
                "team_id": cls.team.id,
                "professional_id": cls.professional.id,
                "youth_ids": [Command.set(cls.youth.ids)],
            }
        )
        cls.member = cls.env["fgp.network.member"].create(
            {"plan_id": cls.plan.id, "partner_id": cls.parent.id, "role": "parent"}
        )
        cls.note = (
            cls.env["fgp.professional.note"]
            .with_user(cls.professional)
            .create({"plan_id": cls.plan.id, "name": "Huisbezoek", "body": "<p>x</p>"})
        )
        cls.condition = cls.env["fgp.safety.condition"].create(
            {"plan_id": cls.plan.id, "description": "Geen alcohol in huis"}
        )

    def _entries(self, operation=None, records=None):
        domain = []
        if operation:
            domain.append(("operation", "=", operation))
        if records is not None:
            domain += [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        return self.env["fgp.access.log"].sudo().search(domain)
