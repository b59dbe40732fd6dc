from odoo import _, fields, http
from odoo.http import request

from ..models.fgp_agreement_recurrence import WEEKDAY_FIELDS
from ..tools import selection_labels
from .portal import FgpCustomerPortal


class FgpOccurrencePortal(FgpCustomerPortal):
    """Repeating agreements on the plan page: made with their days of the week,
    and each day ticked off. Through the one access check of every /my/plans
    route (`_fgp_post` calls `_fgp_plan_check_access`)."""

    def _fgp_plan_page_values(self, plan):
        values = super()._fgp_plan_page_values(plan)
        me = values["me"]
        occurrence_states = selection_labels(
            request.env, "fgp.agreement.occurrence", "state"
        )
        Agreement = request.env["fgp.agreement"]
        values["weekdays"] = [
            (name, Agreement._fields[name]._description_string(request.env))
            for name in WEEKDAY_FIELDS
        ]
        values["today"] = fields.Date.context_today(plan)
        # Safety after acceptance (models/fgp_plan_safety_review.py), in words.
        states = {c["state"] for c in values["conditions"]}
        values["safety_assessed"] = plan.state == "active" and "met" in states
        values["safety_waiting"] = plan.state == "submitted" and "open" in states
        values["occurrences"] = [
            {
                "record": occurrence,
                "description": occurrence.agreement_id.description,
                "who": occurrence.agreement_id.responsible_name or "",
                "schedule": occurrence.agreement_id._fgp_schedule_label(),
                "state_label": occurrence_states.get(occurrence.state, ""),
                # compares the responsible member with the user's own, no data
                "may_tick": plan._portal_may_tick(me, occurrence.agreement_id),
                "may_untick": plan._portal_may_untick(me, occurrence),
            }
            for occurrence in plan._portal_occurrences()
        ]
        return values

    def _fgp_agreement_form(self, form):
        """A repeating agreement's schedule comes with the agreement form."""
        values = super()._fgp_agreement_form(form)
        for name in ("recurrence", "repeat_until", *WEEKDAY_FIELDS):
            values[name] = form.get(name)
        return values

    @http.route(
        "/my/plans/<int:plan_id>/occurrence/<int:occurrence_id>/done",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_occurrence_done(self, plan_id, occurrence_id, **kw):
        return self._fgp_post(
            plan_id,
            "portal_tick_occurrence",
            _("Well done! The day is ticked off."),
            anchor="#fgp_occurrences",
            occurrence_id=occurrence_id,
        )

    @http.route(
        "/my/plans/<int:plan_id>/occurrence/<int:occurrence_id>/undo",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_plan_occurrence_undo(self, plan_id, occurrence_id, **kw):
        return self._fgp_post(
            plan_id,
            "portal_untick_occurrence",
            _("The day is open again: it is not ticked off."),
            anchor="#fgp_occurrences",
            occurrence_id=occurrence_id,
        )
