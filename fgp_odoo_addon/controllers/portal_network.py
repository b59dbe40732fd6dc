from odoo import _, http

from .portal import FgpCustomerPortal


class FgpNetworkPortal(FgpCustomerPortal):
    """The family holds the pen: its network, contact person, meeting and
    ready plan (models/fgp_plan_network.py). Every route goes through
    ``_fgp_post``, so through ``_fgp_plan_check_access``; its message is shown
    next to the form it is about (``form``)."""

    def _fgp_plan_page_values(self, plan):
        values = super()._fgp_plan_page_values(plan)
        values.update(plan._portal_network_values(values["me"]))
        return values

    @http.route(
        "/my/plans/<int:plan_id>/network/add",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_network_add(
        self, plan_id, name=None, relation=None, phone=None, email=None, role=None, **kw
    ):
        return self._fgp_post(
            plan_id,
            "portal_add_member",
            _("The person is added. Give your consent to share the plan below."),
            anchor="#fgp_network",
            form="member_add",
            name=name,
            relation=relation,
            phone=phone,
            email=email,
            role=role,
        )

    @http.route(
        "/my/plans/<int:plan_id>/network/remove",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_network_remove(self, plan_id, member_id=None, **kw):
        return self._fgp_post(
            plan_id,
            "portal_remove_member",
            _("The person is taken out of the network."),
            anchor="#fgp_network",
            form="member_remove",
            member_id=member_id,
        )

    @http.route(
        "/my/plans/<int:plan_id>/network/consent",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_network_consent(self, plan_id, member_id=None, **kw):
        return self._fgp_post(
            plan_id,
            "portal_give_consent",
            _("Thank you. Your consent is saved."),
            anchor="#fgp_consent",
            form="consent",
            member_id=member_id,
        )

    @http.route(
        "/my/plans/<int:plan_id>/network/contact_person",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_contact_person(self, plan_id, member_id=None, **kw):
        return self._fgp_post(
            plan_id,
            "portal_choose_contact_person",
            _("The contact person is saved."),
            anchor="#fgp_network",
            form="contact_person",
            member_id=member_id,
        )

    @http.route(
        "/my/plans/<int:plan_id>/meeting",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_meeting(self, plan_id, date=None, time=None, place=None, **kw):
        return self._fgp_post(
            plan_id,
            "portal_propose_meeting",
            _("The meeting is saved. The professional sees it too."),
            anchor="#fgp_meeting",
            form="meeting",
            date=date,
            time=time,
            place=place,
        )

    @http.route(
        "/my/plans/<int:plan_id>/ready",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_ready(self, plan_id, **kw):
        return self._fgp_post(
            plan_id,
            "portal_plan_ready",
            _(
                "Your plan is ready and sent to the professional. Everyone in the "
                "network can now say they stand behind it."
            ),
            anchor="#fgp_ready",
            form="ready",
        )

    @http.route(
        "/my/plans/<int:plan_id>/endorse",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_endorse(self, plan_id, **kw):
        return self._fgp_post(
            plan_id,
            "portal_endorse",
            _("Thank you. It is saved that you stand behind this plan."),
            anchor="#fgp_ready",
            form="ready",
        )
