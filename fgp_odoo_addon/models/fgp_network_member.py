from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class FgpNetworkMember(models.Model):
    """A person of the family's social network, on the organisation's own contacts."""

    _name = "fgp.network.member"
    _inherit = ["fgp.access.log.mixin"]
    _description = "Network member"
    _order = "plan_id, is_designated desc, role, id"

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, ondelete="restrict", index=True
    )
    role = fields.Selection(
        [
            ("parent", "Parent"),
            ("youth", "Young person"),
            ("relative", "Relative"),
            ("friend", "Friend"),
            ("neighbour", "Neighbour"),
            ("volunteer", "Volunteer"),
            ("professional", "Professional"),
            ("coordinator", "Coordinator"),
            ("other", "Other"),
        ],
        required=True,
        default="relative",
    )
    relation = fields.Char(
        help="In the family's words, for example 'oma' or 'buurvrouw'."
    )
    is_designated = fields.Boolean(
        string="Designated contact",
        help="The person the network designated to convene it when agreements "
        "are not kept.",
    )
    consent_date = fields.Date(
        string="Consent to share",
        help="Date the family consented to share the plan with this person.",
    )
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    agreement_ids = fields.One2many("fgp.agreement", "member_id", string="Agreements")

    _sql_constraints = [
        (
            "partner_plan_uniq",
            "unique (plan_id, partner_id)",
            "This person is already in the plan's network.",
        ),
    ]

    @api.depends("partner_id", "relation", "role")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for member in self:
            label = member.relation or roles.get(member.role, "")
            name = member.partner_id.name or ""
            member.display_name = f"{name} ({label})" if label else name

    @api.constrains("is_designated", "plan_id")
    def _check_one_designated(self):
        plans = self.filtered("is_designated").plan_id
        if not plans:
            return
        counts = self._read_group(
            [("plan_id", "in", plans.ids), ("is_designated", "=", True)],
            ["plan_id"],
            ["__count"],
        )
        for plan, count in counts:
            if count > 1:
                raise ValidationError(
                    _(
                        "%(plan)s can have only one designated contact. Remove the "
                        "designation of the other person first.",
                        plan=plan.name,
                    )
                )
