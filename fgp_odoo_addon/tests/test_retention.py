import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command

from .privacy_common import PrivacyCommon


class TestRetention(PrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.decline_reason = "Wij willen dit niet"
        cls.plan.state = "declined"
        cls.plan.write({"date_offered": date(2020, 1, 1), "date_end": date(2020, 2, 1)})
        cls.plan.message_post(body="Gesprek met de familie", message_type="comment")
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "verslag.txt",
                "datas": base64.b64encode(b"verslag"),
                "res_model": "fgp.plan",
                "res_id": cls.plan.id,
            }
        )
        cls.note.sudo().attachment_ids = [
            Command.create(
                {"name": "notitie.txt", "datas": base64.b64encode(b"notitie")}
            )
        ]
        cls.kept = cls.plan.copy({"name": "Plan familie Bewaard"})
        cls.kept.decline_reason = "Nee"
        cls.kept.state = "declined"
        cls.kept.write({"date_offered": date(2020, 1, 1), "date_end": date(2020, 2, 1)})
        cls.kept.legal_hold = True

    def _run(self):
        return self.env["fgp.plan"]._cron_fgp_retention()

    def test_nothing_before_the_term(self):
        """A file is kept for 20 years after the plan ended."""
        with freeze_time("2039-12-31"):
            result = self._run()
        self.assertEqual(result["plans"], 0)
        self.assertTrue(self.plan.exists())

    def test_files_past_their_term_are_destroyed(self):
        """After 20 years the plan goes with its notes, attachments, messages and
        log entries; a plan under legal hold stays; the job reports what it did
        and a second run finds nothing."""
        plan_id = self.plan.id
        with freeze_time("2040-02-02"):
            result = self._run()
            self.assertEqual(result["plans"], 1)
            self.assertEqual(self._run()["plans"], 0, "idempotent")
        self.assertFalse(self.plan.exists())
        self.assertFalse(self.note.exists())
        self.assertTrue(self.kept.exists(), "legal hold")
        env = self.env
        self.assertFalse(
            env["mail.message"].search(
                [("model", "=", "fgp.plan"), ("res_id", "=", plan_id)]
            )
        )
        self.assertFalse(self.attachment.exists())
        self.assertFalse(
            env["ir.attachment"].search([("name", "in", ("notitie.txt",))])
        )
        Log = env["fgp.access.log"].sudo()
        self.assertFalse(Log.search([("plan_id", "=", plan_id)]))
        erased = Log.search([("res_model", "=", "fgp.plan"), ("res_id", "=", plan_id)])
        self.assertEqual(erased.operation, "erase")
        self.assertFalse(erased.partner_id, "no trace of whose file it was")
        reports = env["ir.logging"].search(
            [("name", "=", "fgp_odoo_addon.retention")], order="id"
        )
        self.assertIn("1 plan files", reports[-2].message)
        self.assertIn("0 plan files", reports[-1].message)

    def test_retention_term_is_configurable(self):
        """The term follows the setting."""
        self.env["ir.config_parameter"].set_param("fgp_odoo_addon.retention_years", 25)
        with freeze_time("2040-02-02"):
            self.assertEqual(self._run()["plans"], 0)
        with freeze_time("2045-02-02"):
            self.assertEqual(self._run()["plans"], 1)

    def test_log_entries_past_their_term(self):
        """Log entries go after their own term (default 5 years), not before."""
        with freeze_time("2026-01-01"):
            self.kept.with_user(self.professional).web_read({"name": {}})
        Log = self.env["fgp.access.log"].sudo()
        old = Log.search(
            [("timestamp", "=", datetime(2026, 1, 1)), ("operation", "=", "read")]
        )
        self.assertEqual(len(old), 1)
        with freeze_time("2030-12-31"):
            self._run()
        self.assertTrue(old.exists())
        with freeze_time("2031-01-02"):
            self._run()
        self.assertFalse(old.exists())

    def test_log_term_at_least_five_years(self):
        """A log term under 5 years is not applied."""
        self.env["ir.config_parameter"].set_param(
            "fgp_odoo_addon.access_log_retention_years", 1
        )
        self.assertEqual(self.env["fgp.plan"]._fgp_log_retention_years(), 5)
