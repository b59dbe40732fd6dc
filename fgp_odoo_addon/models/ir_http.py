import re

from odoo import api, models
from odoo.http import request

PORTAL_PLAN_PATH = re.compile(r"^/my/plans/(\d+)/?$")
# Spreadsheet reports (OCA report_xlsx) are not rendered through QWeb, so
# ir.actions.report cannot see them print: their route is logged here instead.
XLSX_REPORT_PATH = re.compile(r"^/report/xlsx/([\w.]+)/([\d,]+)/?$")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        """Log every portal page of a plan that was actually shown, and every
        spreadsheet report of a plan's file.

        Hooked here rather than in the controllers, so the page
        ``/my/plans/<id>`` is logged whichever controller serves it; a redirect
        (no access) or an error is not a view."""
        result = super()._post_dispatch(response)
        if getattr(response, "status_code", 200) == 200:
            request.env["ir.http"]._fgp_log_path(request.httprequest.path)
        return result

    @api.model
    def _fgp_log_path(self, path):
        match = PORTAL_PLAN_PATH.match(path)
        if match:
            plan = self.env["fgp.plan"].browse(int(match.group(1)))
            self.env["fgp.access.log"]._log_portal_view(plan)
            return
        match = XLSX_REPORT_PATH.match(path)
        if match:
            # sudo: only to find which model the report prints; the entry is
            # written for the requesting user.
            report = (
                self.env["ir.actions.report"]
                .sudo()
                .search([("report_name", "=", match.group(1))], limit=1)
            )
            model = self.env.get(report.model) if report else None
            if model is not None and hasattr(model, "_fgp_log"):
                ids = [int(i) for i in match.group(2).split(",") if i]
                model.browse(ids)._fgp_log("print")
