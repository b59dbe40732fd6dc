from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import selection_labels
from .domain_access import check_domain_field_access, check_read_group_field_access
from .fgp_family_draft_mixin import FAMILY_DEPENDS_CONTEXT

# Who may read a person's contact details on the plan's records.
INTERNAL_GROUP = "base.group_user"


class FgpNetworkMember(models.Model):
    """A person of the family's social network, on the organisation's own contacts."""

    _name = "fgp.network.member"
    _inherit = ["fgp.access.log.mixin", "fgp.plan.part.mixin"]
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
    # Contact details are for the organisation's own users: consent to share
    # the plan is not consent to share one's phone number or address with the
    # rest of the network, and no portal channel (read, search, group, export,
    # fields_get) reaches a field restricted to internal users.
    phone = fields.Char(related="partner_id.phone", groups=INTERNAL_GROUP)
    email = fields.Char(related="partner_id.email", groups=INTERNAL_GROUP)
    agreement_ids = fields.One2many(
        "fgp.agreement",
        "member_id",
        string="Agreements",
        depends_context=FAMILY_DEPENDS_CONTEXT,
    )

    _sql_constraints = [
        (
            "partner_plan_uniq",
            "unique (plan_id, partner_id)",
            "This person is already in the plan's network.",
        ),
    ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """No probing of contact details by search either."""
        check_domain_field_access(self, domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        """No grouping by contact details either (see domain_access)."""
        check_read_group_field_access(self, groupby, aggregates)
        return super()._read_group(
            domain,
            groupby,
            aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )

    @api.depends("partner_id", "relation", "role", "plan_id.plan_type")
    def _compute_display_name(self):
        roles = selection_labels(self.env, self._name, "role")
        for member in self:
            label = member.relation or member._fgp_role_label(roles)
            name = member.partner_id.name or ""
            member.display_name = f"{name} ({label})" if label else name

    def _fgp_is_client(self):
        """The person a personal plan (Wmo) is about: an adult client, not a
        young person."""
        return self.role == "youth" and self._fgp_about_adult(self.plan_id)

    def _fgp_role_label(self, roles):
        """The role as the plan names it (the back office's 'Client')."""
        if self._fgp_is_client():
            return _("Client")
        return roles.get(self.role, "")

    def onchange(self, values, field_names, fields_spec):
        """The form previews the person (name, phone and e-mail, read as
        superuser for a related field): only a person the user may see."""
        self.env["res.partner"]._fgp_check_may_link([values.get("partner_id")])
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def get_import_templates(self):
        """The import dialog's example file (an organisation's caseload taken
        over from a previous system: fgp_odoo_addon/readme/USAGE.md)."""
        return [
            {
                "label": _("Import template for network members"),
                "template": "/fgp_odoo_addon/static/import/fgp_network_member.csv",
            }
        ]

    @api.model_create_multi
    def create(self, vals_list):
        """A clear message instead of the unique index's error for a double entry."""
        self.env["res.partner"]._fgp_check_may_link(
            vals.get("partner_id") for vals in vals_list
        )
        self._check_not_in_network(
            [(vals.get("plan_id"), vals.get("partner_id")) for vals in vals_list]
        )
        return super().create(vals_list)

    def write(self, vals):
        """Moving a member to another person or plan must not make a double entry."""
        if "partner_id" in vals:
            self.env["res.partner"]._fgp_check_may_link([vals["partner_id"]])
        if "plan_id" in vals or "partner_id" in vals:
            self._check_not_in_network(
                [
                    (
                        vals.get("plan_id", member.plan_id.id),
                        vals.get("partner_id", member.partner_id.id),
                    )
                    for member in self
                ]
            )
        return super().write(vals)

    def _check_not_in_network(self, pairs):
        pairs = [(plan, partner) for plan, partner in pairs if plan and partner]
        if not pairs:
            return
        seen = set()
        doubles = set()
        for pair in pairs:
            (doubles if pair in seen else seen).add(pair)
        existing = self.search(
            [
                ("plan_id", "in", list({plan for plan, _partner in pairs})),
                ("partner_id", "in", list({partner for _plan, partner in pairs})),
                ("id", "not in", self.ids),
            ]
        )
        doubles |= {(m.plan_id.id, m.partner_id.id) for m in existing} & seen
        if doubles:
            plan_id, partner_id = sorted(doubles)[0]
            raise ValidationError(
                _(
                    "%(person)s is already in the network of %(plan)s.",
                    person=self.env["res.partner"].browse(partner_id).display_name,
                    plan=self.env["fgp.plan"].browse(plan_id).display_name,
                )
            )

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
