from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import ContextFlag, flag_value


class FgpPlan(models.Model):
    """Follow-up of the plan: the scaling score trend, its evaluations and
    kept versions, the revision with the family, and who hears of the plan
    (its followers and notifications, as the follow-up job subscribes them)."""

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    evaluation_count = fields.Integer(compute="_compute_follow_up_counts")
    # Scores of different plans do not add up, and an average would count a
    # plan nobody scored as 0: not measures of the pivot and graph views.
    last_score = fields.Integer(
        string="Last scaling score",
        compute="_compute_score_trend",
        store=True,
        aggregator=False,
    )
    previous_score = fields.Integer(
        string="Previous scaling score",
        compute="_compute_score_trend",
        store=True,
        aggregator=False,
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

    @api.depends("evaluation_ids.score", "evaluation_ids.scored", "evaluation_ids.date")
    def _compute_score_trend(self):
        """Over the evaluations that were scored: one without a score is 'not
        scored', not a 0 that reads as worsening."""
        for plan in self:
            evaluations = plan.evaluation_ids.filtered("scored").sorted(
                lambda e: (e.date, e.id)
            )
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

    # ------------------------------------------------------------------
    # Mail: who hears of the plan
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
        done = flag_value(self.env, "fgp_subscribed")
        if (
            done is not None
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
    # Actions
    # ------------------------------------------------------------------
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
        # An evaluation without a score is no point at 0 on the line.
        action["context"]["search_default_scored"] = 1
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

    # ------------------------------------------------------------------
    # Business: the follow-up job's activities and their followers
    # ------------------------------------------------------------------
    def _follow_up_user(self):
        """Who follows the plan up: its case professional, else the manager of
        its team."""
        self.ensure_one()
        return self.professional_id or self.team_id.manager_id

    def _follow_up_activity_vals(
        self, user, activity_type, summary, lines, deadline, **extra
    ):
        """Values of one of the follow-up job's activities on this plan.

        :param lines: the note's paragraphs (plain text, escaped here)
        :param extra: further activity values (the call's missed agreement)
        """
        self.ensure_one()
        return {
            "res_model_id": self.env["ir.model"]._get_id("fgp.plan"),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "summary": summary,
            "note": Markup("").join(Markup("<p>%s</p>") % line for line in lines),
            "user_id": user.id,
            "date_deadline": deadline,
            **extra,
        }

    @api.model
    def _fgp_create_activities(self, vals_list):
        """Create the follow-up job's activities on plans, their users made followers
        for the whole batch at once (see ``_subscribe_activity_users``)."""
        if not vals_list:
            return
        subscribed = self._subscribe_activity_users(vals_list)
        # The call names its missed agreement: recorded by the job itself.
        self.env["mail.activity"]._fgp_as_system().with_context(
            mail_activity_quick_update=True, fgp_subscribed=ContextFlag(subscribed)
        ).create(vals_list)

    @api.model
    def _subscribe_activity_users(self, activity_vals):
        """Make each activity's user a follower of its plan, as creating the
        activity would, but for the whole batch at once.

        ``mail.activity.create`` subscribes with one ``message_subscribe`` per
        user (3-4 queries each: hundreds of professionals in a batch). This does
        what those calls do, with Odoo's own follower helpers: only active
        partners, default subtypes (external ones for a share partner), an
        existing follower left as it is.

        :return: the (plan id, partner id) pairs handled, for ``fgp_subscribed``
            (see ``message_subscribe``)
        """
        users = self.env["res.users"].browse(
            list({vals["user_id"] for vals in activity_vals})
        )
        # sudo: the partner behind each responsible user, as mail.activity does.
        partner_of = {user.id: user.sudo().partner_id.id for user in users}
        plans_of = defaultdict(set)
        for vals in activity_vals:
            plans_of[partner_of[vals["user_id"]]].add(vals["res_id"])
        # sudo: the same partner filters message_subscribe applies (active,
        # share), on partner ids only.
        Partner = self.env["res.partner"].sudo()
        active = Partner.search([("id", "in", list(plans_of)), ("active", "=", True)])
        customer_ids = active.filtered_domain([("partner_share", "=", True)]).ids
        Followers = self.env["mail.followers"]
        plan_ids = list({res_id for ids in plans_of.values() for res_id in ids})
        # The check message_subscribe makes (a no-op for the job's superuser).
        self.browse(plan_ids).check_access("write")
        existing = set()
        if active:
            existing = {
                (res_id, pid)
                for __, res_id, pid, __ in Followers._get_subscription_data(
                    [("fgp.plan", plan_ids)], active.ids
                )
            }
        new_vals = []
        for pid in active.ids:
            todo = [res_id for res_id in plans_of[pid] if (res_id, pid) not in existing]
            if not todo:
                continue
            new, __ = Followers._add_default_followers(
                "fgp.plan", todo, [pid], customer_ids=customer_ids, check_existing=False
            )
            new_vals += [
                dict(values, res_id=res_id)
                for res_id, values_list in new.items()
                for values in values_list
            ]
        if new_vals:
            # sudo: as mail.followers._insert_followers creates them.
            Followers.sudo().with_context(default_partner_id=False).create(new_vals)
        return frozenset(
            (res_id, pid) for pid, ids in plans_of.items() for res_id in ids
        )
