# Copyright 2026 Familiegroepsplan contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared machinery of the organisation's XLSX reports: scope checks and a
streaming sheet writer. Reports measure; they never read professional notes."""

import datetime

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import selection_labels

MANAGER_GROUP = "fgp_odoo_addon.group_fgp_manager"
ADMIN_GROUP = "fgp_odoo_addon.group_fgp_admin"

# Column kinds: how a cell is written and how wide the column may become.
TEXT, DATE, INT, PERCENT = "text", "date", "int", "percent"
MAX_WIDTH = 60
DATE_WIDTH = 12


# Size of the comment box that holds a column's definition.
NOTE_OPTIONS = {"x_scale": 3, "y_scale": 2}


class FgpXlsxSheet:
    """One worksheet written row by row (xlsxwriter constant_memory mode):
    header in row 0, frozen, with an autofilter; columns fitted at the end.
    Columns are (header, kind) or (header, kind, definition): a definition
    (every percentage has one) is the header cell's comment, so the reader
    knows what was divided by what."""

    def __init__(self, workbook, formats, name, columns):
        self.sheet = workbook.add_worksheet(name)
        self.kinds = [column[1] for column in columns]
        self.widths = [len(column[0]) + 3 for column in columns]
        self.formats = formats
        self.row = 0
        for col, (header, _kind, *definition) in enumerate(columns):
            self.sheet.write_string(0, col, header, formats["header"])
            if definition:
                self.sheet.write_comment(0, col, definition[0], NOTE_OPTIONS)
        self.sheet.freeze_panes(1, 0)

    def append(self, values):
        """Write the next row; empty values (None, False, '') leave the cell empty.
        Written inline: this loop runs once per cell of 100,000-row sheets."""
        self.row += 1
        row = self.row
        sheet = self.sheet
        kinds = self.kinds
        widths = self.widths
        formats = self.formats
        for col, value in enumerate(values):
            if value is None or value is False or value == "":
                continue
            kind = kinds[col]
            if kind == TEXT:
                sheet.write_string(row, col, value)
                if len(value) > widths[col]:
                    widths[col] = len(value)
            elif kind == DATE:
                sheet.write_datetime(row, col, value, formats[DATE])
            else:
                sheet.write_number(row, col, value, formats[kind])

    def close(self):
        """Autofilter over what was written and fit the column widths."""
        last_col = len(self.kinds) - 1
        self.sheet.autofilter(0, 0, self.row, last_col)
        for col, kind in enumerate(self.kinds):
            width = self.widths[col]
            if kind == DATE:
                width = max(width, DATE_WIDTH)
            self.sheet.set_column(col, col, min(width + 1, MAX_WIDTH))


class FgpBaseXlsx(models.AbstractModel):
    _name = "report.fgp_odoo_addon.base_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Family group plan XLSX report base"

    def get_workbook_options(self):
        # constant_memory: every row goes to a temporary file as it is written, so
        # the workbook does not hold 100,000 rows of cell objects in memory.
        return {"constant_memory": True, "strings_to_numbers": False}

    def create_xlsx_report(self, docids, data):
        """Check who asks and what for before a single byte of the file exists:
        bad input ends in a clear error, never in an empty or broken file.
        Once the file is made, what it printed is logged here, whichever route
        asked for it (ir.actions.report._render_xlsx calls this)."""
        lang = self.env.context.get("lang") or self.env.user.lang
        report = self.with_context(lang=lang)
        report._fgp_check_user()
        objs = report._get_objs_for_report(docids, data)
        scope = report._fgp_scope(data or {}, objs)
        result = super(FgpBaseXlsx, report).create_xlsx_report(
            docids, dict(data or {}, fgp_scope=scope)
        )
        report._fgp_log_printed(scope)
        return result

    def _fgp_log_printed(self, scope):
        """Log the records the report printed: those of its scope (the
        selection, or the wizard's teams and period), as the exporting user
        may read them, with one INSERT for all of them."""
        Model = self.env[self._fgp_scope_model]
        self.env["fgp.access.log"]._log_query(
            Model,
            Model.with_context(active_test=False)._search(scope["domain"]),
            "print",
            plan_column=Model._fgp_plan_column(),
        )

    def generate_xlsx_report(self, workbook, data, objs):
        scope = (data or {}).get("fgp_scope") or self._fgp_scope(data or {}, objs)
        formats = self._fgp_formats(workbook)
        self._fgp_write(workbook, formats, scope)

    # ------------------------------------------------------------------
    # Hooks of the concrete reports
    # ------------------------------------------------------------------
    def _fgp_scope(self, data, objs):
        """Return the validated scope (domains) of the report."""
        raise NotImplementedError()

    def _fgp_write(self, workbook, formats, scope):
        raise NotImplementedError()

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _fgp_check_user(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only team managers can export family plan reports."))

    def _fgp_reportable_teams(self):
        """Teams whose plans the user may report on: all for the functional
        administrator, otherwise the teams they manage or work in."""
        Team = self.env["fgp.team"].with_context(active_test=False)
        if self.env.user.has_group(ADMIN_GROUP):
            return Team.search([])
        user = self.env.user
        return user.fgp_managed_team_ids | user.fgp_team_ids

    def _fgp_check_teams(self, team_ids):
        """Return the requested teams, refusing any the user may not report on."""
        Team = self.env["fgp.team"].with_context(active_test=False)
        teams = Team.browse([int(team_id) for team_id in team_ids or []])
        if len(teams.exists()) != len(teams):
            raise UserError(_("One of the chosen teams no longer exists."))
        forbidden = teams - self._fgp_reportable_teams()
        if forbidden:
            raise UserError(
                _(
                    "You may not report on team %(teams)s: you neither manage it nor "
                    "work in it.",
                    teams=", ".join(forbidden.mapped("name")),
                )
            )
        return teams

    def _fgp_check_period(self, date_from, date_to):
        date_from = fields.Date.to_date(date_from) if date_from else None
        date_to = fields.Date.to_date(date_to) if date_to else None
        if date_from and date_to and date_to < date_from:
            raise ValidationError(
                _(
                    "The period ends (%(end)s) before it starts (%(start)s).",
                    end=date_to,
                    start=date_from,
                )
            )
        return date_from, date_to

    def _fgp_filter_domain(self, options, date_field):
        """Domain of the wizard's teams and period (on ``date_field``), checked."""
        teams = self._fgp_check_teams(options.get("team_ids"))
        date_from, date_to = self._fgp_check_period(
            options.get("date_from"), options.get("date_to")
        )
        domain = []
        if teams:
            domain.append(("team_id", "in", teams.ids))
        if date_from:
            domain.append((date_field, ">=", date_from))
        if date_to:
            domain.append((date_field, "<=", date_to))
        return domain

    def _fgp_check_selection(self, objs):
        if not objs:
            raise UserError(_("Select the records to report on first."))

    # ------------------------------------------------------------------
    # Reading: one ORM query per model, whatever the number of rows
    # ------------------------------------------------------------------
    def _fgp_columns(self, records, field_names):
        """Raw cached values of fields just fetched with search_fetch, as lists
        aligned with ``records``: reading them record by record through the ORM
        costs more than writing the cells."""
        columns = []
        for name in field_names:
            field = records._fields[name]
            values = self.env.cache.get_until_miss(records, field)
            if len(values) != len(records):
                # not (all) in cache: read them the ordinary way
                values = [
                    field.convert_to_cache(record[name], record) for record in records
                ]
            columns.append(values)
        return columns

    def _fgp_names(self, model, ids, field_name="name"):
        """Map id -> name for the given ids, in one query, under the user's access:
        a record the user may not read simply has no name in the report."""
        ids = {record_id for record_id in ids if record_id}
        if not ids:
            return {}
        records = (
            self.env[model]
            .with_context(active_test=False)
            .search_fetch([("id", "in", list(ids))], [field_name])
        )
        return dict(
            zip(records.ids, self._fgp_columns(records, [field_name])[0], strict=True)
        )

    def _fgp_user_names(self, ids):
        """Names of users (their partner's name), in two queries."""
        partners = self._fgp_names("res.users", ids, "partner_id")
        names = self._fgp_names("res.partner", partners.values())
        return {
            user_id: names.get(partner_id, "")
            for user_id, partner_id in partners.items()
        }

    def _fgp_member_names(self, ids):
        """Names of network members (their contact's name), in two queries."""
        partners = self._fgp_names("fgp.network.member", ids, "partner_id")
        names = self._fgp_names("res.partner", partners.values())
        return {
            member_id: names.get(partner_id, "")
            for member_id, partner_id in partners.items()
        }

    def _fgp_selection(self, model, field_name):
        """Translated labels of a selection field, in the user's language."""
        return selection_labels(self.env, model, field_name)

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------
    def _fgp_formats(self, workbook):
        return {
            "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2"}),
            DATE: workbook.add_format({"num_format": "dd-mm-yyyy"}),
            INT: workbook.add_format({"num_format": "0"}),
            PERCENT: workbook.add_format({"num_format": "0%"}),
        }

    def _fgp_sheet(self, workbook, formats, name, columns):
        return FgpXlsxSheet(workbook, formats, name, columns)

    @staticmethod
    def _fgp_today(record):
        return fields.Date.context_today(record)

    @staticmethod
    def _fgp_week_end(today):
        """Sunday of the current week."""
        return today + datetime.timedelta(days=6 - today.weekday())
