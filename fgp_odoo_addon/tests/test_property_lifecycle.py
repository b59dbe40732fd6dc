"""Random sequences of actions on a plan, across all roles: the lifecycle's
steps, safety conditions assessed and reopened, agreements made, done,
cancelled and reopened, the family's portal work, and reads. Whatever the order,
and whoever tries, a refused action changes nothing and every invariant holds
after every step (common_property.py): an active plan has every non-withdrawn
condition met, a closed plan no open agreement, a draft never reaches a
professional, and every read is in the access log."""

import itertools

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..models.fgp_family_draft_mixin import for_family
from .common_property import SETTINGS, log_tried, plan_invariants, texts
from .world import MANAGER, PORTAL, lifecycle_plan, lifecycle_team

REFUSALS = (AccessError, MissingError, UserError, ValidationError)
LIFECYCLE = (
    "action_prepare",
    "action_submit",
    "action_activate",
    "action_close",
    "action_decline",
    "action_exempt",
    "action_reoffer",
    "action_back_to_preparing",
    "action_create_professional_plan",
)
PORTAL_ACTIONS = (
    "portal_save_section",
    "portal_add_question",
    "portal_add_agreement",
    "action_share_family_draft",
    "portal_plan_ready",
    "portal_endorse",
)
DRAFT_MODELS = ("fgp.plan.section", "fgp.help.question", "fgp.agreement")
ROLES = ("professional", "safety_user", "manager", "parent")
INTERNAL_ROLES = ROLES[:3]
COUNTER = itertools.count()


class PlanMachine(RuleBasedStateMachine):
    """One plan of the lifecycle world, and random actions on it. ``case``:
    the running test; ``counts``: what was tried."""

    case = None
    counts = None

    def __init__(self):
        super().__init__()
        self.plan = lifecycle_plan(
            self.case, name=f"Plan familie Eigenschap {next(COUNTER)}"
        )
        # the parent consents: the family works on its plan in the portal
        self.plan.network_member_ids.filtered(
            lambda m: m.partner_id == self.case.mother
        ).sudo().consent_date = "2026-01-05"
        self.counts["sequences"] += 1

    def user(self, role):
        return getattr(self.case, role)

    def attempt(self, role, action):
        """``action(env)`` as ``role``; a refusal leaves nothing behind."""
        self.counts["steps"] += 1
        env = self.case.env(user=self.user(role))
        before = self.state()
        try:
            with self.case.env.cr.savepoint():
                action(env)
                env.flush_all()
        except REFUSALS:
            self.counts["refused"] += 1
            self.case.env.invalidate_all()
            self.case.assertEqual(self.state(), before, "a refusal changed nothing")

    def state(self):
        plan = for_family(self.plan)
        return (
            plan.state,
            tuple(plan.safety_condition_ids.mapped("state")),
            tuple(plan.agreement_ids.mapped("state")),
            len(plan.section_ids),
        )

    @rule(role=st.sampled_from(ROLES), action=st.sampled_from(LIFECYCLE))
    def lifecycle(self, role, action):
        self.attempt(role, lambda env: getattr(self.plan.with_env(env), action)())

    @rule(role=st.sampled_from(ROLES), description=texts)
    def add_condition(self, role, description):
        self.attempt(
            role,
            lambda env: env["fgp.safety.condition"].create(
                {"plan_id": self.plan.id, "description": description}
            ),
        )

    @rule(
        role=st.sampled_from(ROLES),
        index=st.integers(0, 4),
        action=st.sampled_from(
            ("action_met", "action_not_met", "action_withdraw", "action_reopen")
        ),
        assessment=st.sampled_from(("", "Oma is er elke dag.")),
    )
    def assess(self, role, index, action, assessment):
        conditions = self.plan.sudo().safety_condition_ids
        if not conditions:
            return
        condition = conditions[index % len(conditions)]

        def run(env):
            mine = condition.with_env(env)
            if assessment:
                mine.assessment = assessment
            getattr(mine, action)()

        self.attempt(role, run)

    @rule(
        role=st.sampled_from(ROLES),
        description=texts,
        state=st.sampled_from(("open", "done")),
    )
    def add_agreement(self, role, description, state):
        self.attempt(
            role,
            lambda env: env["fgp.agreement"].create(
                {
                    "plan_id": self.plan.id,
                    "description": description,
                    "source": "professional",
                    "state": state,
                }
            ),
        )

    @rule(
        role=st.sampled_from(ROLES),
        index=st.integers(0, 4),
        action=st.sampled_from(("action_done", "action_reopen", "action_cancel")),
    )
    def agreement_action(self, role, index, action):
        agreements = for_family(self.plan).agreement_ids
        if agreements:
            agreement = agreements[index % len(agreements)]
            self.attempt(role, lambda env: getattr(agreement.with_env(env), action)())

    @rule(action=st.sampled_from(PORTAL_ACTIONS), text=texts)
    def family(self, action, text):
        member = self.plan.sudo().network_member_ids[:1]
        kwargs = {
            "portal_save_section": {"name": text, "body": text},
            "portal_add_question": {"name": text},
            "portal_add_agreement": {
                "description": text,
                "member_id": str(member.id),
            },
        }.get(action, {})
        self.attempt(
            "parent",
            lambda env: getattr(self.plan.with_env(env), action)(**kwargs),
        )

    @rule(role=st.sampled_from(INTERNAL_ROLES))
    def open_plan(self, role):
        """Opening the plan is in the access log, under the reader."""
        Log = self.case.env["fgp.access.log"].sudo()
        domain = [
            ("res_model", "=", "fgp.plan"),
            ("res_id", "=", self.plan.id),
            ("user_id", "=", self.user(role).id),
            ("operation", "=", "read"),
        ]
        before = Log.search_count(domain)
        try:
            self.plan.with_user(self.user(role)).web_read({"name": {}})
        except AccessError:
            return
        self.case.env.flush_all()
        self.case.assertEqual(Log.search_count(domain), before + 1)

    @invariant()
    def plan_is_sound(self):
        self.case.assertEqual(plan_invariants(self.plan), [])

    @invariant()
    def drafts_stay_with_the_family(self):
        for model in DRAFT_MODELS:
            drafts = for_family(self.case.env[model]).search(
                [("plan_id", "=", self.plan.id), ("is_family_draft", "=", True)]
            )
            seen = (
                self.case.env[model]
                .with_user(self.case.professional)
                .search([("plan_id", "=", self.plan.id)])
            )
            self.case.assertFalse(set(drafts.ids) & set(seen.ids), model)


@tagged("post_install", "-at_install")
class TestPropertyLifecycle(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lifecycle_team(cls)
        cls.manager = new_test_user(
            cls.env, login="fgp_prop_manager", name="Test Manager", groups=MANAGER
        )
        cls.team.manager_id = cls.manager
        cls.parent = new_test_user(
            cls.env,
            login="fgp_prop_parent",
            groups=PORTAL,
            partner_id=cls.mother.id,
        )

    def test_random_action_sequences(self):
        """Random sequences of allowed and refused actions keep every plan sound."""
        PlanMachine.case = self
        PlanMachine.counts = counts = {"sequences": 0, "steps": 0, "refused": 0}
        run_state_machine_as_test(
            PlanMachine, settings=settings(SETTINGS, stateful_step_count=15)
        )
        log_tried(
            "plan lifecycle",
            counts["sequences"],
            f"sequences of {counts['steps']} steps ({counts['refused']} refused)",
        )
