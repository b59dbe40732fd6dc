from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from .fgp_network_member_consent import YOUTH_TOO_AGE
from .fgp_plan_portal import PORTAL_DONE_FROM, PORTAL_MAX_TEXT

# The messages between the family and its professional on the plan page.
FAMILY_MESSAGE_SUBTYPE = "fgp_odoo_addon.mt_fgp_family_message"
# How many of them the plan page shows (the newest).
FAMILY_MESSAGE_LIMIT = 50
# Youth participation levels: a young person who writes their own words in the
# plan is one of its authors.
YOUTH_CO_AUTHOR = "co_author"


class FgpPlan(models.Model):
    """The support the family gets in the portal: its young person's own words,
    messages with the professional, and taking back "I did this" the same day.

    As in fgp_plan_portal.py, every method acting for a portal user checks first
    that the user is a consented network member of this plan, and then writes
    with sudo(); every write is in the chatter (or the family's draft) and in
    the access log (fgp.access.log.mixin)."""

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    youth_voice_by_id = fields.Many2one(
        "res.users",
        string="Own words written by",
        readonly=True,
        copy=False,
        help="The young person who wrote these words in the portal themselves. "
        "Cleared when someone else changes the text.",
    )
    youth_voice_date = fields.Datetime(
        string="Own words written on",
        readonly=True,
        copy=False,
    )

    def _fgp_system_values(self, vals):
        """The young person's words are theirs only as long as they wrote the
        text: another change clears who wrote it (the portal passes its own)."""
        values = super()._fgp_system_values(vals)
        if "youth_voice" in vals:
            values.update(youth_voice_by_id=False, youth_voice_date=False)
        return values

    # ------------------------------------------------------------------
    # The young person's own words
    # ------------------------------------------------------------------
    def _portal_youth_member(self):
        """The current user's member when they are one of this plan's young
        people, 12 or older: only they write the plan's own words."""
        member = self._portal_member()
        # sudo: whether the user is one of the plan's young people, and their age
        partner = self.env.user.partner_id.sudo()
        if partner not in self.sudo().youth_ids:
            return self.env["fgp.network.member"]
        birthdate = partner.fgp_birthdate
        today = fields.Date.context_today(self)
        if not birthdate or relativedelta(today, birthdate).years < YOUTH_TOO_AGE:
            return self.env["fgp.network.member"]
        return member

    def portal_save_youth_voice(self, youth_voice):
        """The young person writes what they want, in their own words; the
        plan records that these words are theirs, and counts them as taking
        part (youth participation: co-author)."""
        self._portal_check_writable()
        text = self._portal_text(
            youth_voice, PORTAL_MAX_TEXT, _("Write your own words first.")
        )
        if not self._portal_youth_member():
            raise UserError(
                _("Only the young person (12 or older) writes these own words.")
            )
        # sudo: portal users cannot write the plan; only the young person's own
        # words, who wrote them and when, and their participation are written
        plan = self.sudo()
        vals = {"youth_voice": text}
        if plan.youth_participation != YOUTH_CO_AUTHOR:
            vals["youth_participation"] = YOUTH_CO_AUTHOR
        plan.write(
            dict(
                vals,
                youth_voice_by_id=self.env.uid,
                youth_voice_date=fields.Datetime.now(),
            )
        )
        self._portal_touch(
            self._portal_note(_("The young person wrote their own words."), text),
            False,
        )
        return True

    # ------------------------------------------------------------------
    # Messages with the professional
    # ------------------------------------------------------------------
    def _fgp_family_message_domain(self):
        return [
            ("model", "=", "fgp.plan"),
            ("res_id", "=", self.id),
            ("message_type", "=", "comment"),
            ("subtype_id", "=", self.env.ref(FAMILY_MESSAGE_SUBTYPE).id),
        ]

    def portal_send_message(self, body):
        """A network member writes to the professional: a message of its own
        kind on the plan (never a note), which every consented member reads on
        the plan page and the professional in the chatter."""
        self._portal_member()
        text = self._portal_text(body, PORTAL_MAX_TEXT, _("Write your message first."))
        # sudo: portal users cannot post on the plan; the message is authored by
        # their own partner and notifies the case professional
        plan = self.sudo()
        message = plan.message_post(
            body=plaintext2html(text),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid=FAMILY_MESSAGE_SUBTYPE,
            partner_ids=plan.professional_id.partner_id.ids,
        )
        self._fgp_log("write")
        return message

    def _portal_family_messages(self):
        """The messages between the family and the professional, oldest first,
        for a consented member (the caller checked): author, date, text."""
        self._portal_member()
        # sudo: share users read no fgp message (record rule); only the family
        # messages of this plan are read here, for its consented member
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                self._fgp_family_message_domain(),
                order="date desc, id desc",
                limit=FAMILY_MESSAGE_LIMIT,
            )
        )
        return messages.sorted(lambda m: (m.date, m.id))

    def action_fgp_message_family(self):
        """The professional answers the family: Odoo's composer, with the
        message kind the family reads on its plan page."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Message to the family"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_message_type": "comment",
                "default_subtype_id": self.env.ref(FAMILY_MESSAGE_SUBTYPE).id,
            },
        }

    # ------------------------------------------------------------------
    # Taking back "I did this"
    # ------------------------------------------------------------------
    def portal_undo_done(self, agreement_id):
        """A member takes back "I did this" on their own agreement, the same
        day: a tap by mistake on a phone is put right without the professional."""
        member = self._portal_check_writable()
        agreement = self._portal_child("fgp.agreement", agreement_id)
        if agreement.member_id != member:
            raise AccessError(_("You can only change your own agreements."))
        today = fields.Date.context_today(self)
        if agreement.state != "done" or agreement.date_done != today:
            raise UserError(
                _("You can only take this back on the day you marked it done.")
            )
        draft = bool(agreement.is_family_draft)
        agreement.with_context(**self._portal_env_context(draft)).write(
            {"state": PORTAL_DONE_FROM[0]}
        )
        self._portal_touch(
            self._portal_note(
                _("Agreement not done after all."), agreement.description
            ),
            draft,
        )
        return agreement
