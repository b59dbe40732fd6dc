# Copyright 2026 Familiegroepsplan contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

REPORTS = {
    "agreement_overview": "fgp_odoo_addon.fgp_agreement_overview_report",
    "plan_register": "fgp_odoo_addon.fgp_plan_register_report",
}
# The reports' common model: the checks of teams and period.
BASE_REPORT = "report.fgp_odoo_addon.base_xlsx"


class FgpReportWizard(models.TransientModel):
    """Choose a report, the teams and the period, and download the workbook."""

    _name = "fgp.report.wizard"
    _description = "Family group plan report"

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    def _default_date_to(self):
        return fields.Date.context_today(self).replace(month=12, day=31)

    def _domain_team_ids(self):
        """The teams the reports accept (their own rule)."""
        return [("id", "in", self.env[BASE_REPORT]._fgp_reportable_teams().ids)]

    report_type = fields.Selection(
        [
            ("agreement_overview", "Agreements overview"),
            ("plan_register", "Plans register"),
        ],
        string="Report",
        required=True,
        default="agreement_overview",
    )
    team_ids = fields.Many2many(
        "fgp.team",
        string="Teams",
        domain=_domain_team_ids,
        help="Leave empty for every team you manage or work in.",
    )
    date_from = fields.Date(string="From", default=_default_date_from)
    date_to = fields.Date(string="To", default=_default_date_to)
    period_help = fields.Char(compute="_compute_period_help")

    @api.depends("report_type")
    def _compute_period_help(self):
        for wizard in self:
            if wizard.report_type == "plan_register":
                wizard.period_help = _("Plans offered in this period.")
            else:
                wizard.period_help = _("Agreements with their deadline in this period.")

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        """The reports' own check of the period, as soon as it is chosen."""
        for wizard in self:
            self.env[BASE_REPORT]._fgp_check_period(wizard.date_from, wizard.date_to)

    def _report_data(self):
        self.ensure_one()
        return {
            "fgp_filter": {
                "team_ids": self.team_ids.ids,
                "date_from": fields.Date.to_string(self.date_from)
                if self.date_from
                else False,
                "date_to": fields.Date.to_string(self.date_to)
                if self.date_to
                else False,
            }
        }

    def _check_report(self):
        """Run the report's own checks now, so the user stays in the dialog with
        a clear message instead of getting a download error."""
        report = self.env.ref(REPORTS[self.report_type])
        report_model = self.env[f"report.{report.report_name}"]
        report_model._fgp_check_user()
        report_model._fgp_scope(self._report_data(), self.env[report.model])
        return report

    def action_print(self):
        self.ensure_one()
        report = self._check_report()
        return report.report_action(None, data=self._report_data(), config=False)
