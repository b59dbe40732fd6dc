from odoo import _, api, models
from odoo.exceptions import AccessError

# What a message records of who wrote it, when, and on which record: set by the
# product when the message is posted, never typed in afterwards.
MESSAGE_SYSTEM_FIELDS = (
    "author_id",
    "author_guest_id",
    "email_from",
    "date",
    "model",
    "res_id",
    "message_type",
    "subtype_id",
)


class MailMessage(models.Model):
    """Who wrote what on a family's file is who was logged in when it was
    written (see fgp.system.fields.mixin for the family-plan models' own
    fields): a message on a family-plan record cannot be made, by an RPC call,
    in a colleague's or a parent's name, nor be rewritten or moved to another
    record afterwards. Server code (the mail gateway, the follow-up job, the
    portal's notes in the family's name) runs as superuser."""

    _inherit = "mail.message"

    @api.model
    def _fgp_check_authorship(self, model_names, fnames):
        if self.env.is_superuser() or not set(fnames) & set(MESSAGE_SYSTEM_FIELDS):
            return
        if any((name or "").startswith("fgp.") for name in model_names):
            raise AccessError(
                _(
                    "A message on a family plan is recorded as it was written: "
                    "its author, date and record cannot be changed."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        """A message made by hand on a family-plan record is by its writer."""
        own = self.env.user.partner_id.id
        for vals in vals_list:
            # No author means the writer (Odoo's default); the sender's address
            # is the author's, message_post sees to it.
            forged = [
                fname
                for fname in ("author_id", "author_guest_id")
                if fname in vals
                and vals[fname] != (own if fname == "author_id" else False)
            ]
            self._fgp_check_authorship([vals.get("model")], forged)
        return super().create(vals_list)

    def write(self, vals):
        """Nobody rewrites who wrote a message on a family-plan record, nor
        moves it to another record."""
        # sudo: only which records the messages are on, to decide the check
        self._fgp_check_authorship(
            self.sudo().mapped("model") + [vals.get("model")], vals
        )
        return super().write(vals)
