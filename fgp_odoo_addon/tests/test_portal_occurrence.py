from datetime import timedelta

from odoo import fields, http
from odoo.tests import tagged

from .common_portal import FgpPortalCase
from .world import DUTCH, load_dutch


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalOccurrence(FgpPortalCase):
    """Repeating agreements in the portal: made with their weekdays, each day
    ticked off by who does it or by a parent, never by others."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["fgp.plan"])
        cls.weekly = cls.env["fgp.agreement"].create(
            {
                "plan_id": cls.plan.id,
                "description": "Oma brengt Tim elke dag naar school",
                "member_id": cls.m_oma.id,
                "recurrence": "weekly",
                **{
                    name: True
                    for name in (
                        "repeat_mon",
                        "repeat_tue",
                        "repeat_wed",
                        "repeat_thu",
                        "repeat_fri",
                        "repeat_sat",
                        "repeat_sun",
                    )
                },
                "repeat_start": cls.today - timedelta(days=1),
                "repeat_end": "date",
                "repeat_until": cls.today + timedelta(days=30),
            }
        )
        cls.env["fgp.follow.up"]._cron_follow_up(today=cls.today)
        cls.yesterday, cls.day = cls.weekly.occurrence_ids.sorted("date")

    def _post(self, url, **data):
        data["csrf_token"] = http.Request.csrf_token(self)
        res = self.url_open(url, data=data)
        self.assertEqual(res.status_code, 200)
        return res

    def _tick(self, occurrence):
        return self._post(f"/my/plans/{self.plan.id}/occurrence/{occurrence.id}/done")

    def test_page_shows_the_days(self):
        self.login(self.oma)
        res = self.url_open(f"/my/plans/{self.plan.id}")
        self.assertIn(f"fgp_occurrence_{self.day.id}", res.text)
        self.assertIn(f"/occurrence/{self.day.id}/done", res.text)

    def test_oma_ticks_her_day(self):
        self.login(self.oma)
        self._tick(self.day)
        self.assertEqual(self.day.state, "done")
        self.assertEqual(self.day.done_by_id, self.oma.partner_id)
        self.assertEqual(self.day.date_done, self.today)
        note = self.plan.message_ids[:1]
        self.assertEqual(note.author_id, self.oma.partner_id)
        # Ticked twice: a message, nothing changes.
        res = self._tick(self.day)
        self.assertIn("alert-danger", res.text)

    def test_a_parent_ticks_it_too(self):
        self.login(self.marie)
        self._tick(self.yesterday)
        self.assertEqual(self.yesterday.state, "done")
        self.assertEqual(self.yesterday.done_by_id, self.marie.partner_id)

    def test_others_cannot_tick(self):
        for user in (self.piet, self.karin):
            with self.subTest(user=user.login):
                self.login(user)
                self._tick(self.day)
                self.assertEqual(self.day.state, "open")
        # Another family's page does not take this plan's day.
        self.login(self.karin)
        self._post(f"/my/plans/{self.other_plan.id}/occurrence/{self.day.id}/done")
        self.assertEqual(self.day.state, "open")

    def test_make_a_repeating_agreement(self):
        self.login(self.marie)
        self._post(
            f"/my/plans/{self.plan.id}/agreement/add",
            description="Oma haalt Tim op maandag en woensdag op",
            member_id=self.m_oma.id,
            recurrence="weekly",
            repeat_mon="1",
            repeat_wed="1",
        )
        agreement = self.plan.agreement_ids.filtered(
            lambda a: a.description.startswith("Oma haalt")
        )
        self.assertEqual(agreement.recurrence, "weekly")
        self.assertTrue(agreement.repeat_mon and agreement.repeat_wed)
        self.assertFalse(agreement.repeat_tue)
        self.assertEqual(agreement.repeat_end, "evaluation")
        self.assertFalse(agreement.deadline)

    def test_bad_schedule_is_a_message(self):
        self.login(self.marie)
        count = len(self.plan.agreement_ids)
        for data in (
            {"recurrence": "weekly"},
            {"recurrence": "daily"},
            {"recurrence": "weekly", "repeat_mon": "1", "deadline": "31-12-2099"},
        ):
            with self.subTest(**data):
                res = self._post(
                    f"/my/plans/{self.plan.id}/agreement/add",
                    description="Iets",
                    member_id=self.m_oma.id,
                    **data,
                )
                self.assertIn("alert-danger", res.text)
                self.assertEqual(len(self.plan.agreement_ids), count)

    def _untick(self, occurrence, plan=None):
        plan = plan or self.plan
        return self._post(f"/my/plans/{plan.id}/occurrence/{occurrence.id}/undo")

    def _dutch(self, user):
        load_dutch(self.env)
        user.lang = DUTCH

    def test_untick_a_day_ticked_by_mistake(self):
        """Who ticked a day off takes it back the same day, with a message in
        Dutch; the day is open again and the follow-up judges it as any day."""
        self._dutch(self.oma)
        self.login(self.oma)
        self._tick(self.day)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn(f"/occurrence/{self.day.id}/undo", page)
        self.assertIn("Toch niet gedaan", page)
        page = self._untick(self.day).text
        self.assertIn("De dag staat weer open", page)
        self.assertEqual(self.day.state, "open")
        self.assertFalse(self.day.done_by_id)
        self.assertFalse(self.day.date_done)
        self.assertIn("toch niet gedaan", self.plan.message_ids[:1].body)
        # Open again: nothing to take back, a message in Dutch.
        page = self._untick(self.day).text
        self.assertIn("alert-danger", page)
        self.assertIn("Je kunt dit alleen terugzetten", page)

    def test_untick_only_the_same_day_and_own_tick(self):
        self.login(self.oma)
        self._tick(self.day)
        # Marie (a parent, who may tick it) did not tick it: she cannot untick.
        self.login(self.marie)
        self.assertIn("alert-danger", self._untick(self.day).text)
        self.assertEqual(self.day.state, "done")
        # A day later, oma cannot either: the professional puts it right.
        self.day.date_done -= timedelta(days=1)
        self.login(self.oma)
        self.assertIn("alert-danger", self._untick(self.day).text)
        self.assertEqual(self.day.state, "done")

    def test_untick_foreign_or_bad_id(self):
        """Another family's day, someone else's agreement or a made-up id:
        refused without an error page, nothing changes."""
        self.login(self.oma)
        self._tick(self.day)
        for user, plan in ((self.karin, self.other_plan), (self.piet, self.plan)):
            with self.subTest(user=user.login):
                self.login(user)
                res = self._untick(self.day, plan)
                self.assertNotIn("Oma brengt", res.text)
                self.assertEqual(self.day.state, "done")
        self._dutch(self.oma)
        self.login(self.oma)
        res = self._post(f"/my/plans/{self.plan.id}/occurrence/{2**31}/undo")
        self.assertIn("Deze keuze is niet geldig", res.text)
        res = self._post(f"/my/plans/{self.plan.id}/occurrence/0/undo")
        self.assertIn("Deze keuze is niet geldig", res.text)
        self.assertEqual(self.day.state, "done")
