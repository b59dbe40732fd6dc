from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class TestPracticeLifecycle(TransactionCase):
    """One write with its reasons, and a scaling score that can be empty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.professional = new_test_user(
            cls.env, "fgp_practice_prof", groups="fgp_odoo_addon.group_fgp_safety"
        )
        cls.team = cls.env["fgp.team"].create(
            {"name": "Wijkteam Praktijk", "member_ids": [(6, 0, cls.professional.ids)]}
        )
        cls.plan = (
            cls.env["fgp.plan"]
            .with_user(cls.professional)
            .create({"name": "Plan familie Praktijk", "team_id": cls.team.id})
        )

    def test_decline_with_its_reason_in_one_write(self):
        """A client writing the state together with the family's choice."""
        self.plan.write(
            {"state": "declined", "decline_reason": "Wij regelen het zelf."}
        )
        self.assertEqual(self.plan.state, "declined")

    def test_exempt_with_its_reasons_in_one_write(self):
        self.plan.write(
            {
                "state": "exempt",
                "exemption_reason": "youth_probation",
                "exemption_motivation": "Jeugdreclassering is opgelegd.",
            }
        )
        self.assertEqual(self.plan.state, "exempt")

    def test_the_written_values_are_judged(self):
        """An empty reason in the same write is refused, even when the record
        had one: the check judges what is written."""
        self.plan.decline_reason = "Eerder gegeven reden."
        with self.assertRaisesRegex(Exception, "family's choice"):
            self.plan.write({"state": "declined", "decline_reason": " "})
        self.assertEqual(self.plan.state, "offered")

    def _evaluate(self, day, **vals):
        return self.env["fgp.plan.evaluation"].create(
            dict(vals, plan_id=self.plan.id, date=day)
        )

    def test_empty_score_is_not_scored(self):
        """An evaluation without a score (the form sends score 0, scored off)
        does not make the plan 'worsening'."""
        today = fields.Date.context_today(self.plan)
        self._evaluate(today.replace(day=1), score=6)
        self._evaluate(today, score=0, scored=False)
        self.assertEqual(self.plan.last_score, 6)
        self.assertFalse(self.plan.score_trend)
        self.assertFalse(self.plan.evaluation_ids.sorted("date")[-1].scored)

    def test_given_zero_counts(self):
        """A 0 given on purpose is a score: it cannot get worse."""
        today = fields.Date.context_today(self.plan)
        self._evaluate(today.replace(day=1), score=6)
        self._evaluate(today, score=0, scored=True)
        self.assertEqual(self.plan.score_trend, "down")

    def test_score_from_outside_is_given(self):
        """A score written without 'scored' (an import, an API call) is given."""
        today = fields.Date.context_today(self.plan)
        first = self._evaluate(today.replace(day=1), score=4)
        self.assertTrue(first.scored)
        self._evaluate(today, score=7)
        self.assertEqual(self.plan.score_trend, "up")

    def test_counters_follow_the_form(self):
        """The counters follow what the form holds (a record being edited, as
        in an onchange), before the plan is saved."""
        edited = self.plan.with_user(self.professional).new(
            {
                "safety_condition_ids": [
                    Command.create({"description": "Geen alcohol in huis"}),
                    Command.create({"description": "Oma is bereikbaar"}),
                ],
                "network_member_ids": [
                    Command.create({"partner_id": self.professional.partner_id.id})
                ],
            },
            origin=self.plan,
        )
        self.assertEqual(edited.open_condition_count, 2)
        self.assertEqual(edited.network_member_count, 1)
        self.assertEqual(self.plan.open_condition_count, 0)
