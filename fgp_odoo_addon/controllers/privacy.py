from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import FgpCustomerPortal


class FgpPrivacyPortal(FgpCustomerPortal):
    """The young person's and the parents' own copy of their plan."""

    @http.route(
        "/my/plans/<int:plan_id>/download",
        type="http",
        auth="user",
        website=True,
    )
    def fgp_plan_download(self, plan_id, **kwargs):
        """Download the plan as a readable page: for the plan's young people and
        parents in its network with consent. It holds this one plan only."""
        try:
            plan = self._fgp_plan_check_access(plan_id, log="export", download=True)
        except (AccessError, MissingError):
            return request.redirect("/my")
        html = plan.with_context(lang=request.env.lang)._fgp_plan_export_html(
            request.env.user.partner_id
        )
        filename = _("Plan %(name)s.html", name=plan.name)
        return request.make_response(
            html,
            headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
