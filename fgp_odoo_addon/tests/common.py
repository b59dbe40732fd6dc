"""The lifecycle world (world.py: lifecycle_team) as a TransactionCase."""

from contextlib import contextmanager

from odoo.tests import TransactionCase

from .world import ROUTE, bring_to, lifecycle_plan, lifecycle_team

__all__ = ["ROUTE", "FgpCommon"]


class FgpCommon(TransactionCase):
    """A team with a professional and an authorised professional, and a way to bring
    a plan to any state through the real transitions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lifecycle_team(cls)

    @classmethod
    def _new_plan(cls, name="Plan familie Test", **vals):
        return lifecycle_plan(cls, name, **vals)

    @classmethod
    def _plan_in(cls, state, **vals):
        return bring_to(cls._new_plan(name=f"Plan {state}", **vals), state)

    @contextmanager
    def assertRaisesMsg(self, exception, regex):
        """Like assertRaisesRegex, inside Odoo's savepoint: a refused change leaves
        nothing half-written behind."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)
