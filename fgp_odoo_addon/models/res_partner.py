from odoo import api, fields, models

from .domain_access import check_domain_field_access


class ResPartner(models.Model):
    _inherit = "res.partner"

    fgp_member_ids = fields.One2many(
        "fgp.network.member",
        "partner_id",
        string="Family plan roles",
        groups="fgp_odoo_addon.group_fgp_professional",
    )
    fgp_plan_count = fields.Integer(
        string="Family plans",
        compute="_compute_fgp_plan_count",
        groups="fgp_odoo_addon.group_fgp_professional",
    )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Colleagues outside family plans cannot find out by search who is in a
        family's network."""
        check_domain_field_access(self, domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

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
