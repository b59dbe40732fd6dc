# Copyright 2026 Familiegroepsplan contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.exceptions import UserError

from .fgp_base_xlsx import DATE, INT, PERCENT, TEXT

AGREEMENT_FIELDS = [
    "plan_id",
    "team_id",
    "professional_id",
    "question_id",
    "description",
    "source",
    "member_id",
    "provider_id",
    "deadline",
    "state",
    "date_done",
    "is_overdue",
]


class FgpAgreementOverviewXlsx(models.AbstractModel):
    """Agreements overview for team managers: a summary per team and
    professional, every agreement, the overdue ones and the safety conditions,
    of exactly the plans the exporting user may read."""

    _name = "report.fgp_odoo_addon.agreement_overview_xlsx"
    _inherit = "report.fgp_odoo_addon.base_xlsx"
    _description = "Agreements overview (XLSX)"
    # The model of the scope's domain: what the report prints.
    _fgp_scope_model = "fgp.agreement"

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------
    def _fgp_scope(self, data, objs):
        """Agreements of the selected agreements or plans, or of the wizard's
        teams and period (deadline in the period)."""
        if data.get("fgp_filter"):
            domain = self._fgp_filter_domain(data["fgp_filter"], "deadline")
            plan_domain = None
        else:
            self._fgp_check_selection(objs)
            if objs._name == "fgp.plan":
                # the plans of the selection the user may read
                plans = objs.with_context(active_test=False).search(
                    [("id", "in", objs.ids)]
                )
                domain = [("plan_id", "in", plans.ids)]
                plan_domain = [("plan_id", "in", plans.ids)]
            else:
                domain = [("id", "in", objs.ids)]
                plan_domain = None
        if not self.env["fgp.agreement"].search_count(domain, limit=1):
            raise UserError(
                _("There are no agreements you may read in this selection or period.")
            )
        return {"domain": domain, "condition_domain": plan_domain}

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------
    def _fgp_write(self, workbook, formats, scope):
        domain = scope["domain"]
        summary = self._fgp_sheet(
            workbook,
            formats,
            _("Summary"),
            [
                (_("Team"), TEXT),
                (_("Case professional"), TEXT),
                (_("Open"), INT),
                (_("Due this week"), INT),
                (_("Overdue"), INT),
                (_("Missed"), INT),
                (_("Done"), INT),
                (_("Done on time"), INT),
                (
                    _("Done on time %"),
                    PERCENT,
                    _(
                        "Done on time, divided by the agreements whose deadline has "
                        "passed: done, missed, or still open after the deadline. "
                        "Agreements without a deadline, or whose deadline is still "
                        "to come, are not counted."
                    ),
                ),
            ],
        )
        agreements_sheet = self._fgp_sheet(
            workbook,
            formats,
            _("Agreements"),
            [
                (_("Plan"), TEXT),
                (_("Team"), TEXT),
                (_("Case professional"), TEXT),
                (_("Help question"), TEXT),
                (_("Agreement"), TEXT),
                (_("Source"), TEXT),
                (_("Responsible"), TEXT),
                (_("Deadline"), DATE),
                (_("State"), TEXT),
                (_("Done on"), DATE),
            ],
        )
        overdue_sheet = self._fgp_sheet(
            workbook,
            formats,
            _("Overdue"),
            [
                (_("Plan"), TEXT),
                (_("Team"), TEXT),
                (_("Case professional"), TEXT),
                (_("Agreement"), TEXT),
                (_("Responsible"), TEXT),
                (_("Deadline"), DATE),
                (_("Days overdue"), INT),
                (_("Designated contact"), TEXT),
            ],
        )
        conditions_sheet = self._fgp_sheet(
            workbook,
            formats,
            _("Safety conditions"),
            [
                (_("Plan"), TEXT),
                (_("Team"), TEXT),
                (_("Condition"), TEXT),
                (_("State"), TEXT),
                (_("Set by"), TEXT),
                (_("Assessed on"), DATE),
                (_("Assessed by"), TEXT),
            ],
        )
        self._fgp_write_summary(summary, domain)
        plan_ids = self._fgp_write_agreements(agreements_sheet, overdue_sheet, domain)
        condition_domain = scope["condition_domain"] or [
            ("plan_id", "in", sorted(plan_ids))
        ]
        self._fgp_write_conditions(conditions_sheet, condition_domain)
        for sheet in (summary, agreements_sheet, overdue_sheet, conditions_sheet):
            sheet.close()

    def _fgp_write_summary(self, sheet, domain):
        """Counts per team and professional, from three grouped queries."""
        Agreement = self.env["fgp.agreement"]
        today = self._fgp_today(Agreement)
        week_end = self._fgp_week_end(today)
        groupby = ["team_id", "professional_id"]
        rows = {}
        for team, professional, state, on_time, number in Agreement._read_group(
            domain, groupby + ["state", "done_on_time"], ["__count"]
        ):
            counts = rows.setdefault((team, professional), {})
            counts[state] = counts.get(state, 0) + number
            if on_time:
                counts["on_time"] = counts.get("on_time", 0) + number
        open_domain = domain + [("state", "=", "open")]
        for key, extra in (
            ("overdue", [("is_overdue", "=", True)]),
            ("week", [("deadline", ">=", today), ("deadline", "<=", week_end)]),
        ):
            for team, professional, number in Agreement._read_group(
                open_domain + extra, groupby, ["__count"]
            ):
                rows.setdefault((team, professional), {})[key] = number
        lines = sorted(
            (
                (team.display_name or "", professional.display_name or "", counts)
                for (team, professional), counts in rows.items()
            ),
            key=lambda line: (line[0].lower(), line[1].lower()),
        )
        for team, professional, counts in lines:
            done = counts.get("done", 0)
            on_time = counts.get("on_time", 0)
            due = done + counts.get("missed", 0) + counts.get("overdue", 0)
            sheet.append(
                [
                    team,
                    professional,
                    counts.get("open", 0),
                    counts.get("week", 0),
                    counts.get("overdue", 0),
                    counts.get("missed", 0),
                    done,
                    on_time,
                    on_time / due if due else None,
                ]
            )

    def _fgp_write_agreements(self, sheet, overdue_sheet, domain):
        """Every agreement (one query) and the overdue ones, with the names of
        plans, teams, people and help questions (one query per model)."""
        Agreement = self.env["fgp.agreement"]
        today = self._fgp_today(Agreement)
        agreements = Agreement.search_fetch(domain, AGREEMENT_FIELDS)
        (
            plan_col,
            team_col,
            professional_col,
            question_col,
            description_col,
            source_col,
            member_col,
            provider_col,
            deadline_col,
            state_col,
            done_col,
            overdue_col,
        ) = self._fgp_columns(agreements, AGREEMENT_FIELDS)
        plans = Agreement.env["fgp.plan"].with_context(active_test=False)
        plans = plans.search_fetch(
            [("id", "in", list(set(plan_col)))], ["name", "designated_member_id"]
        )
        plan_names, designated = self._fgp_columns(
            plans, ["name", "designated_member_id"]
        )
        plan_names = dict(zip(plans.ids, plan_names, strict=True))
        designated = dict(zip(plans.ids, designated, strict=True))
        team_names = self._fgp_names("fgp.team", team_col)
        user_names = self._fgp_user_names(professional_col)
        question_names = self._fgp_names("fgp.help.question", question_col)
        member_names = self._fgp_member_names(
            set(member_col) | set(designated.values())
        )
        provider_names = self._fgp_names("res.partner", provider_col)
        sources = self._fgp_selection("fgp.agreement", "source")
        states = self._fgp_selection("fgp.agreement", "state")

        append, append_overdue = sheet.append, overdue_sheet.append
        for index in range(len(agreements)):
            plan_id = plan_col[index]
            plan = plan_names.get(plan_id, "")
            team = team_names.get(team_col[index], "")
            professional = user_names.get(professional_col[index], "")
            responsible = member_names.get(member_col[index]) or provider_names.get(
                provider_col[index], ""
            )
            deadline = deadline_col[index]
            state = state_col[index]
            append(
                [
                    plan,
                    team,
                    professional,
                    question_names.get(question_col[index], ""),
                    description_col[index],
                    sources.get(source_col[index], ""),
                    responsible,
                    deadline,
                    states.get(state, ""),
                    done_col[index],
                ]
            )
            if overdue_col[index]:
                append_overdue(
                    [
                        plan,
                        team,
                        professional,
                        description_col[index],
                        responsible,
                        deadline,
                        (today - deadline).days,
                        member_names.get(designated.get(plan_id), ""),
                    ]
                )
        return set(plan_col)

    def _fgp_write_conditions(self, sheet, domain):
        """Safety conditions of the plans in the report: their state, not the
        professional's written assessment."""
        Condition = self.env["fgp.safety.condition"]
        names = ["plan_id", "team_id", "description", "state", "set_by_id"]
        names += ["date_assessed", "assessed_by_id"]
        conditions = Condition.search_fetch(domain, names, order="plan_id, id")
        plan_col, team_col, text_col, state_col, set_by_col, date_col, by_col = (
            self._fgp_columns(conditions, names)
        )
        plan_names = self._fgp_names("fgp.plan", plan_col)
        team_names = self._fgp_names("fgp.team", team_col)
        user_names = self._fgp_user_names(set(set_by_col) | set(by_col))
        states = self._fgp_selection("fgp.safety.condition", "state")
        for index in range(len(conditions)):
            sheet.append(
                [
                    plan_names.get(plan_col[index], ""),
                    team_names.get(team_col[index], ""),
                    text_col[index],
                    states.get(state_col[index], ""),
                    user_names.get(set_by_col[index], ""),
                    date_col[index],
                    user_names.get(by_col[index], ""),
                ]
            )


class FgpPlanAgreementOverviewXlsx(models.AbstractModel):
    """The same overview started from selected plans."""

    _name = "report.fgp_odoo_addon.plan_agreement_overview_xlsx"
    _inherit = "report.fgp_odoo_addon.agreement_overview_xlsx"
    _description = "Agreements overview of plans (XLSX)"
