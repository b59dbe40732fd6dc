import re

from odoo import api, models
from odoo.http import request

# Spreadsheet reports (OCA report_xlsx) are not rendered through QWeb, so
# ir.actions.report cannot see them print: their route is logged here instead.
XLSX_REPORT_PATH = re.compile(r"^/report/xlsx/([\w.]+)/([\d,]+)/?$")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        """Log every spreadsheet report of a plan's file that was actually
        served; a redirect (no access) or an error is not a print. (The portal
        pages of a plan are logged by their own access check, in
        controllers/portal.py.)"""
        result = super()._post_dispatch(response)
        if getattr(response, "status_code", 200) == 200:
            request.env["ir.http"]._fgp_log_path(request.httprequest.path)
        return result

    @api.model
    def _fgp_log_path(self, path):
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
