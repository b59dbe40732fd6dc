from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext


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

    def _fgp_text(self):
        return (self.name or "", html2plaintext(self.body or "").strip())

    def write(self, vals):
        """A chapter of an active plan rewritten: the safety conditions assessed
        on it are assessed again (fgp_plan_safety_review.py)."""
        before = {section.id: section._fgp_text() for section in self}
        res = super().write(vals)
        if {"name", "body"} & set(vals):
            for section in self.filtered(lambda s: s._fgp_text() != before[s.id]):
                section.plan_id._fgp_reassess_safety(
                    section,
                    _("Chapter '%(name)s' was changed.", name=section.name),
                )
        return res

    def unlink(self):
        """A chapter of an active plan removed: as rewritten."""
        for section in self:
            section.plan_id._fgp_reassess_safety(
                section, _("Chapter '%(name)s' was removed.", name=section.name)
            )
        return super().unlink()
