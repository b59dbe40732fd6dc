from odoo import fields, models


class FgpProfessionalNote(models.Model):
    """What a professional records about a plan. Deliberately not a mail.thread:
    a note must never reach the plan's chatter, its followers or the portal."""

    _name = "fgp.professional.note"
    _inherit = ["fgp.access.log.mixin"]
    _description = "Professional note"
    _order = "date desc, id desc"

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    author_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Char(string="Subject")
    body = fields.Html(string="Note")
    visibility = fields.Selection(
        [
            ("team", "Case file (team)"),
            ("personal", "Working notes (only me)"),
        ],
        required=True,
        default="team",
        index=True,
    )
    team_id = fields.Many2one(related="plan_id.team_id", store=True, index=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "fgp_professional_note_attachment_rel",
        "note_id",
        "attachment_id",
        string="Attachments",
    )
