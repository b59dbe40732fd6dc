from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.fgp_odoo_addon.tools import lock_search, run_batches

from .fgp_organisation_kpi_mixin import kpi_values
from .percentage import Percentage

ADMIN_GROUP = "fgp_odoo_addon.group_fgp_admin"
MATURITY = [
    ("frontrunner", "Frontrunner"),
    ("searching", "On the way, but searching"),
    ("unaware", "No idea yet"),
    ("compliance", "Because it must"),
]
MATURITY_HELP = (
    "The four groups the NJi found among municipalities (2015). "
    "Frontrunner: fully commits to family plans: public information, a place in "
    "the working method of the youth and family centre and the district teams, "
    "training and coaching, agreements with care providers. "
    "On the way, but searching: involves the network (one family, one plan) but "
    "does not hand over ownership yet; involving is not the same as giving "
    "ownership. "
    "No idea yet: has not yet looked into what a family plan is or could mean. "
    "Because it must: arranged it on paper only (a text on the website, a "
    "template), to the letter of the law."
)

# The scope of each organisation plan as rows (key, team, start, end, as of),
# then the three counts queries. Parameters only; the SQL text is constant. The
# sixth parameter is the reader's own record rules on fgp.plan (see _kpi_counts).
# "As of" is the date of a snapshot: what was offered, done and met by then
# ('infinity' for the live figures).
_SCOPE = """
    WITH scope AS (
        SELECT * FROM unnest(
            %s::int[], %s::int[], %s::date[], %s::date[], %s::date[]
        ) AS s(scope_key, team_id, date_start, date_end, as_of)
    )
"""
_PLANS_IN_SCOPE = """
      FROM scope s
      JOIN fgp_plan p
        ON p.team_id = s.team_id
       AND p.date_offered BETWEEN s.date_start AND s.date_end
       AND p.date_offered <= s.as_of
       AND p.active
       AND %s
"""
_TAKEN_UP = "p.state NOT IN ('declined', 'exempt')"
# A plan about a young person (Jeugdwet); a Wmo personal plan is about an adult.
_ABOUT_YOUTH = "p.plan_type = 'family_group'"
# The plans query counts offers: the professional plan made after a declined or
# exempt offer (origin_plan_id) belongs to that offer, one family, not a second
# offer. Its agreements and conditions are counted with the rest (below).
QUERY_PLANS = (
    _SCOPE
    + f"""
    SELECT s.scope_key,
           count(*),
           count(*) FILTER (WHERE {_TAKEN_UP}),
           count(*) FILTER (WHERE {_TAKEN_UP} AND p.authorship = 'family'),
           count(*) FILTER (WHERE {_TAKEN_UP} AND {_ABOUT_YOUTH}),
           count(*) FILTER (
               WHERE {_TAKEN_UP} AND {_ABOUT_YOUTH}
                 AND p.youth_participation IN ('consulted', 'co_author')),
           count(*) FILTER (WHERE {_TAKEN_UP} AND p.designated_member_id IS NOT NULL)
    {_PLANS_IN_SCOPE}
     WHERE p.origin_plan_id IS NULL
     GROUP BY s.scope_key
"""
)
QUERY_AGREEMENTS = (
    _SCOPE
    + f"""
    SELECT s.scope_key,
           count(*),
           count(*) FILTER (
               WHERE a.state = 'done'
                 AND a.date_done <= a.deadline
                 AND a.date_done <= s.as_of)
    {_PLANS_IN_SCOPE}
      JOIN fgp_agreement a
        ON a.plan_id = p.id
       AND a.deadline BETWEEN s.date_start AND s.date_end
       AND a.state != 'cancelled'
       -- the family's unshared draft is not part of the plan yet (raw SQL: the
       -- draft filter of fgp.family.draft.mixin's _search does not apply here)
       AND a.is_family_draft IS NOT TRUE
     GROUP BY s.scope_key
"""
)
QUERY_CONDITIONS = (
    _SCOPE
    + f"""
    SELECT s.scope_key,
           count(*),
           count(*) FILTER (
               WHERE c.state = 'met' AND coalesce(c.date_assessed, s.as_of) <= s.as_of)
    {_PLANS_IN_SCOPE}
      JOIN fgp_safety_condition c
        ON c.plan_id = p.id
       AND c.state != 'withdrawn'
     GROUP BY s.scope_key
"""
)


class FgpOrganisationPlan(models.Model):
    """The organisation's own plan (organisatieplan): how a municipality, care
    provider or team changes its own procedures so family plans can work."""

    _name = "fgp.organisation.plan"
    _description = "Organisation plan"
    _inherit = [
        "fgp.organisation.kpi.mixin",
        "fgp.internal.thread.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_start desc, name, id"

    def _default_date_start(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    def _default_date_end(self):
        return fields.Date.context_today(self).replace(month=12, day=31)

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        index=True,
        tracking=True,
        help="The municipality, care provider or team whose plan this is.",
    )
    organisation_type = fields.Selection(
        [
            ("municipality", "Municipality"),
            ("care_provider", "Care provider"),
            ("team", "Team"),
        ],
        required=True,
        default="municipality",
        tracking=True,
    )
    team_ids = fields.Many2many(
        "fgp.team",
        "fgp_organisation_plan_fgp_team_rel",
        "organisation_plan_id",
        "team_id",
        string="Teams",
        domain="[('id', 'in', allowed_team_ids)]",
        help="The KPIs count the family plans of these teams that you may read. "
        "A team manager chooses among the teams they manage.",
    )
    allowed_team_ids = fields.Many2many(
        "fgp.team",
        string="Teams to choose from",
        # Not stored; a name of its own, not team_ids' table.
        relation="fgp_organisation_plan_allowed_team_rel",
        compute="_compute_allowed_team_ids",
        help="The teams you may let this plan cover: the teams you manage, or "
        "all teams for the functional administrator.",
    )
    date_start = fields.Date(
        string="Start",
        required=True,
        default=_default_date_start,
        tracking=True,
    )
    date_end = fields.Date(
        string="End",
        required=True,
        default=_default_date_end,
        tracking=True,
    )
    maturity = fields.Selection(
        MATURITY,
        string="Where we stand",
        required=True,
        default="unaware",
        tracking=True,
        help=MATURITY_HELP,
    )
    target_maturity = fields.Selection(
        MATURITY,
        string="Where we aim to be",
        required=True,
        default="frontrunner",
        tracking=True,
        help=MATURITY_HELP,
    )
    needs = fields.Html(
        help="What families, professionals and partners need from the "
        "organisation: the plan answers these needs, made to measure.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "In progress"),
            ("done", "Done"),
        ],
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    action_ids = fields.One2many(
        "fgp.organisation.action", "organisation_plan_id", string="Actions"
    )
    snapshot_ids = fields.One2many(
        "fgp.organisation.snapshot",
        "organisation_plan_id",
        string="KPI snapshots",
        copy=False,
    )
    action_count = fields.Integer(compute="_compute_action_stats")
    action_done_count = fields.Integer(
        string="Actions done", compute="_compute_action_stats"
    )
    action_progress = fields.Float(
        string="Progress (%)",
        compute="_compute_action_stats",
        help="Average progress of the actions that were not cancelled.",
    )
    snapshot_count = fields.Integer(compute="_compute_snapshot_count")

    # The KPIs: computed live from the family plans (see _kpi_counts).
    kpi_uptake = Percentage(compute="_compute_kpis")
    kpi_family_authored = Percentage(compute="_compute_kpis")
    kpi_youth_participation = Percentage(compute="_compute_kpis")
    kpi_designated_contact = Percentage(compute="_compute_kpis")
    kpi_agreements_on_time = Percentage(compute="_compute_kpis")
    kpi_safety_met = Percentage(compute="_compute_kpis")
    plan_count = fields.Integer(compute="_compute_kpis")
    taken_up_count = fields.Integer(compute="_compute_kpis")
    family_authored_count = fields.Integer(compute="_compute_kpis")
    youth_plan_count = fields.Integer(compute="_compute_kpis")
    youth_participation_count = fields.Integer(compute="_compute_kpis")
    designated_contact_count = fields.Integer(compute="_compute_kpis")
    agreement_count = fields.Integer(compute="_compute_kpis")
    agreement_on_time_count = fields.Integer(compute="_compute_kpis")
    condition_count = fields.Integer(compute="_compute_kpis")
    condition_met_count = fields.Integer(compute="_compute_kpis")

    @api.depends("team_ids", "date_start", "date_end")
    @api.depends_context("uid")
    def _compute_kpis(self):
        counts = self._kpi_counts()
        for index, plan in enumerate(self):
            plan.update(kpi_values(counts.get(index, {})))

    def _compute_action_stats(self):
        stats = {
            plan: (count, progress)
            for plan, count, progress in self.env[
                "fgp.organisation.action"
            ]._read_group(
                [
                    ("organisation_plan_id", "in", self.ids),
                    ("state", "!=", "cancelled"),
                ],
                ["organisation_plan_id"],
                ["__count", "progress:avg"],
            )
        }
        done = dict(
            self.env["fgp.organisation.action"]._read_group(
                [("organisation_plan_id", "in", self.ids), ("state", "=", "done")],
                ["organisation_plan_id"],
                ["__count"],
            )
        )
        for plan in self:
            count, progress = stats.get(plan, (0, 0.0))
            plan.action_count = count
            plan.action_progress = progress or 0.0
            plan.action_done_count = done.get(plan, 0)

    def _compute_snapshot_count(self):
        counts = dict(
            self.env["fgp.organisation.snapshot"]._read_group(
                [("organisation_plan_id", "in", self.ids)],
                ["organisation_plan_id"],
                ["__count"],
            )
        )
        for plan in self:
            plan.snapshot_count = counts.get(plan, 0)

    @api.model
    def _may_cover_any_team(self):
        """The functional administrator (and the superuser, for data and jobs)
        may let a plan cover any team; a team manager only their own."""
        return self.env.su or self.env.user.has_group(ADMIN_GROUP)

    @api.depends_context("uid")
    def _compute_allowed_team_ids(self):
        if self._may_cover_any_team():
            teams = self.env["fgp.team"].search([])
        else:
            teams = self.env.user.fgp_managed_team_ids
        self.allowed_team_ids = teams

    @api.constrains("team_ids")
    def _check_team_ids(self):
        """A plan's figures are about its teams: a manager cannot point a plan
        at a team they do not manage to learn its figures (the KPIs count only
        readable plans anyway; this keeps the plan honest about its scope)."""
        if self._may_cover_any_team():
            return
        managed = self.env.user.fgp_managed_team_ids
        for plan in self:
            others = plan.team_ids - managed
            if others:
                raise ValidationError(
                    _(
                        "%(plan)s can only cover teams you manage; not: %(teams)s.",
                        plan=plan.name,
                        teams=", ".join(others.mapped("name")),
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(
                    _(
                        "The period of %(plan)s ends (%(end)s) before it starts "
                        "(%(start)s).",
                        plan=plan.name,
                        end=plan.date_end,
                        start=plan.date_start,
                    )
                )

    # ------------------------------------------------------------------
    # KPIs
    # ------------------------------------------------------------------
    def _kpi_counts(self, as_of=None):
        """The counts behind the KPIs of each plan of self, keyed by its position
        in self (new records have no id yet): three queries, whatever the number
        of family plans, agreements or organisation plans. With `as_of` (a
        snapshot's date) only what was offered, done and met by that date: a
        snapshot of today is the live figures, one of a past date what could be
        known then.

        Grouped SQL, restricted by the reader's own record rules on fgp.plan:
        the figures count only the family plans the reader may read. A count
        over another team's plans, for a period of one day, would tell who
        declined or who was exempt: a figure is data of a family too. The
        monthly snapshot job runs as the superuser and counts every plan.
        """
        keys, teams, starts, ends = [], [], [], []
        for index, plan in enumerate(self):
            if not (plan.date_start and plan.date_end):
                continue
            for team_id in set(plan.team_ids._origin.ids):
                keys.append(index)
                teams.append(team_id)
                starts.append(plan.date_start)
                ends.append(plan.date_end)
        as_ofs = [as_of or "infinity"] * len(keys)
        if not keys:
            return {}
        self.env["fgp.plan"].flush_model(
            [
                "active",
                "team_id",
                "date_offered",
                "state",
                "authorship",
                "plan_type",
                "origin_plan_id",
                "youth_participation",
                "designated_member_id",
            ]
        )
        self.env["fgp.agreement"].flush_model(
            ["plan_id", "state", "deadline", "date_done"]
        )
        self.env["fgp.safety.condition"].flush_model(
            ["plan_id", "state", "date_assessed"]
        )
        params = [keys, teams, starts, ends, as_ofs, self._kpi_readable_plans()]
        counts = {}
        # execute_query flushes what the rules' sub-query reads, too.
        execute = self.env.execute_query
        for key, total, taken_up, family, youth_plans, youth, designated in execute(
            SQL(QUERY_PLANS, *params)
        ):
            counts.setdefault(key, {}).update(
                plan_count=total,
                taken_up_count=taken_up,
                family_authored_count=family,
                youth_plan_count=youth_plans,
                youth_participation_count=youth,
                designated_contact_count=designated,
            )
        for key, total, on_time in execute(SQL(QUERY_AGREEMENTS, *params)):
            counts.setdefault(key, {}).update(
                agreement_count=total, agreement_on_time_count=on_time
            )
        for key, total, met in execute(SQL(QUERY_CONDITIONS, *params)):
            counts.setdefault(key, {}).update(
                condition_count=total, condition_met_count=met
            )
        return counts

    def _kpi_readable_plans(self):
        """The condition on ``p`` (fgp_plan) that keeps the plans the current
        user may read: their record rules as a sub-query, as Odoo applies
        them to a search (no sudo). Nothing to add for the superuser."""
        if self.env.su:
            return SQL("TRUE")
        # active_test off: the queries filter on p.active themselves.
        query = self.env["fgp.plan"].with_context(active_test=False)._search([])
        return SQL("p.id IN %s", query.subselect())

    def _take_snapshots(self, date=None):
        """Record the KPIs of each plan as they are on `date` (today by default),
        so the trend stays when family plans change later. One snapshot per plan
        and date: a second run the same day updates that day's snapshot. A past
        date counts what was offered, done and met by then (dated data, such
        as the demo's, give the trend that led to today's figures)."""
        date = date or fields.Date.context_today(self)
        Snapshot = self.env["fgp.organisation.snapshot"]
        existing = {
            snapshot.organisation_plan_id: snapshot
            for snapshot in Snapshot.search(
                [("organisation_plan_id", "in", self.ids), ("date", "=", date)]
            )
        }
        counts = self._kpi_counts(as_of=date)
        vals_list = []
        for index, plan in enumerate(self):
            values = kpi_values(counts.get(index, {}))
            if plan in existing:
                existing[plan].write(values)
            else:
                vals_list.append(dict(values, organisation_plan_id=plan.id, date=date))
        return Snapshot.create(vals_list) | Snapshot.union(*existing.values())

    @api.model
    def _cron_take_snapshots(self, batch_size=200):
        """Monthly job: snapshot every plan in progress, in batches. A plan that
        already has today's snapshot is skipped, so a rerun or a resumed batch
        never adds a second one."""
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "active"),
            ("snapshot_ids", "not any", [("date", "=", today)]),
        ]

        def snapshot(size):
            plans = lock_search(self, domain, size)
            plans._take_snapshots(today)
            return len(plans)

        # One batch a call: the cron's progress makes Odoo call it again.
        done = run_batches(self.env, snapshot, batch_size, budget={"batches": 1})
        remaining = self.search_count(domain) if done == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_activate(self):
        self.write({"state": "active"})

    def action_done(self):
        self.write({"state": "done"})

    def action_draft(self):
        self.write({"state": "draft"})

    def action_snapshot(self):
        """'Snapshot now': record today's KPIs and show the trend."""
        self._take_snapshots()
        if len(self) == 1:
            return self.action_view_snapshots()
        return True

    def action_view_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fgp_organisation_plan.fgp_organisation_action_action"
        )
        action["domain"] = [("organisation_plan_id", "=", self.id)]
        action["context"] = {
            "default_organisation_plan_id": self.id,
            "search_default_group_area": 1,
        }
        return action

    def action_view_snapshots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fgp_organisation_plan.fgp_organisation_snapshot_action"
        )
        action["domain"] = [("organisation_plan_id", "=", self.id)]
        action["context"] = {"default_organisation_plan_id": self.id}
        action["display_name"] = _("KPI trend: %(plan)s", plan=self.name)
        return action

    def action_export_xlsx(self):
        """The spreadsheet at once: a workbook has no document layout to
        configure first (config=False skips Odoo's layout wizard)."""
        return self.env.ref(
            "fgp_organisation_plan.fgp_organisation_plan_xlsx_report"
        ).report_action(self, config=False)
