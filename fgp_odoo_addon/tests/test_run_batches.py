from unittest.mock import patch

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase

from .. import tools

DOUBLE_KEY = (
    "CREATE TEMP TABLE fgp_batch_probe (id int PRIMARY KEY);"
    "INSERT INTO fgp_batch_probe VALUES (1), (1)"
)


class TestRunBatches(TransactionCase):
    """A job's batch that meets a row another worker inserted first (two
    servers' cron workers subscribing one person to one plan) is rolled back
    and tried again. Each test works on a cursor of its own, as a job does: a
    retry rolls back, which the test's transaction must not; nothing stays."""

    def _run(self, cr, batch):
        with patch.object(tools, "may_commit", return_value=True):
            return tools.run_batches(api.Environment(cr, SUPERUSER_ID, {}), batch, 10)

    def test_unique_key_met_is_tried_again_quietly(self):
        """Tried again on a fresh snapshot, without a bad query in the
        server's error log."""
        calls = []
        with (
            self.registry.cursor() as cr,
            self.assertNoLogs("odoo.sql_db", "ERROR"),
        ):

            def batch(size):
                calls.append(size)
                if len(calls) == 1:
                    cr.execute(DOUBLE_KEY)
                return 3

            self.assertEqual(self._run(cr, batch), 3)
        self.assertEqual(calls, [10, 10])

    def test_a_batch_that_keeps_conflicting_fails_the_call(self):
        """Not tried forever: after a few conflicts the job's call fails, and
        its next run starts over."""
        calls = []
        with self.registry.cursor() as cr:

            def batch(size):
                calls.append(size)
                cr.execute(DOUBLE_KEY)

            with self.assertRaises(psycopg2.errors.UniqueViolation):
                self._run(cr, batch)
        self.assertEqual(len(calls), tools.MAX_CONFLICTS + 1)
