from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class FgpPlanSection(models.Model):
    """A chapter of the plan: the family chooses, names and orders them."""

    _name = "fgp.plan.section"
    _description = "Plan chapter"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Chapter", required=True)
    sequence = fields.Integer(default=10)
    body = fields.Html(string="Text")
    is_family_draft = fields.Boolean(
        string="Family draft",
        index=True,
        copy=False,
        help="Written by the family in the portal while the plan is being prepared "
        "and not shared yet: professionals do not see it until the family shares it.",
    )

    @api.constrains("name")
    def _check_name(self):
        for section in self:
            if not (section.name or "").strip():
                raise ValidationError(_("Give the chapter a title."))
