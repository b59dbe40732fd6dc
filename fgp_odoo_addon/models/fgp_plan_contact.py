from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class FgpPlan(models.Model):
    """Who is called when the network's designated contact is the one who did
    not keep an agreement: they cannot be asked to convene the network about
    themselves. The network names a second contact; without one, the case
    professional calls a parent in the network; without a parent, the job asks
    the professional to have the network name a second contact."""

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    second_member_id = fields.Many2one(
        "fgp.network.member",
        string="Second contact",
        index="btree_not_null",
        tracking=True,
        domain="[('plan_id', '=', id), ('is_designated', '=', False)]",
        help="Called instead of the designated contact when the designated "
        "contact is the one who did not keep an agreement.",
    )

    @api.constrains("second_member_id", "network_member_ids")
    def _check_second_member(self):
        for plan in self.filtered("second_member_id"):
            member = plan.second_member_id
            if member.plan_id != plan:
                raise ValidationError(
                    _(
                        "%(member)s is not in the network of %(plan)s and cannot be "
                        "its second contact.",
                        member=member.partner_id.name,
                        plan=plan.name,
                    )
                )
            if member.is_designated:
                raise ValidationError(
                    _(
                        "%(member)s is already the designated contact: choose "
                        "someone else as second contact.",
                        member=member.partner_id.name,
                    )
                )

    def _fgp_missed_by_contact(self, agreement):
        """Whether the designated contact is responsible for ``agreement``."""
        self.ensure_one()
        designated = self.designated_member_id
        return bool(designated) and agreement.member_id == designated

    def _fgp_second_contact(self):
        """The member to call when the designated contact missed an agreement:
        the second contact, else a parent who is not the designated contact."""
        self.ensure_one()
        designated = self.designated_member_id
        if self.second_member_id and self.second_member_id != designated:
            return self.second_member_id
        return self.network_member_ids.filtered(
            lambda m: m.role == "parent" and m != designated
        )[:1]
