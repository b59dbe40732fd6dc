from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from ..models.fgp_plan import ALLOWED_TRANSITIONS
from .common import ROUTE, FgpCommon

STATES = list(ROUTE)


class TestPlanLifecycle(FgpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["fgp.plan"].create({"name": "Plan familie Test"})

    def test_starts_offered(self):
        """A new plan starts as an offer, offered today by the current user."""
        self.assertEqual(self.plan.state, "offered")
        self.assertEqual(self.plan.offered_by_id, self.env.user)
        self.assertEqual(self.plan.date_offered, fields.Date.context_today(self.plan))
        self.assertEqual(self.plan.authorship, "family")

    def test_cannot_skip_to_active(self):
        """An offered plan cannot become active without being prepared and submitted."""
        with self.assertRaises(UserError):
            self.plan.write({"state": "active"})

    def test_cannot_be_created_past_offered(self):
        """A professional cannot create a plan that is already active (or in any
        state but offered): the lifecycle's checks would be skipped."""
        Plan = self.env["fgp.plan"].with_user(self.professional)
        for state in set(STATES) - {"offered"}:
            with self.subTest(state=state):
                with self.assertRaisesMsg(UserError, "starts as offered"):
                    Plan.create(
                        {
                            "name": "Plan familie Snel",
                            "team_id": self.team.id,
                            "state": state,
                        }
                    )
        plan = Plan.create(
            {"name": "Plan familie Snel", "team_id": self.team.id, "state": "offered"}
        )
        self.assertEqual(plan.state, "offered")

    def test_administrator_takes_over_plans_in_any_state(self):
        """A functional administrator may create plans in a later state, to take
        them over from a previous system."""
        admin = new_test_user(
            self.env, login="fgp_test_beheer", groups="fgp_odoo_addon.group_fgp_admin"
        )
        plan = (
            self.env["fgp.plan"]
            .with_user(admin)
            .create({"name": "Plan familie Oud", "state": "active"})
        )
        self.assertEqual(plan.state, "active")

    def test_every_allowed_transition(self):
        """Each transition of the lifecycle works from each state it is allowed from."""
        for new_state, sources in ALLOWED_TRANSITIONS.items():
            for source in sources:
                with self.subTest(source=source, new_state=new_state):
                    plan = self._plan_in(source)
                    plan.write({"state": new_state})
                    self.assertEqual(plan.state, new_state)

    def test_every_refused_transition(self):
        """Every other pair of states is refused with a message; the state stays."""
        refused = [
            (source, target)
            for source in STATES
            for target in STATES
            if source != target and source not in ALLOWED_TRANSITIONS[target]
        ]
        for source, target in refused:
            with self.subTest(source=source, target=target):
                plan = self._plan_in(source)
                with self.assertRaisesMsg(UserError, "cannot become"):
                    plan.write({"state": target})
                plan.invalidate_recordset()
                self.assertEqual(plan.state, source)

    def test_same_state_is_no_transition(self):
        """Writing the state a plan already has changes nothing and is allowed."""
        plan = self._plan_in("active")
        plan.write({"state": "active"})
        self.assertEqual(plan.state, "active")

    def test_decline_needs_family_choice(self):
        """Declining needs the family's choice in its own words, not blanks."""
        for reason in (False, "", "   \n"):
            with self.subTest(reason=reason):
                plan = self._new_plan(decline_reason=reason)
                with self.assertRaisesMsg(UserError, "family's choice"):
                    plan.action_decline()
                self.assertEqual(plan.state, "offered")
        plan = self._new_plan(decline_reason="Wij willen nu geen plan maken.")
        plan.action_decline()
        self.assertEqual(plan.state, "declined")

    def test_reoffer_asks_the_choice_again(self):
        """Offered again, the earlier choice is cleared; the chatter keeps it."""
        plan = self._plan_in("declined")
        # Changes in the transaction that created the plan are not tracked.
        self.env.cr.precommit.run()
        plan.action_reoffer()
        self.assertEqual(plan.state, "offered")
        self.assertFalse(plan.decline_reason)
        with self.assertRaises(UserError):
            plan.action_decline()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracked = plan.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "decline_reason"
        )
        self.assertIn("We lossen het liever zelf op.", tracked.mapped("old_value_text"))

    def test_exempt_needs_reason_and_motivation(self):
        """An exception needs both the legal ground and a written motivation."""
        for reason, motivation in (
            (False, "Er loopt een strafzaak."),
            ("youth_probation", False),
            ("youth_probation", "  "),
        ):
            with self.subTest(reason=reason, motivation=motivation):
                plan = self._new_plan(
                    exemption_reason=reason, exemption_motivation=motivation
                )
                with self.assertRaises(UserError):
                    plan.action_exempt()
                self.assertEqual(plan.state, "offered")
        plan = self._new_plan(
            exemption_reason="guardianship",
            exemption_motivation="De GI oefent de voogdij uit.",
        )
        plan.action_exempt()
        self.assertEqual(plan.state, "exempt")

    def test_submit_needs_content(self):
        """A plan without chapters or agreements has nothing to submit."""
        plan = self._new_plan(section_ids=[])
        plan.action_prepare()
        with self.assertRaisesMsg(UserError, "nothing to submit"):
            plan.action_submit()
        self.assertEqual(plan.state, "preparing")

    def test_active_needs_safety_conditions_met(self):
        """Acceptance is refused while a condition is open or not met, and the
        message names each of them; withdrawn ones do not count."""
        plan = self._plan_in("submitted")
        Condition = self.env["fgp.safety.condition"].with_user(self.safety_user)
        open_one = Condition.create(
            {"plan_id": plan.id, "description": "Vader woont niet meer thuis."}
        )
        not_met = Condition.create(
            {"plan_id": plan.id, "description": "Er is elke avond een volwassene."}
        )
        not_met.assessment = "Nog geen rooster."
        not_met.action_not_met()
        withdrawn = Condition.create(
            {"plan_id": plan.id, "description": "Niet meer nodig."}
        )
        withdrawn.action_withdraw()
        with self.assertRaises(UserError) as error:
            plan.action_activate()
        message = str(error.exception)
        self.assertIn("Vader woont niet meer thuis.", message)
        self.assertIn("Er is elke avond een volwassene.", message)
        self.assertNotIn("Niet meer nodig.", message)
        self.assertEqual(plan.state, "submitted")
        for condition in open_one | not_met:
            condition.assessment = "Gecontroleerd tijdens huisbezoek."
            condition.action_met()
        plan.action_activate()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.date_accepted, fields.Date.context_today(plan))

    def test_close_sets_end_date(self):
        """Closing a plan records the end date."""
        plan = self._plan_in("active")
        self.assertFalse(plan.date_end)
        plan.action_close()
        self.assertEqual(plan.state, "closed")
        self.assertEqual(plan.date_end, fields.Date.context_today(plan))

    def test_transition_is_tracked(self):
        """The chatter shows who moved the plan to which state."""
        plan = self._new_plan()
        # Changes in the transaction that created the plan are not tracked.
        self.env.cr.precommit.run()
        plan.action_prepare()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracking = plan.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_char, "Offered")
        self.assertEqual(tracking.new_value_char, "Preparing")
        self.assertEqual(
            tracking.mail_message_id.author_id, self.professional.partner_id
        )

    def test_professional_plan_follows_declined(self):
        """After a decline a professional plan follows: same young person and
        network, made by the professional, consent and designation asked again."""
        plan = self._plan_in("declined")
        action = plan.action_create_professional_plan()
        follow_up = self.env["fgp.plan"].browse(action["res_id"])
        self.assertEqual(follow_up.authorship, "professional")
        self.assertEqual(follow_up.origin_plan_id, plan)
        self.assertEqual(follow_up.state, "preparing")
        self.assertEqual(follow_up.youth_ids, plan.youth_ids)
        self.assertEqual(follow_up.team_id, plan.team_id)
        self.assertEqual(
            follow_up.network_member_ids.partner_id, plan.network_member_ids.partner_id
        )
        self.assertFalse(follow_up.network_member_ids.filtered("consent_date"))
        self.assertFalse(follow_up.designated_member_id)
        self.assertEqual(plan.follow_up_plan_ids, follow_up)
        with self.assertRaisesMsg(UserError, "already has a professional plan"):
            plan.action_create_professional_plan()

    def test_professional_plan_follows_exempt(self):
        """An exception also leads to a professional plan."""
        plan = self._plan_in("exempt")
        action = plan.action_create_professional_plan()
        self.assertEqual(
            self.env["fgp.plan"].browse(action["res_id"]).authorship, "professional"
        )

    def test_no_professional_plan_while_family_plans(self):
        """While the family makes its own plan, no professional plan is started."""
        for state in ("offered", "preparing", "active"):
            with self.subTest(state=state):
                plan = self._plan_in(state)
                with self.assertRaises(UserError):
                    plan.action_create_professional_plan()
                self.assertFalse(plan.follow_up_plan_ids)

    def test_basic_variant_is_a_proposal(self):
        """The basic variant adds its chapters once; the family's own stay."""
        templates = self.env["fgp.section.template"].search([])
        self.assertGreaterEqual(len(templates), 8)
        plan = self._new_plan(
            section_ids=[
                Command.create({"name": "Wat wij willen", "sequence": 1}),
                Command.create({"name": templates[0].name}),
            ]
        )
        plan.action_propose_basic_variant()
        names = plan.section_ids.mapped("name")
        self.assertEqual(len(names), len(templates) + 1)
        self.assertEqual(names.count(templates[0].name), 1)
        self.assertIn("Wat wij willen", names)
        # The guiding questions are help beside the chapter, not its text.
        proposed = plan.section_ids.filtered(lambda s: s.name == templates[1].name)
        self.assertEqual(proposed.hint, templates[1].hint)
        self.assertFalse(proposed.body)
        plan.action_propose_basic_variant()
        self.assertEqual(len(plan.section_ids), len(templates) + 1)
        plan.section_ids.filtered(lambda s: s.name == templates[1].name).unlink()
        self.assertEqual(len(plan.section_ids), len(templates))


class TestPlanLifecycleDutch(FgpCommon):
    def test_refusal_in_dutch(self):
        """A Dutch user reads why a transition is refused in Dutch."""
        self.env["res.lang"]._activate_lang("nl_NL")
        # The state names come from the database's translations of the module.
        self.env.ref("base.module_fgp_odoo_addon")._update_translations("nl_NL")
        plan = self._plan_in("declined").with_user(self.professional)
        plan = plan.with_context(lang="nl_NL")
        with self.assertRaisesMsg(UserError, "is afgeslagen en kan niet actief worden"):
            plan.write({"state": "active"})
