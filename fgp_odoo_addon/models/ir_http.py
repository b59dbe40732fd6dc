import re

from odoo import api, models
from odoo.http import request

PORTAL_PLAN_PATH = re.compile(r"^/my/plans/(\d+)/?$")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        """Log every portal page of a plan that was actually shown.

        Hooked here rather than in the controllers, so the page
        ``/my/plans/<id>`` is logged whichever controller serves it; a redirect
        (no access) or an error is not a view. Spreadsheet reports are logged
        where they are made (ir.actions.report._render_xlsx), whatever the
        route."""
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
