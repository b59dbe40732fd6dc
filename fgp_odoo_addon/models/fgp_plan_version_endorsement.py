from odoo import fields, models


class FgpPlanVersion(models.Model):
    """The version the family submitted when it said "ons plan is klaar", and
    who of the network stands behind each version."""

    _inherit = "fgp.plan.version"

    trigger = fields.Selection(
        selection_add=[("ready", "Plan ready (family)")],
        ondelete={"ready": "cascade"},
    )
    endorsement_ids = fields.One2many(
        "fgp.plan.endorsement", "version_id", string="Stands behind the plan"
    )
