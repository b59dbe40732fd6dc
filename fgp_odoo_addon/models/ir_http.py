import re

from odoo import models
from odoo.http import request

PORTAL_PLAN_PATH = re.compile(r"^/my/plans/(\d+)/?$")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        """Log every portal page of a plan that was actually shown.

        Hooked here rather than in the portal controller, so the page
        ``/my/plans/<id>`` is logged whichever controller serves it; a redirect
        (no access) or an error is not a view."""
        result = super()._post_dispatch(response)
        match = PORTAL_PLAN_PATH.match(request.httprequest.path)
        if match and getattr(response, "status_code", 200) == 200:
            plan = request.env["fgp.plan"].browse(int(match.group(1)))
            request.env["fgp.access.log"]._log_portal_view(plan)
        return result
