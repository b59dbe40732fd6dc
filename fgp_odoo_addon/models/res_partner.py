from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    fgp_member_ids = fields.One2many(
        "fgp.network.member",
        "partner_id",
        string="Family plan roles",
        groups="fgp_odoo_addon.group_fgp_professional",
    )
    fgp_birthdate = fields.Date(
        string="Date of birth",
        groups="fgp_odoo_addon.group_fgp_professional",
        help="Decides whose consent is needed to share a young person's plan "
        "(Jeugdwet art. 7.3.11): under 12 the parents, 12 to 15 the young "
        "person and the parents, from 16 the young person alone.",
    )
    fgp_plan_count = fields.Integer(
        string="Family plans",
        compute="_compute_fgp_plan_count",
        groups="fgp_odoo_addon.group_fgp_professional",
    )

    def _compute_fgp_plan_count(self):
        counts = dict(
            self.env["fgp.network.member"]._read_group(
                [("partner_id", "in", self.ids)],
                ["partner_id"],
                ["plan_id:count_distinct"],
            )
        )
        for partner in self:
            partner.fgp_plan_count = counts.get(partner, 0)

    def action_view_fgp_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fgp_odoo_addon.fgp_network_member_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_group_by_plan": 0}
        return action
