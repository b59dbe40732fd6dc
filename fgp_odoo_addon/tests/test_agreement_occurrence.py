from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError

from .common_follow_up import FollowUpCase
from .world import DUTCH, load_dutch

# Monday 2 February 2026 .. Sunday 1 March 2026.
MONDAY = date(2026, 2, 2)


class RepeatingCase(FollowUpCase):
    """A weekly agreement of the follow-up plan, on Monday and Wednesday."""

    def _repeating(self, **vals):
        values = {
            "plan_id": self.plan.id,
            "description": "Oma brengt Lisa naar school",
            "source": "network",
            "member_id": self.member_oma.id,
            "recurrence": "weekly",
            "repeat_mon": True,
            "repeat_wed": True,
            "repeat_start": MONDAY,
            "repeat_end": "date",
            "repeat_until": date(2026, 3, 31),
        }
        values.update(vals)
        return self.env["fgp.agreement"].create(values)

    def _days(self, agreement):
        return agreement.occurrence_ids.sorted("date")


class TestAgreementOccurrence(RepeatingCase):
    """Repeating agreements: their days are made by the follow-up job, ticked
    off, missed after the grace days, and a run of missed days escalates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon"], ["nl_NL"], overwrite=True
        )

    def test_weekly_days(self):
        """Every Monday and Wednesday up to today, once, however often it runs."""
        agreement = self._repeating()
        self._run(date(2026, 2, 15))
        self.assertEqual(
            self._days(agreement).mapped("date"),
            [date(2026, 2, d) for d in (2, 4, 9, 11)],
        )
        self._run(date(2026, 2, 15))
        self.assertEqual(len(agreement.occurrence_ids), 4)
        self._run(date(2026, 2, 16))
        self.assertEqual(len(agreement.occurrence_ids), 5)
        self.assertEqual(agreement.occurrences_until, date(2026, 2, 16))

    def test_two_weeks_and_monthly(self):
        two_weeks = self._repeating(recurrence="two_weeks", repeat_wed=False)
        monthly = self._repeating(
            recurrence="monthly",
            repeat_start=date(2026, 1, 31),
            repeat_until=date(2026, 4, 30),
        )
        self._run(date(2026, 3, 31))
        self.assertEqual(
            self._days(two_weeks).mapped("date"),
            [
                date(2026, 2, 2),
                date(2026, 2, 16),
                date(2026, 3, 2),
                date(2026, 3, 16),
                date(2026, 3, 30),
            ],
        )
        # The 31st, or the month's last day when it is shorter.
        self.assertEqual(
            self._days(monthly).mapped("date"),
            [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)],
        )

    def test_until_the_next_evaluation(self):
        """Until the next evaluation: it stops there, and is looked at again."""
        self.plan.date_next_evaluation = date(2026, 2, 10)
        agreement = self._repeating(repeat_end="evaluation", repeat_until=False)
        self.assertEqual(agreement.repeat_end_date, date(2026, 2, 10))
        self.assertEqual(agreement.date_review, date(2026, 2, 10))
        self._run(date(2026, 2, 20))
        self.assertEqual(
            self._days(agreement).mapped("date"),
            [date(2026, 2, 2), date(2026, 2, 4), date(2026, 2, 9)],
        )

    def test_no_days_for_drafts_or_plans_not_active(self):
        draft = self._repeating(is_family_draft=True)
        self.plan.action_revise()
        agreement = self._repeating()
        self._run(date(2026, 2, 15))
        self.assertFalse(draft.sudo()._fgp_for_family().occurrence_ids)
        self.assertFalse(agreement.occurrence_ids)

    def test_tick_off_and_missed_after_grace(self):
        agreement = self._repeating()
        self._run(date(2026, 2, 4))
        monday, wednesday = self._days(agreement)
        monday.with_user(self.professional).action_done()
        self.assertEqual(monday.state, "done")
        self.assertEqual(monday.done_by_id, self.professional.partner_id)
        self._run(date(2026, 2, 6))
        self.assertEqual(wednesday.state, "open", "two days of grace")
        self._run(date(2026, 2, 7))
        self.assertEqual(wednesday.state, "missed")
        self.assertEqual(agreement.state, "open", "one missed day does not escalate")
        self.assertFalse(self._activities())
        # Done after all, on the family's word.
        wednesday.with_user(self.professional).action_done()
        self.assertEqual(wednesday.state, "done")

    def test_run_of_missed_days_escalates_once(self):
        """Two missed days in a row: the case professional calls the designated
        contact; the third missed day does not call again."""
        agreement = self._repeating(member_id=self.member_opa.id)
        self._run(date(2026, 2, 8))
        self.assertEqual(set(agreement.occurrence_ids.mapped("state")), {"missed"})
        self.assertEqual(agreement.state, "missed")
        activity = self._activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.fgp_agreement_id, agreement)
        self.assertTrue(all(agreement.occurrence_ids.mapped("escalated")))
        self._run(date(2026, 2, 12))
        self.assertEqual(len(self._activities()), 1)
        third = self._days(agreement)[2]
        self.assertEqual(third.state, "missed")
        self.assertFalse(third.escalated, "the next run starts after the escalated one")

    def test_done_day_breaks_the_run(self):
        agreement = self._repeating(member_id=self.member_opa.id)
        self._run(date(2026, 2, 4))
        self._days(agreement)[1].action_done()
        self._run(date(2026, 2, 12))
        self.assertEqual(
            self._days(agreement).mapped("state"),
            ["missed", "done", "missed", "open"],
        )
        self.assertEqual(agreement.state, "open")
        self.assertFalse(self._activities())

    def test_run_length_is_configurable(self):
        self.env["ir.config_parameter"].set_param(
            "fgp_odoo_addon.occurrence_missed_run", "3"
        )
        agreement = self._repeating(member_id=self.member_opa.id)
        self._run(date(2026, 2, 8))
        self.assertEqual(agreement.state, "open")
        self._run(date(2026, 2, 12))
        self.assertEqual(agreement.state, "missed")

    def test_cancelling_ends_the_open_days(self):
        agreement = self._repeating()
        self._run(date(2026, 2, 4))
        agreement.action_cancel()
        self.assertEqual(set(agreement.occurrence_ids.mapped("state")), {"cancelled"})
        self._run(date(2026, 2, 20))
        self.assertEqual(len(agreement.occurrence_ids), 2)

    def test_schedule_is_checked(self):
        with self.assertRaises(ValidationError):
            self._repeating(repeat_mon=False, repeat_wed=False)
        with self.assertRaises(ValidationError):
            self._repeating(deadline=date(2026, 3, 1))
        with self.assertRaises(ValidationError):
            self._repeating(repeat_until=date(2026, 1, 15))
        with self.assertRaises(ValidationError):
            self._repeating(repeat_until=False)

    def test_days_come_from_the_schedule_only(self):
        agreement = self._repeating()
        self._run(date(2026, 2, 4))
        day = self._days(agreement)[0]
        Occurrence = self.env["fgp.agreement.occurrence"].with_user(self.professional)
        with self.assertRaises(UserError):
            Occurrence.create(
                {"agreement_id": agreement.id, "plan_id": self.plan.id, "date": MONDAY}
            )
        with self.assertRaises(UserError):
            day.with_user(self.professional).write({"date": date(2026, 2, 3)})
        with self.assertRaises(UserError):
            day.with_user(self.professional).write({"done_by_id": self.oma.id})

    def test_schedule_label(self):
        agreement = self._repeating()
        self.assertEqual(
            agreement.with_context(lang="nl_NL")._fgp_schedule_label(),
            "Elke week op maandag, woensdag",
        )


class TestAgreementWithoutDate(FollowUpCase):
    """An agreement without a date is looked at again at the next evaluation:
    on the evaluation form, in the overview's filter and in the reminder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon"], ["nl_NL"], overwrite=True
        )

    def test_listed_at_the_evaluation(self):
        self.plan.date_next_evaluation = date(2026, 3, 1)
        no_date = self._agreement(False, description="Opa helpt met de tuin")
        dated = self._agreement(date(2026, 2, 20))
        self.assertEqual(no_date.date_review, date(2026, 3, 1))
        self.assertFalse(dated.date_review)
        evaluation = self.env["fgp.plan.evaluation"].new(
            {"plan_id": self.plan.id, "date": date(2026, 3, 1)}
        )
        self.assertEqual(evaluation.review_agreement_ids._origin, no_date)
        Agreement = self.env["fgp.agreement"]
        self.assertIn(no_date, Agreement.search([("date_review", "!=", False)]))
        self._run(date(2026, 2, 25))
        reminder = self._activities(xmlid="mail_activity_type_fgp_evaluation")
        self.assertIn("1 afspraken zonder datum", reminder.note)
        no_date.action_done()
        self.assertFalse(no_date.date_review)

    def test_no_evaluation_planned_is_found(self):
        self.plan.date_next_evaluation = False
        no_date = self._agreement(False)
        self.assertFalse(no_date.date_review)
        found = self.env["fgp.agreement"].search(
            [
                ("recurrence", "=", "once"),
                ("deadline", "=", False),
                ("state", "in", ("open", "missed")),
                ("plan_id.date_next_evaluation", "=", False),
            ]
        )
        self.assertIn(no_date, found)


class TestRepeatingAgreementEnds(RepeatingCase):
    """A repeating agreement closes once it ran to its end and every day is
    decided: done, unless none of its days was done; its missed days still
    count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_dutch(cls.env)
        cls.professional.lang = DUTCH

    def _repeating(self, **vals):
        return super()._repeating(**dict({"repeat_until": date(2026, 2, 11)}, **vals))

    def _follow(self, agreements, until, done=()):
        """The job runs every day up to ``until``; the family ticks off the days
        of ``done`` (days of February) on their day."""
        day = MONDAY
        while day <= until:
            self._run(day)
            for occurrence in agreements.occurrence_ids:
                if occurrence.date == day and day.day in done:
                    occurrence.action_done()
            day += timedelta(days=1)

    def test_ends_done_and_its_missed_day_still_counts(self):
        agreement = self._repeating()
        self._follow(agreement, date(2026, 2, 12), done=(2, 4, 9))
        self.assertEqual(agreement.state, "open", "its last day can still be done")
        self._run(date(2026, 2, 14))
        self.assertEqual(
            self._days(agreement).mapped("state"), ["done", "done", "done", "missed"]
        )
        self.assertEqual(agreement.state, "done")
        self.assertEqual(agreement.date_done, date(2026, 2, 11))
        self.assertFalse(agreement.done_on_time, "a missed day still counts")
        self.assertEqual(agreement.occurrence_missed_count, 1)
        self.assertIn("3 van de 4 dagen gedaan", agreement.message_ids[0].body)
        self.assertFalse(self._activities(), "one missed day does not escalate")
        # Closed: a second run finds nothing left to do.
        self.assertEqual(self._run(date(2026, 2, 14)), (0, 0))

    def test_every_day_done_is_on_time(self):
        agreement = self._repeating()
        self._follow(agreement, date(2026, 2, 12), done=(2, 4, 9, 11))
        self.assertEqual(agreement.state, "done")
        self.assertTrue(agreement.done_on_time)

    def test_no_day_done_ends_missed_and_is_escalated(self):
        """Its one day missed: not kept, as a one-off agreement, and the case
        professional is asked to call the designated contact."""
        agreement = self._repeating(
            member_id=self.member_opa.id, repeat_until=date(2026, 2, 3)
        )
        self._run(date(2026, 2, 6))
        self.assertEqual(agreement.occurrence_ids.mapped("state"), ["missed"])
        self.assertEqual(agreement.state, "missed")
        self.assertEqual(self._activities().fgp_agreement_id, agreement)
        self.assertEqual(self._run(date(2026, 2, 20)), (0, 0))
        self.assertEqual(len(self._activities()), 1)

    def test_until_the_evaluation_ends_when_it_was_held(self):
        """Until the next evaluation: it does not close before the evaluation
        was held (held late, it still decides); an evaluation that plans a
        next one moves the end; one that does not, ends it."""
        Evaluation = self.env["fgp.plan.evaluation"]
        self.plan.date_next_evaluation = date(2026, 2, 10)
        agreement = self._repeating(repeat_end="evaluation", repeat_until=False)
        self._follow(agreement, date(2026, 2, 20), done=(2, 4, 9))
        self.assertEqual(agreement.state, "open", "the evaluation was not held")
        Evaluation.create(
            {
                "plan_id": self.plan.id,
                "date": date(2026, 2, 20),
                "next_date": date(2026, 3, 4),
            }
        )
        self.assertEqual(agreement.repeat_end_date, date(2026, 3, 4))
        self._follow(agreement, date(2026, 3, 4), done=(11, 16, 18, 23, 25))
        self.assertEqual(agreement.state, "open", "it goes on to the next one")
        self.assertEqual(agreement.occurrences_until, date(2026, 3, 4))
        agreement.occurrence_ids.filtered(lambda o: o.state == "open").action_done()
        Evaluation.create({"plan_id": self.plan.id, "date": date(2026, 3, 4)})
        self._run(date(2026, 3, 5))
        self.assertEqual(agreement.state, "done")
        self.assertEqual(agreement.date_done, date(2026, 3, 4))
        # Its end is fixed: an evaluation planned later does not revive it.
        self.assertEqual(
            (agreement.repeat_end, agreement.repeat_until), ("date", date(2026, 3, 4))
        )
        self.plan.date_next_evaluation = date(2026, 3, 31)
        self._run(date(2026, 3, 31))
        self.assertEqual(agreement.occurrences_until, date(2026, 3, 4))

    def test_escalated_stays_missed_and_ends_at_the_evaluation(self):
        """A run of missed days made it missed: it stays missed, and the
        evaluation that ends it fixes its end."""
        self.plan.date_next_evaluation = date(2026, 2, 10)
        agreement = self._repeating(
            member_id=self.member_opa.id, repeat_end="evaluation", repeat_until=False
        )
        self._follow(agreement, date(2026, 2, 12))
        self.assertEqual(agreement.state, "missed")
        self.assertEqual(len(self._activities()), 1)
        self.env["fgp.plan.evaluation"].create(
            {"plan_id": self.plan.id, "date": date(2026, 2, 12)}
        )
        self._run(date(2026, 2, 13))
        self.assertEqual(agreement.state, "missed")
        self.assertEqual(agreement.repeat_until, date(2026, 2, 10))
        self.assertIn("0 van de 3 dagen gedaan", agreement.message_ids[0].body)
        self.assertEqual(len(self._activities()), 1, "not called again")
        self.plan.date_next_evaluation = date(2026, 3, 31)
        self.assertEqual(self._run(date(2026, 3, 1)), (0, 0))
        self.assertEqual(len(agreement.occurrence_ids), 3)

    def test_closed_in_batches(self):
        """The job closes them in batches, a batch taken with SKIP LOCKED, and
        counts what is left."""
        agreements = self._repeating() | self._repeating() | self._repeating()
        self._follow(agreements, date(2026, 2, 11), done=(2, 4, 9, 11))
        Occurrence = self.env["fgp.agreement.occurrence"]
        self.assertEqual(Occurrence._close_batch(date(2026, 2, 12), 2), 2)
        self.assertEqual(
            self.env["fgp.follow.up"]._count_remaining(date(2026, 2, 12)), 1
        )
        self.assertEqual(Occurrence._close_batch(date(2026, 2, 12), 2), 1)
        self.assertEqual(set(agreements.mapped("state")), {"done"})
