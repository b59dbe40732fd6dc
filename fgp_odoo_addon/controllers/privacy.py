from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class FgpPrivacyPortal(http.Controller):
    """The young person's and the parents' own copy of their plan."""

    @http.route(
        "/my/plans/<int:plan_id>/download",
        type="http",
        auth="user",
        website=True,
    )
    def fgp_plan_download(self, plan_id, **kwargs):
        """Download the plan as a readable page: for the plan's young people and
        parents with consent, whom the portal rules let read it."""
        partner = request.env.user.partner_id
        plan = request.env["fgp.plan"].browse(plan_id)
        try:
            plan.check_access("read")
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not plan.exists() or not plan._fgp_may_download(partner):
            return request.redirect("/my")
        # Access was checked above; the page holds the family's content of this
        # one plan, its drafts included, never professional notes.
        family = plan._fgp_for_family()
        html = family.with_context(lang=request.env.lang)._fgp_person_export_html(
            partner, plans=family
        )
        plan._fgp_log("export")
        filename = _("Plan %(name)s.html", name=plan.name)
        return request.make_response(
            html,
            headers=[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
