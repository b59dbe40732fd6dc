from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class FgpPlanSection(models.Model):
    """A chapter of the plan: the family chooses, names and orders them."""

    _name = "fgp.plan.section"
    _inherit = [
        "fgp.family.draft.mixin",
        "fgp.access.log.mixin",
        "fgp.plan.part.mixin",
    ]
    _description = "Plan chapter"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Chapter", required=True)
    sequence = fields.Integer(default=10)
    body = fields.Html(string="Text")
    hint = fields.Html(
        string="Guiding questions",
        help="The basic variant's questions that help the family write this "
        "chapter. They are help, not the family's text: the chapter's text stays "
        "empty until the family writes it.",
    )

    @api.constrains("name")
    def _check_name(self):
        for section in self:
            if not (section.name or "").strip():
                raise ValidationError(_("Give the chapter a title."))
