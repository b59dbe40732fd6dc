from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

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
    "submitted": {"preparing"},
    "active": {"submitted"},
    "closed": {"active"},
    "declined": {"offered"},
    "exempt": {"offered"},
}


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
    # and when the family last changed its draft (fgp_plan_portal.py): recorded
    # by the lifecycle, the daily job and the portal.
    _fgp_system_fields = (
        "offered_by_id",
        "date_accepted",
        "origin_plan_id",
        "evaluation_reminder_date",
        "family_draft_date",
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
    color = fields.Integer()
    fgp_partner_role = fields.Char(
        string="Role",
        compute="_compute_fgp_partner_role",
        help="The role in this plan of the contact the list was opened from.",
    )

    # Follow-up: scaling score trend, evaluation reminders, kept versions
    evaluation_count = fields.Integer(compute="_compute_follow_up_counts")
    last_score = fields.Integer(
        string="Last scaling score", compute="_compute_score_trend", store=True
    )
    previous_score = fields.Integer(
        string="Previous scaling score", compute="_compute_score_trend", store=True
    )
    score_trend = fields.Selection(
        [
            ("up", "Improving"),
            ("same", "Unchanged"),
            ("down", "Worsening"),
        ],
        compute="_compute_score_trend",
        store=True,
        help="The last scaling score compared with the one before.",
    )
    evaluation_reminder_date = fields.Date(
        copy=False,
        readonly=True,
        help="The evaluation date the daily job last announced with an activity.",
    )
    version_ids = fields.One2many("fgp.plan.version", "plan_id", string="Versions")
    version_count = fields.Integer(compute="_compute_follow_up_counts")

    @api.depends("network_member_ids.is_designated")
    def _compute_designated_member_id(self):
        for plan in self:
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
        roles = dict(
            self.env["fgp.network.member"]
            ._fields["role"]
            ._description_selection(self.env)
        )
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

    def _compute_counts(self):
        Agreement = self.env["fgp.agreement"]
        domain = [("plan_id", "in", self.ids)]
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
        for plan in self:
            plan.network_member_count = members.get(plan, 0)
            plan.agreement_count = agreements.get(plan, 0)
            plan.overdue_agreement_count = overdue.get(plan, 0)
            plan.open_condition_count = conditions.get(plan, 0)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for plan in self:
            plan.access_url = f"/my/plans/{plan.id}"

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

    @api.constrains("origin_plan_id", "authorship")
    def _check_origin_plan(self):
        for plan in self.filtered("origin_plan_id"):
            if plan.authorship != "professional":
                raise ValidationError(
                    _(
                        "%(plan)s follows an offer the family declined or that was "
                        "exempt: it is a professional plan.",
                        plan=plan.name,
                    )
                )
            if plan.origin_plan_id.state not in ("declined", "exempt"):
                raise ValidationError(
                    _(
                        "A professional plan can only follow an offer the family "
                        "declined or that was exempt."
                    )
                )

    @api.constrains("state")
    def _check_active_safety_conditions(self):
        """Also a plan created directly as active must meet its conditions."""
        for plan in self.filtered(lambda p: p.state == "active"):
            plan._check_can_become_active()

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """No probing of restricted fields (notes, exemption) by search."""
        check_domain_field_access(self, domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

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
        self._check_youth_linkable([vals])
        if "state" in vals:
            # The lifecycle checks read with sudo: refuse who may not write first.
            self.check_access("write")
            self._check_transition(vals["state"])
            vals = self._transition_values(vals)
        becoming_active = self._keep_versions_before_write(vals)
        res = super().write(vals)
        becoming_active._create_version("agreed")
        return res

    # ------------------------------------------------------------------
    # Lifecycle
    # ------------------------------------------------------------------
    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _check_transition(self, new_state):
        """Refuse a state change the Jeugdwet lifecycle does not allow."""
        for plan in self:
            if plan.state == new_state:
                continue
            if plan.state not in ALLOWED_TRANSITIONS[new_state]:
                raise UserError(
                    _(
                        "%(plan)s is %(current)s and cannot become %(new)s.",
                        plan=plan.name,
                        current=plan._state_label(plan.state).lower(),
                        new=self._state_label(new_state).lower(),
                    )
                )
            check = getattr(plan, f"_check_can_become_{new_state}", None)
            if check:
                check()

    def _transition_values(self, vals):
        today = fields.Date.context_today(self)
        vals = dict(vals)
        if vals["state"] == "closed":
            vals.setdefault("date_end", today)
        elif vals["state"] == "offered":
            # Offered again: the earlier choice stays in the chatter (tracked), a
            # new decline needs the family's words of now.
            vals.setdefault("decline_reason", False)
        return vals

    def _fgp_system_values(self, vals):
        """The day a plan becomes active is the day it was accepted."""
        if vals.get("state") == "active":
            return {"date_accepted": fields.Date.context_today(self)}
        return {}

    def _check_can_become_declined(self):
        if not (self.decline_reason or "").strip():
            raise UserError(
                _(
                    "Record the family's choice first: why does the family not want "
                    "to make its own plan for %(plan)s?",
                    plan=self.name,
                )
            )

    def _check_can_become_exempt(self):
        # sudo: the legal ground is checked, whoever asks (write access was
        # checked first); the message only says what is missing.
        plan = self.sudo()
        if not plan.exemption_reason:
            raise UserError(
                _(
                    "Choose the legal exception that applies to %(plan)s.",
                    plan=self.name,
                )
            )
        if not (plan.exemption_motivation or "").strip():
            raise UserError(
                _(
                    "An exception needs a written motivation: explain why %(plan)s "
                    "is made without the family's own plan.",
                    plan=self.name,
                )
            )

    def _check_can_become_submitted(self):
        if not (self.section_ids or self.agreement_ids):
            raise UserError(
                _(
                    "%(plan)s has no chapters or agreements yet: there is nothing to "
                    "submit.",
                    plan=self.name,
                )
            )

    def _check_can_become_active(self):
        # sudo: safety conditions are checked whoever asks: a professional without
        # the safety role must still not activate a plan with unmet conditions.
        # Who may write the plan may read its conditions: the message shows nothing
        # more than they can read.
        unmet = self.sudo().safety_condition_ids.filtered(
            lambda c: c.state not in ("met", "withdrawn")
        )
        if unmet:
            raise UserError(
                _(
                    "%(plan)s cannot become active: these safety conditions are not "
                    "met yet:\n%(conditions)s",
                    plan=self.name,
                    conditions="\n".join(f"- {c.description}" for c in unmet),
                )
            )

    @api.depends_context("uid")
    def _compute_user_is_safety(self):
        is_safety = self.env.user.has_group("fgp_odoo_addon.group_fgp_safety")
        for plan in self:
            plan.user_is_safety = is_safety

    @api.model
    def _group_expand_states(self, states, domain):
        """Kanban columns in the order of the plan's life (not alphabetical), with
        the running states always shown and the final ones only when present."""
        running = {"offered", "preparing", "submitted", "active"}
        return [
            item[0]
            for item in self._fields["state"].selection
            if item[0] in running or item[0] in states
        ]

    def action_prepare(self):
        self.write({"state": "preparing"})

    def action_decline(self):
        self.write({"state": "declined"})

    def action_exempt(self):
        self.write({"state": "exempt"})

    def action_reoffer(self):
        self.write({"state": "offered"})

    def action_submit(self):
        self.write({"state": "submitted"})

    def action_back_to_preparing(self):
        self.write({"state": "preparing"})

    def action_activate(self):
        self.write({"state": "active"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_create_professional_plan(self):
        """Start a professional plan, made in consultation with the family."""
        self.ensure_one()
        if self.state not in ("declined", "exempt"):
            raise UserError(
                _(
                    "A professional plan follows only when the family declined or an "
                    "exception applies."
                )
            )
        running = self.follow_up_plan_ids.filtered(lambda p: p.state != "closed")
        if running:
            raise UserError(
                _(
                    "%(plan)s already has a professional plan that is not closed: "
                    "%(follow_up)s.",
                    plan=self.name,
                    follow_up=running[0].name,
                )
            )
        # The offer it follows is recorded by the product, not typed in.
        plan = self._fgp_as_system().create(
            {
                "name": _("Professional plan: %(name)s", name=self.name),
                "plan_type": self.plan_type,
                "method": "free_form",
                "authorship": "professional",
                "origin_plan_id": self.id,
                "team_id": self.team_id.id,
                "professional_id": self.professional_id.id,
                "youth_ids": [Command.set(self.youth_ids.ids)],
                # The people stay; consent to share and the designation were given
                # for the family's own plan and are asked again.
                "network_member_ids": [
                    Command.create(
                        {
                            "partner_id": member.partner_id.id,
                            "role": member.role,
                            "relation": member.relation,
                        }
                    )
                    for member in self.network_member_ids
                ],
            }
        )
        plan = self.browse(plan.id)
        plan.action_prepare()
        self.message_post(
            body=_(
                "Professional plan started in consultation with the family: %(plan)s.",
                plan=plan._get_html_link(),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "fgp.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_propose_basic_variant(self):
        """Add the basic variant's chapters the plan does not have yet."""
        templates = self.env["fgp.section.template"].search([])
        for plan in self:
            existing = set(plan.section_ids.mapped("name"))
            plan.section_ids = [
                Command.create(
                    {"name": tpl.name, "sequence": tpl.sequence, "body": tpl.hint}
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

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    # ------------------------------------------------------------------
    # Access: who hears of the plan
    # ------------------------------------------------------------------
    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """Followers outside the organisation hear of the plan only while they are
        in its network with the family's consent: a follower whose consent was
        withdrawn (or never given) gets no mail about it. Recipients a
        professional names explicitly are their explicit choice."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if not self or len(self) != 1:
            return recipients
        # sudo: the check concerns the recipients, not the sender, who may not
        # read the network (a mail gateway reply); only partner ids are compared.
        consented = set(
            self.sudo().network_member_ids.filtered("consent_date").partner_id.ids
        )
        # sudo: the message's named recipients, to compare ids only.
        named = set(
            msg_vals.get("partner_ids", [])
            if msg_vals
            else message.sudo().partner_ids.ids
        )
        return [
            r
            for r in recipients
            if not (r["share"] and r["is_follower"])
            or r["id"] in named
            or r["id"] in consented
        ]

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Skip a subscription the follow-up job already made for the whole
        batch (``fgp_subscribed``: the (plan id, partner id) pairs it handled).
        Creating an activity subscribes its user with one call per user; the
        job creates activities for hundreds of users at once and subscribes
        them beforehand in one go instead. Anything else is subscribed as usual."""
        done = self.env.context.get("fgp_subscribed")
        if (
            isinstance(done, frozenset)  # never from an RPC call's JSON context
            and partner_ids
            and not subtype_ids
            and all(
                (plan_id, pid) in done for plan_id in self.ids for pid in partner_ids
            )
        ):
            return True
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    # ------------------------------------------------------------------
    # Follow-up: scaling score trend, versions, revision
    # ------------------------------------------------------------------
    @api.depends("evaluation_ids.score", "evaluation_ids.date")
    def _compute_score_trend(self):
        for plan in self:
            evaluations = plan.evaluation_ids.sorted(lambda e: (e.date, e.id))
            last, previous = evaluations[-1:], evaluations[-2:-1]
            plan.last_score = last.score
            plan.previous_score = previous.score
            if not previous:
                plan.score_trend = False
            elif last.score > previous.score:
                plan.score_trend = "up"
            elif last.score < previous.score:
                plan.score_trend = "down"
            else:
                plan.score_trend = "same"

    def _compute_follow_up_counts(self):
        domain = [("plan_id", "in", self.ids)]
        evaluations = dict(
            self.env["fgp.plan.evaluation"]._read_group(
                domain, ["plan_id"], ["__count"]
            )
        )
        versions = dict(
            self.env["fgp.plan.version"]._read_group(domain, ["plan_id"], ["__count"])
        )
        for plan in self:
            plan.evaluation_count = evaluations.get(plan, 0)
            plan.version_count = versions.get(plan, 0)

    def _keep_versions_before_write(self, vals):
        """Keep the version in force when a revision starts; return the plans
        that become active, whose agreed version is kept after the write."""
        if "state" not in vals:
            return self.browse()
        if vals["state"] == "preparing":
            self.filtered(lambda p: p.state == "active")._create_version(
                "revision", only_if_changed=True
            )
        if vals["state"] == "active":
            return self.filtered(lambda p: p.state != "active")
        return self.browse()

    def _version_snapshot(self):
        """The plan's content as structured data: what the family agreed."""
        self.ensure_one()
        return {
            "name": self.name,
            "state": self.state,
            "date_next_evaluation": fields.Date.to_string(self.date_next_evaluation),
            "sections": [
                {"name": s.name, "body": s.body or ""}
                for s in self.section_ids.sorted(lambda s: (s.sequence, s.id))
            ],
            "questions": [
                {"id": q.id, "name": q.name}
                for q in self.question_ids.sorted(lambda q: (q.sequence, q.id))
            ],
            "agreements": [
                {
                    "id": a.id,
                    "description": a.description,
                    "question": a.question_id.name or "",
                    "source": a.source,
                    "who": a.responsible_name or "",
                    "deadline": fields.Date.to_string(a.deadline),
                    "state": a.state,
                }
                for a in self.agreement_ids.sorted(lambda a: a.id)
            ],
            "safety_conditions": [
                {"id": c.id, "description": c.description, "state": c.state}
                for c in self.safety_condition_ids.sorted(lambda c: c.id)
            ],
        }

    def _create_version(self, trigger, only_if_changed=False):
        if not self:
            return self.env["fgp.plan.version"]
        Version = self.env["fgp.plan.version"]
        # sudo: a version numbers and keeps the whole plan, whoever starts it;
        # the snapshot holds family content and safety conditions, never notes.
        last = {
            plan.id: (number, version_id)
            for plan, number, version_id in Version.sudo()._read_group(
                [("plan_id", "in", self.ids)],
                ["plan_id"],
                ["version:max", "id:max"],
            )
        }
        # sudo: the latest versions of these plans, to compare snapshots only
        latest = Version.sudo().browse([v[1] for v in last.values()])
        latest_snapshot = {v.plan_id.id: v.snapshot for v in latest}
        vals_list = []
        for plan in self:
            # sudo: the snapshot is the whole plan as agreed, never notes
            snapshot = plan.sudo()._version_snapshot()
            if only_if_changed and self._same_content(
                latest_snapshot.get(plan.id), snapshot
            ):
                continue
            vals_list.append(
                {
                    "plan_id": plan.id,
                    "version": last.get(plan.id, (0, 0))[0] + 1,
                    "trigger": trigger,
                    "plan_state": plan.state,
                    "snapshot": snapshot,
                }
            )
        versions = Version._fgp_as_system().create(vals_list)
        return Version.browse(versions.ids)

    @api.model
    def _same_content(self, old, new):
        if not old:
            return False
        parts = ("sections", "questions", "agreements", "safety_conditions")
        return all(old.get(p) == new.get(p) for p in parts)

    def action_revise(self):
        """Start a revision with the family: back to preparing, the agreed
        version is kept and can be compared with the revised one."""
        for plan in self:
            if plan.state != "active":
                raise UserError(
                    _(
                        "Only an active plan can be revised; %(plan)s is %(state)s.",
                        plan=plan.name,
                        state=plan._state_label(plan.state).lower(),
                    )
                )
        self.write({"state": "preparing"})
        for plan in self:
            plan.message_post(
                body=_(
                    "The family revises the plan. The agreed version is kept "
                    "(version %(number)s).",
                    number=max(plan.version_ids.mapped("version") or [0]),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_view_evaluations(self):
        """The scaling score of this plan over time, graph first."""
        action = self._action_open_children(
            "fgp_odoo_addon.fgp_plan_evaluation_action_plan_graph"
        )
        return action

    def action_view_versions(self):
        return self._action_open_children("fgp_odoo_addon.fgp_plan_version_action")

    def action_compare_versions(self):
        self.ensure_one()
        versions = self.version_ids.sorted("version", reverse=True)
        return {
            "type": "ir.actions.act_window",
            "name": _("Compare versions"),
            "res_model": "fgp.plan.version.compare",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_plan_id": self.id,
                "default_version_a_id": versions[1:2].id or versions[:1].id,
                "default_version_b_id": versions[:1].id,
            },
        }
