from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

NOTE_MODEL = "fgp.professional.note"


class FgpProfessionalNote(models.Model):
    """What a professional records about a plan. Deliberately not a mail.thread:
    a note must never reach the plan's chatter, its followers or the portal."""

    _name = NOTE_MODEL
    _inherit = [
        "fgp.access.log.mixin",
        "fgp.plan.part.mixin",
        "fgp.system.fields.mixin",
    ]
    _description = "Professional note"
    _order = "date desc, id desc"
    # A note is written by the current user: nobody writes in another's name.
    _fgp_system_fields = ("author_id",)

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    author_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
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

    @api.model_create_multi
    def create(self, vals_list):
        """The note's files follow the note's record rules (see
        _attach_attachments)."""
        notes = super().create(vals_list)
        notes._attach_attachments()
        return notes

    def write(self, vals):
        """Files added later follow the note's record rules too."""
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._attach_attachments()
        return res

    def _attach_attachments(self):
        """Bind the note's attachments to the note (res_model/res_id), so that
        ir.attachment's access check follows the note's record rules, also for
        files uploaded before the note was saved (res_id 0)."""
        for note in self:
            # sudo to see every linked file, also ones the user may not read, so
            # that a foreign file cannot be slipped in unnoticed; nothing is
            # written or returned with sudo.
            foreign = note.sudo().attachment_ids.filtered(
                lambda a, note=note: (a.res_model, a.res_id) != (NOTE_MODEL, note.id)
            )
            if not foreign:
                continue
            pending = foreign.filtered(
                lambda a: not a.res_id
                and a.res_model in (False, NOTE_MODEL)
                and (self.env.su or a.create_uid.id == self.env.uid)
            )
            if foreign - pending:
                raise AccessError(
                    _(
                        "Only files you uploaded for this note can be attached to "
                        "it; attach a copy instead."
                    )
                )
            # As the user again: the uploader may write their unbound upload, and
            # binding it needs write access to the note (ir.attachment.check).
            pending.sudo(False).write({"res_model": NOTE_MODEL, "res_id": note.id})

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        """Professional notes never leave Odoo through an export, neither their
        own nor through a path from another model (plan_id/note_ids/...)."""
        raise UserError(_("Professional notes cannot be exported."))
