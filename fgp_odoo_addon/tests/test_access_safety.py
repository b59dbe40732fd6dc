from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_access import FgpAccessCase


@tagged("post_install", "-at_install", "fgp_access")
class TestAccessSafety(FgpAccessCase):
    """Only authorised professionals set and assess safety conditions; everyone
    who may see the plan sees them; they hold back the plan's activation."""

    def submit(self, plan):
        plan.write({"state": "preparing"})
        plan.write({"state": "submitted"})

    def test_create_by_role(self):
        """Authorised professionals, managers and admins set conditions; others not."""
        Condition = self.env["fgp.safety.condition"]
        vals = {"plan_id": self.plan_a.id, "description": "Toezicht bij bezoek"}
        for user in (self.safety_a, self.manager_a, self.admin):
            with self.subTest(user=user.login):
                condition = Condition.with_user(user).create(vals)
                self.assertEqual(condition.set_by_id, user)
        for user in (self.prof_a,) + tuple(self.portal_users):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Condition.with_user(user).create(vals)

    def test_create_outside_scope(self):
        """An authorised professional sets conditions only on plans in scope."""
        with self.assertRaises(AccessError):
            self.env["fgp.safety.condition"].with_user(self.safety_a).create(
                {"plan_id": self.plan_b.id, "description": "Buiten bereik"}
            )

    def test_assess(self):
        """Met and not met need a written assessment; the date and assessor are kept."""
        condition = self.condition_a.with_user(self.safety_a)
        with self.assertUserError():
            condition.action_met()
        with self.assertRaises(ValidationError):
            condition.write({"state": "met"})
        condition.assessment = "Geen alcohol meer gezien bij drie bezoeken"
        condition.action_met()
        self.assertEqual(condition.state, "met")
        self.assertEqual(condition.date_assessed, fields.Date.context_today(condition))
        self.assertEqual(condition.assessed_by_id, self.safety_a)
        condition.action_not_met()
        self.assertEqual(condition.state, "not_met")
        condition.action_withdraw()
        self.assertEqual(condition.state, "withdrawn")

    def test_assess_refused(self):
        """Professionals without the safety role and portal users cannot assess."""
        self.condition_a.assessment = "Beoordeling"
        for user in (self.prof_a,) + tuple(self.portal_users):
            for action in ("action_met", "action_not_met", "action_withdraw"):
                with self.subTest(user=user.login, action=action):
                    with self.assertRaises(AccessError):
                        getattr(self.condition_a.with_user(user), action)()
        with self.assertRaises(AccessError):
            self.condition_b.with_user(self.safety_a).write({"assessment": "x"})
        with self.assertRaises(AccessError):
            self.condition_a.with_user(self.safety_a).unlink()

    def test_portal_reads_conditions(self):
        """The family reads the plan's conditions and their assessment, read-only."""
        self.condition_a.write({"assessment": "Goed bezig", "state": "met"})
        values = self.plan_a.with_user(self.portal_member).safety_condition_ids.read(
            ["description", "state", "assessment", "date_assessed"]
        )
        self.assertEqual(values[0]["description"], "Geen alcohol in huis")
        self.assertEqual(values[0]["state"], "met")
        for user in self.portal_noconsent | self.portal_outsider:
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.condition_a.with_user(user).read(["description"])

    def test_activation_blocked(self):
        """A plan cannot become active while a condition is open or not met;
        the refusal lists the open conditions."""
        self.submit(self.plan_a)
        extra = self.env["fgp.safety.condition"].create(
            {"plan_id": self.plan_a.id, "description": "Vader niet alleen met Sanne"}
        )
        extra.write({"assessment": "Nog niet", "state": "not_met"})
        for user in (self.prof_a, self.safety_a):
            with self.subTest(user=user.login):
                with self.assertUserError() as error:
                    self.plan_a.with_user(user).action_activate()
                self.assertIn("Geen alcohol in huis", str(error.exception))
                self.assertIn("Vader niet alleen met Sanne", str(error.exception))
        with self.assertUserError():
            self.plan_a.write({"state": "active"})
        self.assertEqual(self.plan_a.state, "submitted")
        # Withdrawn conditions do not count; met ones pass.
        extra.with_user(self.safety_a).action_withdraw()
        self.condition_a.with_user(self.safety_a).write({"assessment": "In orde"})
        self.condition_a.with_user(self.safety_a).action_met()
        self.plan_a.with_user(self.prof_a).action_activate()
        self.assertEqual(self.plan_a.state, "active")

    def test_activation_message_scope(self):
        """The refusal (built with sudo) lists only conditions the user may read."""
        self.submit(self.plan_a)
        readable = self.plan_a.with_user(self.prof_a).safety_condition_ids
        with self.assertUserError() as error:
            self.plan_a.with_user(self.prof_a).action_activate()
        listed = [
            line[2:] for line in str(error.exception).splitlines() if line[:2] == "- "
        ]
        self.assertEqual(sorted(listed), sorted(readable.mapped("description")))

    def test_create_active_blocked(self):
        """A plan cannot be created directly as active: not at all by a
        professional, and not with an open condition by an administrator
        taking plans over from a previous system."""
        with self.assertUserError("starts as offered"):
            self.env["fgp.plan"].with_user(self.safety_a).create(
                {"name": "Plan familie Direct", "state": "active"}
            )
        with self.assertUserError("Nog te beoordelen"):
            self.env["fgp.plan"].with_user(self.admin).create(
                {
                    "name": "Plan familie Direct",
                    "state": "active",
                    "safety_condition_ids": [
                        Command.create({"description": "Nog te beoordelen"})
                    ],
                }
            )
