from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import UserError


class FgpNetworkMemberRelink(models.TransientModel):
    """The professional confirms that a person the family added in the portal
    (a new contact) is the same person as an existing contact of the
    organisation, and links the network member to that contact.

    The family itself never links to an existing contact (fgp_plan_network.py
    portal_add_member): only a professional who may see both, after checking,
    makes the link."""

    _name = "fgp.network.member.relink"
    _description = "Same person as an existing contact"

    member_id = fields.Many2one(
        "fgp.network.member", string="Network member", required=True, ondelete="cascade"
    )
    current_partner_id = fields.Many2one(
        related="member_id.partner_id", string="Contact added by the family"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Existing contact",
        required=True,
        ondelete="cascade",
        domain="[('id', '!=', current_partner_id)]",
        help="The contact of the organisation that is this same person.",
    )
    confirmed = fields.Boolean(
        string="I checked that this is the same person",
        help="For example by phone with the family or the person.",
    )

    def onchange(self, values, field_names, fields_spec):
        """The form previews the contact (read as superuser): only one the user
        may see."""
        self.env["res.partner"]._fgp_check_may_link([values.get("partner_id")])
        return super().onchange(values, field_names, fields_spec)

    def action_relink(self):
        """Link the member to the existing contact; the family's new contact
        is archived when nothing else uses it."""
        self.ensure_one()
        if not self.confirmed:
            raise UserError(_("First check and confirm that this is the same person."))
        member = self.member_id
        old = member.partner_id
        if self.partner_id == old:
            raise UserError(_("Choose another contact than the one added."))
        # With the professional's own rights: they must be able to change the
        # member and to see the existing contact (fgp.network.member.write).
        member.write({"partner_id": self.partner_id.id})
        member.plan_id.message_post(
            body=Markup("<p>%s</p>")
            % _(
                "%(member)s is the same person as the existing contact "
                "%(partner)s: the network member is linked to that contact.",
                member=old.name,
                partner=self.partner_id.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        # sudo: whether anything else uses the contact the family added; it is
        # archived only when nothing does
        old = old.sudo()
        if not (old.user_ids or old.fgp_member_ids or old.fgp_youth_plan_ids):
            old.active = False
        return {"type": "ir.actions.act_window_close"}
