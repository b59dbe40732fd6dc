import base64

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import users

from .privacy_common import PrivacyCommon


class TestErasure(PrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tracked = cls.env(context={})
        # Records created in this transaction are not tracked until it commits.
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        cls.plan.with_env(tracked).write({"name": "Plan familie Visser-de Boer"})
        cls.condition.with_env(tracked).write({"description": "Geen drank in huis"})
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # tracking values are written before commit
        cls.plan.message_post(body="Verslag van het gesprek", message_type="comment")
        cls.plan.message_subscribe(partner_ids=cls.parent.ids)
        cls.plan.activity_schedule(
            "mail.mail_activity_data_todo", user_id=cls.professional.id
        )
        cls.env["ir.attachment"].create(
            {
                "name": "verslag.txt",
                "datas": base64.b64encode(b"verslag"),
                "res_model": "fgp.plan",
                "res_id": cls.plan.id,
            }
        )
        cls.plan.with_user(cls.professional).web_read({"name": {}})

    def _trail(self, plan_id, condition_id):
        env = self.env(su=True)
        file_domain = [
            "|",
            "&",
            ("model", "=", "fgp.plan"),
            ("res_id", "=", plan_id),
            "&",
            ("model", "=", "fgp.safety.condition"),
            ("res_id", "=", condition_id),
        ]
        messages = env["mail.message"].search(file_domain)
        return {
            "messages": messages,
            "tracking": env["mail.tracking.value"]
            .search(
                [("mail_message_id.model", "in", ("fgp.plan", "fgp.safety.condition"))]
            )
            .filtered(lambda t: t.mail_message_id.res_id in (plan_id, condition_id)),
            "attachments": env["ir.attachment"].search(
                [("res_model", "=", "fgp.plan"), ("res_id", "=", plan_id)]
            ),
            "activities": env["mail.activity"].search(
                [("res_model", "=", "fgp.plan"), ("res_id", "=", plan_id)]
            ),
            "followers": env["mail.followers"].search(
                [("res_model", "=", "fgp.plan"), ("res_id", "=", plan_id)]
            ),
            "log": env["fgp.access.log"].sudo().search([("plan_id", "=", plan_id)]),
        }

    def _request(self):
        return self.env["fgp.erasure.request"].create(
            {"plan_id": self.plan.id, "partner_id": self.parent.id}
        )

    def test_decision_due_within_three_months(self):
        """The decision is due three months after the request was received."""
        request = self._request()
        self.assertEqual(
            request.date_due, request.date_request + relativedelta(months=3)
        )

    @users("priv_log_manager")
    def test_approval_leaves_no_trace(self):
        """An approved request destroys the plan and everything attached to it:
        notes, messages with their tracking values, attachments, activities,
        followers and log entries; one log entry without content remains."""
        plan_id, condition_id = self.plan.id, self.condition.id
        before = self._trail(plan_id, condition_id)
        for key in ("messages", "tracking", "attachments", "activities", "log"):
            self.assertTrue(before[key], f"the set-up made {key}")
        request = self._request()
        request.action_approve()
        self.assertEqual(request.state, "erased")
        self.assertFalse(request.plan_id)
        self.assertEqual(request.plan_ref, plan_id)
        self.assertFalse(self.env["fgp.plan"].sudo().browse(plan_id).exists())
        self.assertFalse(self.note.sudo().exists())
        self.assertFalse(self.member.sudo().exists())
        after = self._trail(plan_id, condition_id)
        for key, records in after.items():
            self.assertFalse(records, f"{key} left behind")
        self.assertFalse(before["tracking"].exists())
        self.assertFalse(
            self.env["mail.message"].sudo().search([("body", "ilike", "Visser")])
        )
        erased = (
            self.env["fgp.access.log"]
            .sudo()
            .search([("res_model", "=", "fgp.plan"), ("res_id", "=", plan_id)])
        )
        self.assertEqual(erased.operation, "erase")
        self.assertEqual(erased.user_id, self.log_manager)
        self.assertFalse(erased.partner_id)

    def test_exception_needs_a_reason(self):
        """Refusing needs the exception that applies; the file stays."""
        request = self._request()
        with self.assertRaises(UserError):
            request.action_refuse()
        request.exception_reason = "Zwaarwegend belang van een ander kind"
        request.action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertTrue(self.plan.exists())
        with self.assertRaises(UserError):
            request.action_approve()

    def test_legal_hold_blocks_erasure(self):
        """A plan under legal hold cannot be erased."""
        self.plan.legal_hold = True
        with self.assertRaises(UserError):
            self._request().action_approve()
        self.assertTrue(self.plan.exists())
