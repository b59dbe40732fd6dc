from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import html2plaintext

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.fgp_plan import FINISHED_STATES
from ..models.fgp_plan_portal import PORTAL_MAX_ID

MESSAGE_KEY = "fgp_portal_message"
# The message of a form that shows it next to itself (see _fgp_post).
FORM_MESSAGE_KEY = "fgp_portal_form_message"


class FgpCustomerPortal(CustomerPortal):
    """The family's own plan in the portal: /my/plans.

    Access: every /my/plans/<id> route (the page, its writes, the versions and the
    download) goes through `_fgp_plan_check_access`: the logged-in user must be a
    network member of that plan with consent, and the plan's record rules must let
    them read it. No access token, hash or pid opens a plan: it is a care record
    (Jeugdwet), and a forwarded link must not show it to anyone outside the network.
    """

    def _fgp_plan_domain(self):
        partner = request.env.user.partner_id
        return [
            (
                "network_member_ids",
                "any",
                [("partner_id", "=", partner.id), ("consent_date", "!=", False)],
            )
        ]

    def _prepare_home_portal_values(self, counters):
        """The portal home's count of plans: only those the user may read."""
        values = super()._prepare_home_portal_values(counters)
        if "fgp_plan_count" in counters:
            Plan = request.env["fgp.plan"]
            values["fgp_plan_count"] = (
                Plan.search_count(self._fgp_plan_domain())
                if Plan.has_access("read")
                else 0
            )
        return values

    def _fgp_plan_check_access(self, plan_id, log=None, download=False):
        """Return the plan in the user's own environment, or raise AccessError
        (MissingError for an id that is no plan).

        The one check of every /my/plans/<id> route. ``download``: the user must
        also be one of the plan's young people or parents. A route that shows the
        plan's content passes ``log``, the access-log operation of what it shows
        (``portal_view``, ``export``): the entry is written here, where the page
        is produced, for what was actually let through."""
        if not 0 < plan_id <= PORTAL_MAX_ID:
            raise MissingError(_("This plan does not exist."))
        plan = request.env["fgp.plan"].browse(plan_id)
        plan.check_access("read")
        plan._portal_member()
        if download and not plan._fgp_may_download(request.env.user.partner_id):
            raise AccessError(_("Only the young people and parents can download it."))
        if log:
            plan._fgp_log(log)
        return plan

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    @http.route(
        ["/my/plans", "/my/plans/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_plans(self, page=1, **kw):
        values = self._prepare_portal_layout_values()
        Plan = request.env["fgp.plan"]
        domain = self._fgp_plan_domain()
        total = Plan.search_count(domain)
        pager = portal_pager(
            url="/my/plans", total=total, page=page, step=self._items_per_page
        )
        plans = Plan.search(domain, limit=self._items_per_page, offset=pager["offset"])
        request.session["my_fgp_plans_history"] = plans.ids[:100]
        values.update(
            {
                "plans": plans,
                "page_name": "fgp_plan",
                "default_url": "/my/plans",
                "pager": pager,
            }
        )
        return request.render("fgp_odoo_addon.portal_my_plans", values)

    @http.route(["/my/plans/<int:plan_id>"], type="http", auth="user", website=True)
    def portal_my_plan(self, plan_id, **kw):
        try:
            plan = self._fgp_plan_check_access(plan_id, log="portal_view")
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._fgp_plan_page_values(plan)
        return request.render("fgp_odoo_addon.portal_my_plan", values)

    def _fgp_plan_page_values(self, plan):
        me = plan._portal_member()
        # sudo: portal users may not read other people's contacts; only the name,
        # role and relation of this plan's own network members are taken here,
        # never their phone number or e-mail address (consent to share the plan is
        # not consent to share one's contact details; the network has its own ways).
        members = plan.network_member_ids.sudo()
        roles = plan._fgp_family_words()["role"]
        agreements = [
            {
                "record": agreement,
                # only the names of who is responsible; the agreement itself was
                # read with the portal user's own rights (drafts included)
                "who": family.responsible_name or agreement._source_label(),
                "provider": family.provider_id.name or "",
                # (label, class, icon): an open agreement past its deadline
                # says so in words ("Te laat"), not only in colour
                "status": plan._fgp_family_status(
                    "agreement_state",
                    "overdue" if agreement.is_overdue else agreement.state,
                ),
                "question": agreement.question_id.name or "",
                # compares the responsible member with the user's own, no data
                "is_mine": family.member_id == me,
            }
            for agreement in plan.agreement_ids
            for family in [agreement._fgp_for_family()]
        ]
        values = {
            "plan": plan,
            "me": me,
            "is_locked": plan.state in FINISHED_STATES,
            "is_drafting": plan.state == "preparing",
            "status": plan._fgp_family_status("plan_state", plan.state),
            "sections": [
                {"record": s, "text": html2plaintext(s.body or "")}
                for s in plan.section_ids
            ],
            "questions": plan.question_ids,
            "agreements": agreements,
            "network": [
                {
                    "id": m.id,
                    "name": m.partner_id.name or "",
                    # The family calls its client by name, not by a role.
                    "role": m.relation
                    or ("" if m._fgp_is_client() else roles.get(m.role, "")),
                    "is_designated": m.is_designated,
                    "is_me": m == me,
                }
                for m in members
            ],
            "conditions": [
                {
                    "description": c.description,
                    "state": c.state,
                    "status": plan._fgp_family_status("condition_state", c.state),
                }
                for c in plan.safety_condition_ids
            ],
            "message": request.session.pop(MESSAGE_KEY, None),
            "form_message": request.session.pop(FORM_MESSAGE_KEY, None),
            "page_name": "fgp_plan",
            # the browser's title names the page and the plan (WCAG 2.4.2)
            "additional_title": _("%(plan)s | My plans", plan=plan.name),
        }
        # Without the token, hash and pid Odoo's page values would carry along.
        return self._get_page_view_values(
            plan, None, values, "my_fgp_plans_history", False
        )

    # ------------------------------------------------------------------
    # Writes: POST forms with CSRF; the model methods check membership, the
    # plan's state and that every id belongs to this plan before writing.
    # ------------------------------------------------------------------
    def _fgp_post(self, plan_id, method, success, anchor="", form=None, **kwargs):
        """Run the plan's ``method`` for the member; its message is shown next
        to what was just done (``anchor``), or next to the ``form`` it is about
        (with the field an error names, see fgp_plan_network.PortalFieldError)."""
        try:
            plan = self._fgp_plan_check_access(plan_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            # A savepoint: a refused write leaves nothing half-written behind.
            with request.env.cr.savepoint():
                getattr(plan, method)(**kwargs)
        except (AccessError, MissingError):
            return request.redirect("/my")
        except (UserError, ValidationError) as error:
            message = {
                "type": "danger",
                "text": error.args[0],
                "field": getattr(error, "field", None),
            }
        else:
            message = {"type": "success", "text": success}
        if form:
            # Next to its own form, with the field an error names.
            request.session[FORM_MESSAGE_KEY] = dict(message, form=form)
        else:
            # "for": the part or item of the page the message is about, the
            # anchor the page scrolls to. The message shows there, next to what
            # was just done, and an error's fields point to it
            # (aria-describedby, aria-invalid).
            request.session[MESSAGE_KEY] = dict(message, **{"for": anchor.lstrip("#")})
        return request.redirect(f"/my/plans/{plan.id}{anchor}")

    @http.route(
        "/my/plans/<int:plan_id>/section/save",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_section_save(
        self, plan_id, name=None, body=None, section_id=None, **kw
    ):
        return self._fgp_post(
            plan_id,
            "portal_save_section",
            _("The chapter is saved."),
            anchor="#fgp_chapters",
            name=name,
            body=body,
            section_id=section_id,
        )

    @http.route(
        "/my/plans/<int:plan_id>/section/<int:section_id>/remove",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_section_remove(self, plan_id, section_id, **kw):
        return self._fgp_post(
            plan_id,
            "portal_remove_section",
            _("The chapter is removed."),
            anchor="#fgp_chapters",
            section_id=section_id,
        )

    @http.route(
        "/my/plans/<int:plan_id>/question/add",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_question_add(self, plan_id, name=None, **kw):
        return self._fgp_post(
            plan_id,
            "portal_add_question",
            _("The help question is added."),
            anchor="#fgp_questions",
            name=name,
        )

    @http.route(
        "/my/plans/<int:plan_id>/agreement/add",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_agreement_add(self, plan_id, **kw):
        return self._fgp_post(
            plan_id,
            "portal_add_agreement",
            _("The agreement is added."),
            anchor="#fgp_agreements",
            **self._fgp_agreement_form(kw),
        )

    def _fgp_agreement_form(self, form):
        """The fields of the agreement form that reach the plan's
        portal_add_agreement; nothing else the browser sends does."""
        return {
            name: form.get(name)
            for name in (
                "description",
                "member_id",
                "deadline",
                "question_id",
                "source",
                "provider_name",
                "provider_description",
            )
        }

    @http.route(
        "/my/plans/<int:plan_id>/agreement/<int:agreement_id>/done",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_agreement_done(self, plan_id, agreement_id, **kw):
        return self._fgp_post(
            plan_id,
            "portal_mark_done",
            _("Well done! The agreement is marked done."),
            anchor=f"#fgp_agreement_{agreement_id}",
            agreement_id=agreement_id,
        )

    @http.route(
        "/my/plans/<int:plan_id>/agreement/<int:agreement_id>/remark",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_agreement_remark(self, plan_id, agreement_id, remark=None, **kw):
        return self._fgp_post(
            plan_id,
            "portal_add_remark",
            _("Your remark is saved."),
            anchor=f"#fgp_agreement_{agreement_id}",
            agreement_id=agreement_id,
            remark=remark,
        )

    @http.route(
        "/my/plans/<int:plan_id>/share",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_share(self, plan_id, **kw):
        return self._fgp_post(
            plan_id,
            "action_share_family_draft",
            _("The draft is shared with the professional."),
        )
