from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .fgp_family_draft_mixin import FAMILY_DEPENDS_CONTEXT


class FgpHelpQuestion(models.Model):
    _name = "fgp.help.question"
    _inherit = [
        "fgp.family.draft.mixin",
        "fgp.access.log.mixin",
        "fgp.plan.part.mixin",
    ]
    _description = "Help question"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Help question", required=True)
    sequence = fields.Integer(default=10)
    agreement_ids = fields.One2many(
        "fgp.agreement",
        "question_id",
        string="Agreements",
        depends_context=FAMILY_DEPENDS_CONTEXT,
    )
    agreement_count = fields.Integer(compute="_compute_agreement_count")

    @api.constrains("name")
    def _check_name(self):
        for question in self:
            if not (question.name or "").strip():
                raise ValidationError(_("Write down the help question."))

    def _compute_agreement_count(self):
        counts = dict(
            self.env["fgp.agreement"]._read_group(
                [("question_id", "in", self.ids)], ["question_id"], ["__count"]
            )
        )
        for question in self:
            question.agreement_count = counts.get(question, 0)
