from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import FgpCustomerPortal


class FgpPlanVersionPortal(FgpCustomerPortal):
    """The kept versions of a plan in the portal, two of them side by side."""

    @http.route(
        ["/my/plans/<int:plan_id>/versions"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_plan_versions(self, plan_id, a=None, b=None, **kw):
        try:
            plan = self._fgp_plan_check_access(plan_id, log="portal_view")
        except (AccessError, MissingError):
            return request.redirect("/my")
        # sudo: the user is a consented network member of the plan (checked just
        # above); versions hold the plan's family content and safety conditions,
        # never notes.
        plan_sudo = plan.sudo()
        versions = plan_sudo.version_ids.sorted("version", reverse=True)
        version_a = self._pick_version(versions, a) or versions[1:2] or versions[:1]
        version_b = self._pick_version(versions, b) or versions[:1]
        values = {
            "plan": plan_sudo,
            "versions": versions,
            "version_a": version_a,
            "version_b": version_b,
            "comparison": version_a._render_comparison(version_b)
            if version_a and version_b
            else False,
            "page_name": "fgp_plan_versions",
            "additional_title": _("Versions | %(plan)s", plan=plan.name),
        }
        return request.render("fgp_odoo_addon.portal_plan_versions", values)

    @staticmethod
    def _pick_version(versions, value):
        try:
            version_id = int(value or 0)
        except ValueError:
            return versions.browse()
        return versions.filtered(lambda v: v.id == version_id)
