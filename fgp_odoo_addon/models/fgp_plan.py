from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools import check_storable_text, selection_labels
from .domain_access import check_domain_field_access
from .fgp_family_draft_mixin import FAMILY_DEPENDS_CONTEXT

PROFESSIONAL_GROUP = "fgp_odoo_addon.group_fgp_professional"
ADMIN_GROUP = "fgp_odoo_addon.group_fgp_admin"

# Which states each state may be reached from. `write` enforces it, so an RPC
# call cannot skip a step the buttons would not offer.
ALLOWED_TRANSITIONS = {
    "offered": {"declined"},
    # active -> preparing: the family revises its plan after an evaluation or a
    # network meeting; the agreed version is kept (fgp.plan.version).
    "preparing": {"offered", "submitted", "active"},
    # active -> submitted: a change to what the safety conditions were assessed
    # on sends the plan back to the authorised professional
    # (fgp_plan_safety_review.py).
    "submitted": {"preparing", "active"},
    "active": {"submitted"},
    "closed": {"active"},
    "declined": {"offered"},
    "exempt": {"offered"},
}
# The plan is over: the family can still read it but no longer change it, and
# the retention term of its file runs.
FINISHED_STATES = ("closed", "declined", "exempt")


class FgpPlan(models.Model):
    _name = "fgp.plan"
    _description = "Family group plan"
    _inherit = [
        "fgp.internal.thread.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "fgp.access.log.mixin",
        "fgp.access.log.referenced",
        "fgp.system.fields.mixin",
    ]
    _order = "date_offered desc, id desc"
    # Who offered the plan and when it was accepted, the offer a professional
    # plan follows (reports count offers by it), the last announced evaluation
    # and when the family last changed its draft (fgp_plan_portal.py), who wrote
    # the young person's own words and when (fgp_plan_support.py): recorded by
    # the lifecycle, the daily job and the portal.
    _fgp_system_fields = (
        "offered_by_id",
        "date_accepted",
        "origin_plan_id",
        "evaluation_reminder_date",
        "family_draft_date",
        "youth_voice_by_id",
        "youth_voice_date",
    )

    name = fields.Char(string="Title", required=True, tracking=True)
    active = fields.Boolean(default=True)
    plan_type = fields.Selection(
        [
            ("family_group", "Family group plan (Youth Act)"),
            ("personal", "Personal plan (Social Support Act)"),
            ("own_plan", "Own plan (other situations)"),
        ],
        string="Type",
        required=True,
        default="family_group",
        tracking=True,
    )
    method = fields.Selection(
        [
            ("eigen_kracht", "Eigen Kracht conference"),
            ("signs_of_safety", "Signs of Safety"),
            ("family_network_council", "Family network council"),
            ("own_plan", "Own Plan"),
            ("free_form", "Free form"),
        ],
        required=True,
        default="free_form",
        tracking=True,
    )
    authorship = fields.Selection(
        [
            ("family", "The family's own plan"),
            ("professional", "Professional plan in consultation with the family"),
        ],
        required=True,
        default="family",
        tracking=True,
    )
    state = fields.Selection(
        [
            ("offered", "Offered"),
            ("preparing", "Preparing"),
            ("submitted", "Submitted"),
            ("active", "Active"),
            ("closed", "Closed"),
            ("declined", "Declined"),
            ("exempt", "Exempt"),
        ],
        required=True,
        default="offered",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    decline_reason = fields.Text(
        string="Family's choice",
        tracking=True,
        copy=False,
        help="In the family's words: why it chose not to make its own plan. "
        "Making a plan is a right, not a duty.",
    )
    exemption_reason = fields.Selection(
        [
            ("youth_probation", "Youth probation"),
            ("guardianship", "Guardianship by a certified institution"),
            ("harms_youth", "Harms the youth's safety or development"),
        ],
        tracking=True,
        copy=False,
        groups=PROFESSIONAL_GROUP,
    )
    exemption_motivation = fields.Text(
        tracking=True,
        copy=False,
        groups=PROFESSIONAL_GROUP,
    )
    origin_plan_id = fields.Many2one(
        "fgp.plan",
        string="Follows plan",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The declined or exempt offer this professional plan follows.",
    )
    follow_up_plan_ids = fields.One2many(
        "fgp.plan", "origin_plan_id", string="Professional plans"
    )

    # People
    youth_ids = fields.Many2many(
        "res.partner",
        "fgp_plan_youth_rel",
        "plan_id",
        "partner_id",
        string="Young people / client",
    )
    network_member_ids = fields.One2many(
        "fgp.network.member", "plan_id", string="Network"
    )
    designated_member_id = fields.Many2one(
        "fgp.network.member",
        string="Designated contact",
        compute="_compute_designated_member_id",
        inverse="_inverse_designated_member_id",
        store=True,
        index="btree_not_null",
        domain="[('plan_id', '=', id)]",
        help="The person the network designated: the professional calls them "
        "when agreements are not kept.",
    )
    coordinator_id = fields.Many2one(
        "res.partner",
        string="Independent coordinator",
        tracking=True,
    )
    professional_id = fields.Many2one(
        "res.users",
        string="Case professional",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=lambda self: [("groups_id", "in", self.env.ref(PROFESSIONAL_GROUP).id)],
    )
    offered_by_id = fields.Many2one(
        "res.users",
        string="Offered by",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    team_id = fields.Many2one(
        "fgp.team",
        index=True,
        tracking=True,
        default=lambda self: self.env.user.fgp_team_ids[:1],
    )

    # Content owned by the family
    section_ids = fields.One2many(
        "fgp.plan.section",
        "plan_id",
        string="Chapters",
        depends_context=FAMILY_DEPENDS_CONTEXT,
    )
    question_ids = fields.One2many(
        "fgp.help.question",
        "plan_id",
        string="Help questions",
        depends_context=FAMILY_DEPENDS_CONTEXT,
    )
    agreement_ids = fields.One2many(
        "fgp.agreement",
        "plan_id",
        string="Agreements",
        depends_context=FAMILY_DEPENDS_CONTEXT,
    )
    safety_condition_ids = fields.One2many(
        "fgp.safety.condition", "plan_id", string="Safety conditions"
    )
    evaluation_ids = fields.One2many(
        "fgp.plan.evaluation", "plan_id", string="Evaluations"
    )
    note_ids = fields.One2many(
        "fgp.professional.note",
        "plan_id",
        string="Professional notes",
        groups=PROFESSIONAL_GROUP,
        exportable=False,
    )

    # Youth participation
    youth_participation = fields.Selection(
        [
            ("not_involved", "Not involved"),
            ("informed", "Informed"),
            ("consulted", "Consulted"),
            ("co_author", "Co-author"),
        ],
        required=True,
        default="not_involved",
        tracking=True,
    )
    youth_voice = fields.Text(
        string="In the youth's own words",
        help="What the young person wants, in their own words.",
    )

    # Dates
    date_offered = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        index=True,
    )
    date_conference = fields.Date(string="Conference date", tracking=True)
    date_accepted = fields.Date(readonly=True, copy=False, tracking=True)
    date_next_evaluation = fields.Date(
        string="Next evaluation", tracking=True, index="btree_not_null"
    )
    date_end = fields.Date(string="End date", copy=False, tracking=True)

    # Counters for smart buttons and lists
    network_member_count = fields.Integer(compute="_compute_counts")
    agreement_count = fields.Integer(compute="_compute_counts")
    overdue_agreement_count = fields.Integer(compute="_compute_counts")
    open_condition_count = fields.Integer(
        string="Open safety conditions", compute="_compute_counts"
    )
    user_is_safety = fields.Boolean(
        compute="_compute_user_is_safety",
        help="Technical: the current user may set and assess safety conditions; the "
        "Safety tab is read-only for the others.",
    )
    # A colour index is no figure: not a measure of the pivot and graph views.
    color = fields.Integer(aggregator=False)
    fgp_partner_role = fields.Char(
        string="Role",
        compute="_compute_fgp_partner_role",
        help="The role in this plan of the contact the list was opened from.",
    )

    @api.depends("network_member_ids.is_designated")
    def _compute_designated_member_id(self):
        """Saved plans find their designated members in one grouped query (a
        caseload import adds thousands of members at once, and reading every
        plan's whole network was most of the work); a plan edited in the form
        looks through its network lines as they are on screen."""
        saved = self.filtered("id")
        designated = dict(
            self.env["fgp.network.member"]._read_group(
                [("plan_id", "in", saved.ids), ("is_designated", "=", True)],
                ["plan_id"],
                ["id:min"],
            )
        )
        for plan in saved:
            plan.designated_member_id = designated.get(plan, False)
        for plan in self - saved:
            plan.designated_member_id = plan.network_member_ids.filtered(
                "is_designated"
            )[:1]

    def _inverse_designated_member_id(self):
        for plan in self:
            member = plan.designated_member_id
            if member and member.plan_id != plan:
                raise ValidationError(
                    _(
                        "%(member)s is not in the network of %(plan)s and cannot be "
                        "its designated contact.",
                        member=member.partner_id.name,
                        plan=plan.name,
                    )
                )
            plan.network_member_ids.filtered(
                lambda m, member=member: m.is_designated and m != member
            ).is_designated = False
            if member:
                member.is_designated = True

    @api.depends_context("fgp_partner_id")
    @api.depends(
        "youth_ids",
        "network_member_ids.partner_id",
        "network_member_ids.role",
        "network_member_ids.relation",
        "network_member_ids.is_designated",
    )
    def _compute_fgp_partner_role(self):
        partner_id = self.env.context.get("fgp_partner_id")
        roles = selection_labels(self.env, "fgp.network.member", "role")
        for plan in self:
            labels = []
            if partner_id and partner_id in plan.youth_ids.ids:
                labels.append(_("Young person / client"))
            for member in plan.network_member_ids.filtered(
                lambda m, pid=partner_id: m.partner_id.id == pid
            ):
                label = roles.get(member.role, "")
                if member.relation:
                    label = f"{label} ({member.relation})"
                labels.append(label)
                if member.is_designated:
                    labels.append(_("designated contact"))
            plan.fgp_partner_role = ", ".join(dict.fromkeys(labels))

    @api.depends(
        "network_member_ids",
        "agreement_ids.is_overdue",
        "safety_condition_ids.state",
    )
    def _compute_counts(self):
        """Grouped queries for saved plans; in the form (a record being edited)
        from what the form holds, so the counters follow each change at once."""
        in_form = self.filtered(lambda plan: not isinstance(plan.id, int))
        for plan in in_form:
            plan.network_member_count = len(plan.network_member_ids)
            plan.agreement_count = len(plan.agreement_ids)
            plan.overdue_agreement_count = len(
                plan.agreement_ids.filtered("is_overdue")
            )
            plan.open_condition_count = len(
                plan.safety_condition_ids.filtered(
                    lambda c: c.state in ("open", "not_met")
                )
            )
        saved = self - in_form
        Agreement = self.env["fgp.agreement"]
        domain = [("plan_id", "in", saved.ids)]
        members = dict(
            self.env["fgp.network.member"]._read_group(domain, ["plan_id"], ["__count"])
        )
        agreements = dict(Agreement._read_group(domain, ["plan_id"], ["__count"]))
        overdue = dict(
            Agreement._read_group(
                domain + [("is_overdue", "=", True)], ["plan_id"], ["__count"]
            )
        )
        conditions = dict(
            self.env["fgp.safety.condition"]._read_group(
                domain + [("state", "in", ("open", "not_met"))],
                ["plan_id"],
                ["__count"],
            )
        )
        for plan in saved:
            plan.network_member_count = members.get(plan, 0)
            plan.agreement_count = agreements.get(plan, 0)
            plan.overdue_agreement_count = overdue.get(plan, 0)
            plan.open_condition_count = conditions.get(plan, 0)

    def _compute_access_url(self):  # pylint: disable=missing-return
        """The plan's portal page, not the generic /my/<model> URL."""
        super()._compute_access_url()
        for plan in self:
            plan.access_url = f"/my/plans/{plan.id}"

    @api.depends_context("uid")
    def _compute_user_is_safety(self):
        is_safety = self.env.user.has_group("fgp_odoo_addon.group_fgp_safety")
        for plan in self:
            plan.user_is_safety = is_safety

    @api.constrains("date_offered", "date_conference", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_conference and plan.date_conference < plan.date_offered:
                raise ValidationError(
                    _(
                        "The conference of %(plan)s cannot take place before the plan "
                        "was offered (%(date)s).",
                        plan=plan.name,
                        date=format_date(self.env, plan.date_offered),
                    )
                )
            if plan.date_end and plan.date_end < plan.date_offered:
                raise ValidationError(
                    _(
                        "The end date of %(plan)s cannot be before the plan was "
                        "offered (%(date)s).",
                        plan=plan.name,
                        date=format_date(self.env, plan.date_offered),
                    )
                )

    @api.constrains("date_offered")
    def _check_agreement_deadlines(self):
        for plan in self:
            early = plan.agreement_ids.filtered(
                lambda a, plan=plan: a.deadline and a.deadline < plan.date_offered
            )
            if early:
                raise ValidationError(
                    _(
                        "%(plan)s cannot be offered on %(date)s: the agreement "
                        "'%(agreement)s' has an earlier deadline (%(deadline)s).",
                        plan=plan.name,
                        date=format_date(self.env, plan.date_offered),
                        agreement=early[0].description,
                        deadline=format_date(self.env, early[0].deadline),
                    )
                )

    @api.constrains("name")
    def _check_name(self):
        for plan in self:
            if not (plan.name or "").strip():
                raise ValidationError(
                    _("Give the plan a title, for example 'Plan familie Jansen'.")
                )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """No probing of restricted fields (notes, exemption) by search."""
        check_domain_field_access(self, domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def get_import_templates(self):
        """The import dialog's example file (an organisation's caseload taken
        over from a previous system: fgp_odoo_addon/readme/USAGE.md)."""
        return [
            {
                "label": _("Import template for plans"),
                "template": "/fgp_odoo_addon/static/import/fgp_plan.csv",
            }
        ]

    @api.model_create_multi
    def create(self, vals_list):
        """A new plan is offered; it moves on through the lifecycle only. Only
        functional administrators (and server code) create plans in another
        state, to take over plans from a previous system."""
        started = [
            vals["state"]
            for vals in vals_list
            if vals.get("state", "offered") != "offered"
        ]
        if started and not (self.env.su or self.env.user.has_group(ADMIN_GROUP)):
            raise UserError(
                _(
                    "A new plan starts as offered to the family; it becomes "
                    "%(state)s through the steps of the plan, not when it is created.",
                    state=self._state_label(started[0]).lower(),
                )
            )
        for vals in vals_list:
            check_storable_text(self.env, vals.values())
        self._check_youth_linkable(vals_list)
        return super().create(vals_list)

    @api.model
    def _check_youth_linkable(self, vals_list):
        """Only people the user can see go into a plan (see
        res.partner._fgp_check_may_link): the young people, and the network
        members a form adds in its lines (which create checks again)."""
        linked = []
        for vals in vals_list:
            for command in vals.get("youth_ids") or ():
                if isinstance(command, int):
                    linked.append(command)
                elif command[0] == Command.LINK:
                    linked.append(command[1])
                elif command[0] == Command.SET:
                    linked.extend(command[2])
            for command in vals.get("network_member_ids") or ():
                if command[0] in (Command.CREATE, Command.UPDATE) and isinstance(
                    command[2], dict
                ):
                    linked.append(command[2].get("partner_id"))
        self.env["res.partner"]._fgp_check_may_link(linked)

    def onchange(self, values, field_names, fields_spec):
        """Not even the form's preview shows a person the user may not see."""
        self._check_youth_linkable([values])
        return super().onchange(values, field_names, fields_spec)

    def write(self, vals):
        """Every state change goes through the lifecycle's checks, and keeps the
        version the family agreed on."""
        check_storable_text(self.env, vals.values())
        self._check_youth_linkable([vals])
        if "state" in vals:
            # The lifecycle checks read with sudo: refuse who may not write first.
            self.check_access("write")
            self._check_transition(vals["state"], vals)
            vals = self._transition_values(vals)
        Version = self.env["fgp.plan.version"]
        becoming_active = Version._keep_versions_before_write(self, vals)
        res = super().write(vals)
        Version._create_version(becoming_active, "agreed")
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_propose_basic_variant(self):
        """Add the basic variant's chapters the plan does not have yet, with
        their guiding questions as help beside the text (``hint``), never as
        the text itself: an unedited chapter is empty, not the family's words."""
        templates = self.env["fgp.section.template"].search([])
        for plan in self:
            existing = set(plan.section_ids.mapped("name"))
            plan.section_ids = [
                Command.create(
                    {"name": tpl.name, "sequence": tpl.sequence, "hint": tpl.hint}
                )
                for tpl in templates
                if tpl.name not in existing
            ]

    def _action_open_children(self, xml_id):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_agreements(self):
        return self._action_open_children("fgp_odoo_addon.fgp_agreement_action")

    def action_view_network(self):
        return self._action_open_children("fgp_odoo_addon.fgp_network_member_action")
