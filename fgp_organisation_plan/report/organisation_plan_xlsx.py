from datetime import date, datetime, time

from odoo import _, models

from odoo.addons.fgp_odoo_addon.tools import selection_labels

from ..models.fgp_organisation_action import AREAS
from ..models.fgp_organisation_kpi_mixin import COUNT_FIELDS, EMPTY, KPI_FIELDS


class OrganisationPlanXlsx(models.AbstractModel):
    """Organisation plan workbook: the plans, their actions and the KPI trend, one
    sheet each. Rendered as the exporting user (report_xlsx drops sudo), so it holds
    what that user may read: organisation plans and counts, never a family's data."""

    _name = "report.fgp_organisation_plan.organisation_plan_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Organisation plan XLSX report"

    def generate_xlsx_report(self, workbook, data, plans):
        formats = self._formats(workbook)
        plans = plans.sorted(lambda p: (p.date_start, p.name))
        self._sheet_plans(workbook, formats, plans)
        self._sheet_actions(workbook, formats, plans)
        self._sheet_trend(workbook, formats, plans)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _formats(self, workbook):
        return {
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "text": workbook.add_format({}),
            "date": workbook.add_format({"num_format": "dd-mm-yyyy"}),
            "percent": workbook.add_format({"num_format": "0.0"}),
            "integer": workbook.add_format({"num_format": "0"}),
            "empty": workbook.add_format({"align": "center", "font_color": "#808080"}),
        }

    def _label(self, model, field):
        return self.env[model]._fields[field]._description_string(self.env)

    def _selection(self, model, field, value):
        return selection_labels(self.env, model, field).get(value, "")

    def _definition(self, model, field):
        """What a percentage was divided by: the field's help, in the reader's
        language."""
        return self.env[model]._fields[field]._description_help(self.env)

    def _new_sheet(self, workbook, formats, name, columns):
        """A sheet with a frozen, filterable header row; columns: (label, width)
        or (label, width, definition): a percentage's definition is the header
        cell's comment."""
        sheet = workbook.add_worksheet(name)
        for col, (label, width, *definition) in enumerate(columns):
            sheet.write_string(0, col, label, formats["header"])
            sheet.set_column(col, col, width)
            if definition:
                sheet.write_comment(0, col, definition[0], {"x_scale": 3, "y_scale": 2})
        sheet.freeze_panes(1, 0)
        return sheet

    def _finish_sheet(self, sheet, rows, columns):
        sheet.autofilter(0, 0, max(rows, 1), len(columns) - 1)

    def _write(self, sheet, row, col, value, formats, kind="text"):
        """Real Excel types: dates as dates, numbers as numbers, '—' for a KPI
        with nothing to count, an empty cell for a missing date."""
        if kind == "date":
            if value:
                sheet.write_datetime(
                    row, col, datetime.combine(value, time.min), formats["date"]
                )
            else:
                sheet.write_blank(row, col, None)
        elif kind == "percent":
            if value is False:
                sheet.write_string(row, col, EMPTY, formats["empty"])
            else:
                sheet.write_number(row, col, value, formats["percent"])
        elif kind == "integer":
            sheet.write_number(row, col, value or 0, formats["integer"])
        else:
            sheet.write_string(row, col, value or "", formats["text"])

    def _kpi_columns(self, model):
        return [
            (self._label(model, kpi), 14, self._definition(model, kpi))
            for kpi in KPI_FIELDS
        ] + [(self._label(model, count), 12) for count in COUNT_FIELDS]

    def _write_kpis(self, sheet, row, col, record, formats):
        for kpi in KPI_FIELDS:
            self._write(sheet, row, col, record[kpi], formats, "percent")
            col += 1
        for count in COUNT_FIELDS:
            self._write(sheet, row, col, record[count], formats, "integer")
            col += 1

    # ------------------------------------------------------------------
    # Sheets
    # ------------------------------------------------------------------
    def _sheet_plans(self, workbook, formats, plans):
        model = "fgp.organisation.plan"
        columns = [
            (self._label(model, "name"), 40),
            (self._label(model, "partner_id"), 28),
            (self._label(model, "organisation_type"), 16),
            (self._label(model, "team_ids"), 30),
            (self._label(model, "date_start"), 12),
            (self._label(model, "date_end"), 12),
            (self._label(model, "maturity"), 24),
            (self._label(model, "target_maturity"), 24),
            (self._label(model, "user_id"), 22),
            (self._label(model, "state"), 14),
            (
                self._label(model, "action_progress"),
                12,
                self._definition(model, "action_progress"),
            ),
        ] + self._kpi_columns(model)
        sheet = self._new_sheet(workbook, formats, _("Organisation plans"), columns)
        for row, plan in enumerate(plans, start=1):
            organisation_type = self._selection(
                model, "organisation_type", plan.organisation_type
            )
            target = self._selection(model, "target_maturity", plan.target_maturity)
            values = [
                (plan.name, "text"),
                (plan.partner_id.display_name, "text"),
                (organisation_type, "text"),
                (", ".join(plan.team_ids.mapped("name")), "text"),
                (plan.date_start, "date"),
                (plan.date_end, "date"),
                (self._selection(model, "maturity", plan.maturity), "text"),
                (target, "text"),
                (plan.user_id.name, "text"),
                (self._selection(model, "state", plan.state), "text"),
                (plan.action_progress, "percent"),
            ]
            for col, (value, kind) in enumerate(values):
                self._write(sheet, row, col, value, formats, kind)
            self._write_kpis(sheet, row, len(values), plan, formats)
        self._finish_sheet(sheet, len(plans), columns)

    def _sheet_actions(self, workbook, formats, plans):
        model = "fgp.organisation.action"
        columns = [
            (self._label(model, "organisation_plan_id"), 40),
            (self._label(model, "area"), 30),
            (self._label(model, "name"), 44),
            (self._label(model, "user_id"), 22),
            (self._label(model, "deadline"), 12),
            (self._label(model, "progress"), 12, self._definition(model, "progress")),
            (self._label(model, "state"), 14),
            (self._label(model, "is_overdue"), 10),
        ]
        sheet = self._new_sheet(workbook, formats, _("Actions"), columns)
        areas = [key for key, _label in AREAS]
        actions = plans.action_ids.sorted(
            lambda a: (
                plans.ids.index(a.organisation_plan_id.id),
                areas.index(a.area),
                a.sequence,
                a.deadline or date.max,
                a.id,
            )
        )
        yes, no = _("Yes"), _("No")
        for row, action in enumerate(actions, start=1):
            values = [
                (action.organisation_plan_id.name, "text"),
                (self._selection(model, "area", action.area), "text"),
                (action.name, "text"),
                (action.user_id.name, "text"),
                (action.deadline, "date"),
                (action.progress, "integer"),
                (self._selection(model, "state", action.state), "text"),
                (yes if action.is_overdue else no, "text"),
            ]
            for col, (value, kind) in enumerate(values):
                self._write(sheet, row, col, value, formats, kind)
        self._finish_sheet(sheet, len(actions), columns)

    def _sheet_trend(self, workbook, formats, plans):
        model = "fgp.organisation.snapshot"
        columns = [
            (self._label(model, "organisation_plan_id"), 40),
            (self._label(model, "date"), 12),
        ] + self._kpi_columns(model)
        sheet = self._new_sheet(workbook, formats, _("KPI trend"), columns)
        snapshots = plans.snapshot_ids.sorted(
            lambda s: (plans.ids.index(s.organisation_plan_id.id), s.date)
        )
        for row, snapshot in enumerate(snapshots, start=1):
            self._write(
                sheet, row, 0, snapshot.organisation_plan_id.name, formats, "text"
            )
            self._write(sheet, row, 1, snapshot.date, formats, "date")
            self._write_kpis(sheet, row, 2, snapshot, formats)
        self._finish_sheet(sheet, len(snapshots), columns)
