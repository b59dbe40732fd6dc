from odoo import _, api, models
from odoo.exceptions import AccessError


class FgpInternalThreadMixin(models.AbstractModel):
    """The chatter of a family's file belongs to the organisation.

    Odoo's mail and portal routes (``/mail/thread/data``, ``/mail/message/post``,
    ``/mail/attachment/upload``, ``/portal/chatter_init``, ``/mail/chatter_fetch``,
    the message avatars ...) all ask ``_get_thread_with_access`` whether the
    caller may reach a record's chatter, its activities, followers and
    attachments; the portal adds that an access token, or a hash and a partner
    id, opens it to anyone who has them. For the family's file that is a key
    anyone can forward. Here share users (portal and public) never reach the
    thread, whatever they send, and internal users only by their own rights:
    tokens, hashes and pids are dropped. The family reaches its plan through
    ``/my/plans`` only, where it must be a network member with consent.
    Messages themselves are closed to share users by a record rule
    (security/fgp_portal_security.xml), so no message route opens them either.
    """

    _name = "fgp.internal.thread.mixin"
    _description = "Chatter for the organisation only"
    _inherit = ["mail.thread"]

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """No /mail/* route reaches the chatter of an fgp record for a portal or
        share user."""
        if not self.env.user._is_internal():
            return self.browse()
        return super()._get_thread_with_access(thread_id, mode)

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, *, author_id=None, email_from=None, **kwargs):
        """A message on a family's file is by whoever is logged in: a call that
        names another author (or an e-mail address Odoo would take the author
        from) is refused. Server code (the mail gateway, the follow-up job,
        the portal's notes in the family's name) runs as superuser."""
        own = self.env.user.partner_id.id
        if not self.env.is_superuser():
            if author_id and author_id != own:
                raise AccessError(_("You can only post a message in your own name."))
            # The sender's address follows from the author, not from the call.
            email_from = None
        return super().message_post(
            author_id=author_id, email_from=email_from, **kwargs
        )
