from odoo.exceptions import UserError
from odoo.tests import TransactionCase


class TestPlanLifecycle(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["fgp.plan"].create({"name": "Plan familie Test"})

    def test_starts_offered(self):
        """A new plan starts as an offer, offered today by the current user."""
        self.assertEqual(self.plan.state, "offered")
        self.assertEqual(self.plan.offered_by_id, self.env.user)

    def test_cannot_skip_to_active(self):
        """An offered plan cannot become active without being prepared and submitted."""
        with self.assertRaises(UserError):
            self.plan.write({"state": "active"})
