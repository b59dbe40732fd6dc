# Copyright 2026 Familiegroepsplan contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.exceptions import UserError

from ..tools import selection_labels
from .fgp_base_xlsx import DATE, INT, PERCENT, TEXT

COUNTED_FIELDS = ["state", "plan_type", "method", "authorship"]
PLAN_FIELDS = [
    "name",
    "team_id",
    "professional_id",
    "plan_type",
    "method",
    "authorship",
    "state",
    "youth_participation",
    "date_offered",
    "date_conference",
    "date_accepted",
    "date_next_evaluation",
    "date_end",
]


class FgpPlanRegisterXlsx(models.AbstractModel):
    """Plans register: how many plans were offered in a period, by state, type,
    method, authorship (the family's own plan or a professional plan) and team,
    and the list of those plans."""

    _name = "report.fgp_odoo_addon.plan_register_xlsx"
    _inherit = "report.fgp_odoo_addon.base_xlsx"
    _description = "Plans register (XLSX)"
    # The model of the scope's domain: what the report prints.
    _fgp_scope_model = "fgp.plan"

    def _fgp_scope(self, data, objs):
        """The selected plans, or the plans of the wizard's teams offered in its
        period."""
        if data.get("fgp_filter"):
            domain = self._fgp_filter_domain(data["fgp_filter"], "date_offered")
        else:
            self._fgp_check_selection(objs)
            domain = [("id", "in", objs.ids)]
        if not self.env["fgp.plan"].search_count(domain, limit=1):
            raise UserError(
                _("There are no plans you may read in this selection or period.")
            )
        return {"domain": domain}

    def _fgp_write(self, workbook, formats, scope):
        domain = scope["domain"]
        Plan = self.env["fgp.plan"]
        counts_sheet = self._fgp_sheet(
            workbook,
            formats,
            _("Counts"),
            [
                (_("Counted by"), TEXT),
                (_("Value"), TEXT),
                (_("Plans"), INT),
                (
                    _("Share"),
                    PERCENT,
                    _(
                        "The plans with this value, divided by all plans in this "
                        "report (the selection or the chosen teams and period)."
                    ),
                ),
            ],
        )
        states = self._fgp_selection("fgp.plan", "state")
        team_sheet = self._fgp_sheet(
            workbook,
            formats,
            _("By team"),
            [(_("Team"), TEXT)]
            + [(label, INT) for label in states.values()]
            + [(_("Total"), INT)],
        )
        plans_sheet = self._fgp_sheet(
            workbook,
            formats,
            _("Plans"),
            [
                (_("Plan"), TEXT),
                (_("Team"), TEXT),
                (_("Case professional"), TEXT),
                (_("Type"), TEXT),
                (_("Method"), TEXT),
                (_("Authorship"), TEXT),
                (_("State"), TEXT),
                (_("Youth participation"), TEXT),
                (_("Offered on"), DATE),
                (_("Conference date"), DATE),
                (_("Accepted on"), DATE),
                (_("Next evaluation"), DATE),
                (_("End date"), DATE),
                (_("Agreements"), INT),
                (_("Overdue agreements"), INT),
            ],
        )
        total = Plan.search_count(domain)
        for name in COUNTED_FIELDS:
            field = Plan._fields[name]
            counts = dict(Plan._read_group(domain, [name], ["__count"]))
            label = field._description_string(self.env)
            for key, value in selection_labels(self.env, Plan._name, name).items():
                counts_sheet.append(
                    [label, value, counts.get(key, 0), counts.get(key, 0) / total]
                )
        team_label = Plan._fields["team_id"]._description_string(self.env)
        by_team = {}
        for team, state, number in Plan._read_group(
            domain, ["team_id", "state"], ["__count"]
        ):
            by_team.setdefault(team, {})[state] = number
        teams = sorted(by_team, key=lambda team: (team.display_name or "").lower())
        for team in teams:
            number = sum(by_team[team].values())
            name = team.display_name or _("Without team")
            counts_sheet.append([team_label, name, number, number / total])
            team_sheet.append(
                [name] + [by_team[team].get(state, 0) for state in states] + [number]
            )
        self._fgp_write_plans(plans_sheet, domain)
        for sheet in (counts_sheet, team_sheet, plans_sheet):
            sheet.close()

    def _fgp_write_plans(self, sheet, domain):
        """The plans (one query) with their names and agreement counts (one
        grouped query each)."""
        Plan = self.env["fgp.plan"]
        plans = Plan.search_fetch(domain, PLAN_FIELDS)
        columns = self._fgp_columns(plans, PLAN_FIELDS)
        team_names = self._fgp_names("fgp.team", columns[1])
        user_names = self._fgp_user_names(columns[2])
        labels = [
            self._fgp_selection("fgp.plan", name)
            for name in ("plan_type", "method", "authorship", "state")
        ]
        participation = self._fgp_selection("fgp.plan", "youth_participation")
        Agreement = self.env["fgp.agreement"]
        agreement_domain = [("plan_id", "in", plans.ids)]
        agreements = dict(
            Agreement._read_group(agreement_domain, ["plan_id"], ["__count"])
        )
        overdue = dict(
            Agreement._read_group(
                agreement_domain + [("is_overdue", "=", True)],
                ["plan_id"],
                ["__count"],
            )
        )
        agreements = {plan.id: number for plan, number in agreements.items()}
        overdue = {plan.id: number for plan, number in overdue.items()}
        for index, plan_id in enumerate(plans.ids):
            sheet.append(
                [
                    columns[0][index],
                    team_names.get(columns[1][index], ""),
                    user_names.get(columns[2][index], ""),
                ]
                + [
                    labels[offset].get(columns[3 + offset][index], "")
                    for offset in range(4)
                ]
                + [participation.get(columns[7][index], "")]
                + [columns[col][index] for col in range(8, 13)]
                + [agreements.get(plan_id, 0), overdue.get(plan_id, 0)]
            )
