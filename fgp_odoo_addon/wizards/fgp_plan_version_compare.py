from odoo import api, fields, models


class FgpPlanVersionCompare(models.TransientModel):
    """Two versions of a plan side by side, differences highlighted."""

    _name = "fgp.plan.version.compare"
    _description = "Compare plan versions"
    _inherit = ["fgp.plan.part.mixin"]

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade")
    version_a_id = fields.Many2one(
        "fgp.plan.version",
        string="Version",
        required=True,
        ondelete="cascade",
        domain="[('plan_id', '=', plan_id)]",
    )
    version_b_id = fields.Many2one(
        "fgp.plan.version",
        string="Compared with",
        required=True,
        ondelete="cascade",
        domain="[('plan_id', '=', plan_id)]",
    )
    comparison_html = fields.Html(
        string="Comparison", compute="_compute_comparison_html", sanitize=False
    )

    @api.depends("version_a_id", "version_b_id")
    def _compute_comparison_html(self):
        for wizard in self:
            if wizard.version_a_id and wizard.version_b_id:
                wizard.comparison_html = wizard.version_a_id._render_comparison(
                    wizard.version_b_id
                )
            else:
                wizard.comparison_html = False
