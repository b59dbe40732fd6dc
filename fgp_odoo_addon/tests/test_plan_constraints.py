from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError

from .common import FgpCommon


class TestPlanConstraints(FgpCommon):
    """Every rule on plan data refuses with a clear message and writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._new_plan()
        cls.other_plan = cls._new_plan(name="Plan familie Ander")
        cls.mother_member = cls.plan.network_member_ids.filtered(
            lambda m: m.partner_id == cls.mother
        )
        cls.grandma_member = cls.plan.designated_member_id
        cls.other_member = cls.other_plan.network_member_ids[:1]
        cls.question = cls.env["fgp.help.question"].create(
            {"plan_id": cls.plan.id, "name": "Hoe komt Noor op school?"}
        )
        cls.other_question = cls.env["fgp.help.question"].create(
            {"plan_id": cls.other_plan.id, "name": "Wie kookt er?"}
        )
        cls.today = fields.Date.context_today(cls.plan)

    def _assert_refused(self, model, domain, message, func):
        """`func` raises a ValidationError matching `message`; nothing is written."""
        count = self.env[model].search_count(domain)
        with self.assertRaisesMsg(ValidationError, message):
            func()
        self.env.invalidate_all()
        self.assertEqual(self.env[model].search_count(domain), count)

    def test_empty_names(self):
        """Titles, chapters, questions, teams, agreements and conditions need words."""
        cases = [
            ("fgp.plan", {}, "Give the plan a title"),
            ("fgp.plan.section", {"plan_id": self.plan.id}, "Give the chapter"),
            ("fgp.help.question", {"plan_id": self.plan.id}, "help question"),
            ("fgp.team", {}, "Give the team a name"),
        ]
        for model, vals, message in cases:
            for blank in ("", "   ", "\n\t "):
                with self.subTest(model=model, blank=blank):
                    self._assert_refused(
                        model,
                        [],
                        message,
                        lambda model=model, vals=vals, blank=blank: self.env[
                            model
                        ].create(dict(vals, name=blank)),
                    )
        self._assert_refused(
            "fgp.agreement",
            [],
            "Describe the agreement",
            lambda: self.env["fgp.agreement"].create(
                {"plan_id": self.plan.id, "description": "  ", "source": "community"}
            ),
        )
        self._assert_refused(
            "fgp.safety.condition",
            [],
            "Describe the safety condition",
            lambda: self.env["fgp.safety.condition"].create(
                {"plan_id": self.plan.id, "description": " \n "}
            ),
        )

    def test_rename_to_blank(self):
        """Emptying the title of an existing plan is refused; the title stays."""
        with self.assertRaisesMsg(ValidationError, "Give the plan a title"):
            self.plan.write({"name": "   "})
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.name, "Plan familie Test")

    def test_agreement_deadline_before_offer(self):
        """An agreement cannot be due before the plan was offered."""
        self.plan.date_offered = self.today - relativedelta(days=10)
        self._assert_refused(
            "fgp.agreement",
            [("plan_id", "=", self.plan.id)],
            "is before the plan was offered",
            lambda: self.env["fgp.agreement"].create(
                {
                    "plan_id": self.plan.id,
                    "description": "Oma kookt op woensdag.",
                    "member_id": self.grandma_member.id,
                    "deadline": self.today - relativedelta(days=11),
                }
            ),
        )

    def test_offer_date_after_agreement_deadline(self):
        """Moving the offer past an agreement's deadline is refused as well."""
        self.env["fgp.agreement"].create(
            {
                "plan_id": self.plan.id,
                "description": "Oma kookt op woensdag.",
                "member_id": self.grandma_member.id,
                "deadline": self.today + relativedelta(days=5),
            }
        )
        with self.assertRaisesMsg(ValidationError, "has an earlier deadline"):
            self.plan.date_offered = self.today + relativedelta(days=6)
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.date_offered, self.today)

    def test_plan_dates(self):
        """Conference and end date cannot lie before the offer."""
        for fname in ("date_conference", "date_end"):
            with self.subTest(field=fname):
                with self.assertRaisesMsg(ValidationError, "before the plan was"):
                    self.plan.write({fname: self.today - relativedelta(days=1)})
                self.plan.invalidate_recordset()
                self.assertFalse(self.plan[fname])

    def test_member_added_twice(self):
        """A person is in a plan's network once: refused one by one and in a batch."""
        Member = self.env["fgp.network.member"]
        domain = [("plan_id", "=", self.plan.id)]
        self._assert_refused(
            "fgp.network.member",
            domain,
            "Eva Testfamilie is already in the network of Plan familie Test",
            lambda: Member.create(
                {"plan_id": self.plan.id, "partner_id": self.mother.id}
            ),
        )
        self._assert_refused(
            "fgp.network.member",
            domain,
            "Buurvrouw Testfamilie is already in the network",
            lambda: Member.create(
                [
                    {"plan_id": self.plan.id, "partner_id": self.neighbour.id},
                    {"plan_id": self.plan.id, "partner_id": self.neighbour.id},
                ]
            ),
        )
        with self.assertRaisesMsg(ValidationError, "already in the network"):
            self.mother_member.partner_id = self.grandma
        self.mother_member.invalidate_recordset()
        self.assertEqual(self.mother_member.partner_id, self.mother)
        # The same person may be in the network of another plan.
        Member.create({"plan_id": self.other_plan.id, "partner_id": self.neighbour.id})

    def test_two_designated_contacts(self):
        """A plan has at most one designated contact."""
        with self.assertRaisesMsg(ValidationError, "only one designated contact"):
            self.mother_member.is_designated = True
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.designated_member_id, self.grandma_member)
        self._assert_refused(
            "fgp.network.member",
            [("plan_id", "=", self.plan.id)],
            "only one designated contact",
            lambda: self.env["fgp.network.member"].create(
                {
                    "plan_id": self.plan.id,
                    "partner_id": self.neighbour.id,
                    "is_designated": True,
                }
            ),
        )

    def test_designated_contact_switch(self):
        """Choosing another designated contact on the plan moves the designation."""
        self.plan.designated_member_id = self.mother_member
        self.assertTrue(self.mother_member.is_designated)
        self.assertFalse(self.grandma_member.is_designated)
        self.plan.designated_member_id = False
        self.assertFalse(self.plan.network_member_ids.filtered("is_designated"))

    def test_designated_contact_from_other_plan(self):
        """The designated contact comes from the plan's own network."""
        with self.assertRaisesMsg(ValidationError, "is not in the network of"):
            self.plan.designated_member_id = self.other_member
        self.env.invalidate_all()
        self.assertEqual(self.plan.designated_member_id, self.grandma_member)
        self.assertFalse(self.other_member.is_designated)

    def test_network_agreement_needs_member(self):
        """An agreement with the own network names who is responsible."""
        self._assert_refused(
            "fgp.agreement",
            [("plan_id", "=", self.plan.id)],
            "names the network member",
            lambda: self.env["fgp.agreement"].create(
                {
                    "plan_id": self.plan.id,
                    "description": "Iemand haalt Noor op.",
                    "source": "network",
                }
            ),
        )

    def test_agreement_member_of_other_plan(self):
        """The responsible member belongs to the plan's own network."""
        self._assert_refused(
            "fgp.agreement",
            [],
            "Responsible: choose one of this plan",
            lambda: self.env["fgp.agreement"].create(
                {
                    "plan_id": self.plan.id,
                    "description": "Haalt Noor op.",
                    "source": "network",
                    "member_id": self.other_member.id,
                }
            ),
        )

    def test_agreement_question_of_other_plan(self):
        """An agreement answers a help question of its own plan."""
        self._assert_refused(
            "fgp.agreement",
            [],
            "Help question: choose one of this plan",
            lambda: self.env["fgp.agreement"].create(
                {
                    "plan_id": self.plan.id,
                    "description": "Buurthuis: huiswerkklas.",
                    "source": "community",
                    "question_id": self.other_question.id,
                }
            ),
        )
        agreement = self.env["fgp.agreement"].create(
            {
                "plan_id": self.plan.id,
                "description": "Buurthuis: huiswerkklas.",
                "source": "community",
                "question_id": self.question.id,
            }
        )
        self.assertEqual(self.question.agreement_ids, agreement)

    def test_score_range(self):
        """The scaling score runs from 0 to 10, at creation and when changed."""
        Evaluation = self.env["fgp.plan.evaluation"]
        for score in (-1, 11, 100):
            with self.subTest(score=score):
                self._assert_refused(
                    "fgp.plan.evaluation",
                    [],
                    "runs from 0 to 10",
                    lambda score=score: Evaluation.create(
                        {"plan_id": self.plan.id, "score": score}
                    ),
                )
        evaluation = Evaluation.create({"plan_id": self.plan.id, "score": 10})
        with self.assertRaisesMsg(ValidationError, "runs from 0 to 10"):
            evaluation.score = 11
        evaluation.invalidate_recordset()
        self.assertEqual(evaluation.score, 10)

    def test_next_evaluation_after_evaluation(self):
        """The next evaluation cannot be before the evaluation that plans it."""
        self._assert_refused(
            "fgp.plan.evaluation",
            [],
            "cannot be before this one",
            lambda: self.env["fgp.plan.evaluation"].create(
                {
                    "plan_id": self.plan.id,
                    "date": self.today,
                    "next_date": self.today - relativedelta(days=1),
                }
            ),
        )
        self.assertFalse(self.plan.date_next_evaluation)

    def test_origin_must_be_declined_or_exempt(self):
        """A plan can follow only a declined or exempt offer, as a professional plan."""
        self._assert_refused(
            "fgp.plan",
            [("origin_plan_id", "=", self.plan.id)],
            "can only follow an offer",
            lambda: self.env["fgp.plan"].create(
                {
                    "name": "Hulpverleningsplan",
                    "authorship": "professional",
                    "origin_plan_id": self.plan.id,
                }
            ),
        )
        self.plan.action_decline()
        self._assert_refused(
            "fgp.plan",
            [("origin_plan_id", "=", self.plan.id)],
            "it is a professional plan",
            lambda: self.env["fgp.plan"].create(
                {
                    "name": "Hulpverleningsplan",
                    "authorship": "family",
                    "origin_plan_id": self.plan.id,
                }
            ),
        )

    def test_nothing_half_written_in_plan_form(self):
        """A plan saved with a wrong line is not saved at all."""
        self._assert_refused(
            "fgp.plan",
            [("name", "=", "Plan familie Half")],
            "names the network member",
            lambda: self.env["fgp.plan"].create(
                {
                    "name": "Plan familie Half",
                    "section_ids": [Command.create({"name": "Wonen"})],
                    "agreement_ids": [Command.create({"description": "Iemand helpt."})],
                }
            ),
        )
        self.assertFalse(
            self.env["fgp.plan.section"].search(
                [("plan_id.name", "=", "Plan familie Half")]
            )
        )
