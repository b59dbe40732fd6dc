from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import FgpCustomerPortal


class FgpPortalSupport(FgpCustomerPortal):
    """What supports the family in making its plan: reaching the professional,
    the young person's own words, help with making the plan, the plan on paper,
    and taking back "I did this". Every route goes through
    ``_fgp_plan_check_access``, like every /my/plans/<id> route."""

    def _fgp_plan_page_values(self, plan):
        values = super()._fgp_plan_page_values(plan)
        me = values["me"]
        # sudo: the names and work contact details of the plan's professional and
        # team, which the family needs to reach them; nothing else of them
        plan_sudo = plan.sudo()
        professional = plan_sudo.professional_id
        team = plan_sudo.team_id
        values.update(
            {
                "support_contacts": [
                    contact
                    for contact in (
                        professional
                        and {
                            "name": professional.name,
                            "what": _("Your professional"),
                            "phone": professional.partner_id.phone or "",
                            "email": professional.email or "",
                        },
                        team
                        and {
                            "name": team.name,
                            "what": _("The team"),
                            "phone": team.phone or "",
                            "email": team.email or "",
                        },
                    )
                    if contact
                ],
                "family_messages": [
                    {
                        "author": message.author_id.name or "",
                        "date": message.date,
                        "body": message.body,
                        "is_mine": message.author_id == me.partner_id,
                    }
                    for message in plan._portal_family_messages()
                ],
                "is_youth": bool(plan._portal_youth_member()),
                "youth_voice": plan_sudo.youth_voice or "",
                "youth_voice_by": plan_sudo.youth_voice_by_id.name or "",
                "youth_voice_date": plan_sudo.youth_voice_date,
                "may_download_privacy": plan._fgp_may_download(
                    request.env.user.partner_id
                ),
                "today": fields.Date.context_today(plan),
            }
        )
        return values

    @http.route(
        "/my/plans/<int:plan_id>/message",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_message(self, plan_id, body=None, **kw):
        return self._fgp_post(
            plan_id,
            "portal_send_message",
            _("Your message is sent to the professional."),
            anchor="#fgp_contact",
            body=body,
        )

    @http.route(
        "/my/plans/<int:plan_id>/youth_voice",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_youth_voice(self, plan_id, youth_voice=None, **kw):
        return self._fgp_post(
            plan_id,
            "portal_save_youth_voice",
            _("Your own words are saved."),
            anchor="#fgp_youth",
            youth_voice=youth_voice,
        )

    @http.route(
        "/my/plans/<int:plan_id>/agreement/<int:agreement_id>/undo",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_agreement_undo(self, plan_id, agreement_id, **kw):
        return self._fgp_post(
            plan_id,
            "portal_undo_done",
            _("The agreement is open again."),
            anchor=f"#fgp_agreement_{agreement_id}",
            agreement_id=agreement_id,
        )

    @http.route("/my/plans/<int:plan_id>/help", type="http", auth="user", website=True)
    def portal_plan_help(self, plan_id, **kw):
        """Help with making the plan: the family's right, what may go in it,
        and where independent support is."""
        try:
            plan = self._fgp_plan_check_access(plan_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "plan": plan,
                "page_name": "fgp_plan",
                "help_texts": request.env["res.config.settings"]._fgp_help_texts(),
                "support_links": request.env["fgp.support.link"].search([]),
                "templates": request.env["fgp.section.template"].search([]),
            }
        )
        return request.render("fgp_odoo_addon.portal_plan_help", values)

    @http.route("/my/plans/<int:plan_id>/pdf", type="http", auth="user", website=True)
    def portal_plan_pdf(self, plan_id, **kw):
        """The plan on paper, for the family: its own drafts included. Printing
        is logged where the file is made (ir.actions.report)."""
        try:
            plan = self._fgp_plan_check_access(plan_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        content, report_type = (
            request.env["report.fgp_odoo_addon.report_family_plan"]
            .with_context(lang=request.env.lang)
            ._fgp_render_for_family(plan)
        )
        filename = _("Our plan %(name)s.pdf", name=plan.name)
        # Odoo answers the page itself (html) instead of a PDF while it runs
        # its tests; either way it is a file to keep, not a page.
        kind = "application/pdf" if report_type == "pdf" else "text/html; charset=utf-8"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", kind),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
