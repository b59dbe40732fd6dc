from datetime import timedelta

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..tools import selection_labels
from .fgp_agreement_occurrence import TICK_FROM
from .fgp_agreement_recurrence import WEEKDAY_FIELDS

# Days of repeating agreements the plan page shows: the last ones and today's.
PORTAL_OCCURRENCE_DAYS = 14
# Who of the family may tick off a day besides the one who does it: the
# parents keep track of what the network does for their child.
TICK_ROLES = ("parent",)


class FgpPlan(models.Model):
    """Repeating agreements in the portal: the family makes them ("every Monday
    and Wednesday") and ticks their days off. Same checks as every portal write
    (fgp_plan_portal.py): a consented network member of this plan, the plan not
    locked, every id of this plan, every value parsed before anything is
    written."""

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    def _portal_recurrence_vals(self, recurrence, days, repeat_until):
        """The schedule a portal form sends, as agreement values; refused with
        a message when a value is not one the form offers."""
        recurrence = recurrence or "once"
        if recurrence not in selection_labels(self.env, "fgp.agreement", "recurrence"):
            raise UserError(
                _("This choice is not valid. Reload the page and try again.")
            )
        vals = {"recurrence": recurrence}
        for name in WEEKDAY_FIELDS:
            value = days.get(name)
            if value not in (None, False, "", "1", "on"):
                raise UserError(
                    _("This choice is not valid. Reload the page and try again.")
                )
            vals[name] = bool(value)
        until = self._portal_date(repeat_until)
        if recurrence == "once":
            return {}
        vals.update(
            repeat_start=fields.Date.context_today(self),
            repeat_end="date" if until else "evaluation",
            repeat_until=until,
        )
        return vals

    def portal_add_agreement(
        self,
        description,
        member_id=None,
        deadline=None,
        question_id=None,
        recurrence=None,
        repeat_until=None,
        **kwargs,
    ):
        """Add an agreement; a repeating one gets its schedule instead of a
        deadline, in the same savepoint (the controller's). The other values
        (where the help comes from) are fgp_plan_portal's."""
        days = {name: kwargs.pop(name, None) for name in WEEKDAY_FIELDS}
        vals = self._portal_recurrence_vals(recurrence, days, repeat_until)
        if vals and self._portal_date(deadline):
            raise UserError(
                _(
                    "An agreement that repeats has no single date. Choose the days, "
                    "and until when (not required)."
                )
            )
        agreement = super().portal_add_agreement(
            description,
            member_id,
            deadline=deadline,
            question_id=question_id,
            **kwargs,
        )
        if vals:
            draft = bool(agreement.is_family_draft)
            agreement.with_context(**self._portal_env_context(draft)).write(vals)
        return agreement

    def _portal_occurrences(self):
        """The recent days of this plan's repeating agreements, for its page
        (after the access check of the page)."""
        since = fields.Date.context_today(self) - timedelta(days=PORTAL_OCCURRENCE_DAYS)
        return (
            self._fgp_for_family()
            .env["fgp.agreement.occurrence"]
            .search(
                [
                    ("plan_id", "=", self.id),
                    ("date", ">=", since),
                    ("state", "!=", "cancelled"),
                ],
                order="date desc, id desc",
            )
        )

    def _portal_may_tick(self, member, agreement):
        return agreement.member_id == member or member.role in TICK_ROLES

    def _portal_may_untick(self, member, occurrence):
        """Who ticked a day off may take it back the same day: a tap by
        mistake on a phone is put right without the professional."""
        return (
            occurrence.state == "done"
            and occurrence.done_by_id == member.partner_id
            and occurrence.date_done == fields.Date.context_today(self)
        )

    def portal_tick_occurrence(self, occurrence_id):
        """A network member ticks off a day of a repeating agreement: their
        own, or as a parent."""
        member = self._portal_check_writable()
        occurrence = self._portal_child("fgp.agreement.occurrence", occurrence_id)
        agreement = occurrence.agreement_id
        if not self._portal_may_tick(member, agreement):
            raise AccessError(_("You can only tick off your own agreements."))
        if occurrence.state not in TICK_FROM:
            raise UserError(_("This day is already ticked off."))
        if occurrence.date > fields.Date.context_today(self):
            raise UserError(_("A day that has not come yet cannot be done."))
        draft = bool(agreement.is_family_draft)
        occurrence.with_context(**self._portal_env_context(draft)).write(
            {"state": "done"}
        )
        self._portal_touch(
            self._portal_note(
                _(
                    "Done on %(date)s.",
                    date=format_date(self.env, occurrence.date),
                ),
                agreement.description,
            ),
            draft,
        )
        return occurrence

    def portal_untick_occurrence(self, occurrence_id):
        """A network member takes back a day they ticked off by mistake, on the
        day they ticked it: it is open again, and the follow-up job judges it
        as any day not ticked off (missed after the grace days)."""
        member = self._portal_check_writable()
        occurrence = self._portal_child("fgp.agreement.occurrence", occurrence_id)
        agreement = occurrence.agreement_id
        if not self._portal_may_tick(member, agreement):
            raise AccessError(_("You can only tick off your own agreements."))
        if not self._portal_may_untick(member, occurrence):
            raise UserError(
                _("You can only take this back on the day you ticked it off yourself.")
            )
        draft = bool(agreement.is_family_draft)
        occurrence.with_context(**self._portal_env_context(draft)).write(
            {"state": "open"}
        )
        self._portal_touch(
            self._portal_note(
                _(
                    "Not done on %(date)s after all.",
                    date=format_date(self.env, occurrence.date),
                ),
                agreement.description,
            ),
            draft,
        )
        return occurrence
