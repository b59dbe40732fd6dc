"""Class 10: the system administrator.

The functional administrator (all teams, the configuration) is not Odoo's
system administrator: they cannot write, run or widen code, rules or groups,
so no server action of theirs reads another professional's working notes.
And the access log is append-only in the database itself: not even SQL sent
as the Odoo database user (a server action of the system administrator, a
shell) changes or removes an entry; the retention job, an approved erasure and
the rewrite of references on a merge or delete still do."""

from datetime import timedelta

import psycopg2

from odoo import fields
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from ..models.fgp_access_log_schema import (
    DATA_TABLE,
    DEFAULT_PARTITION,
    PARTITION_FORMAT,
)
from .common_attack import AttackCase

PERSONAL = "Persoonlijke werkaantekening A"


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackAdmin(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_a.with_user(cls.prof_a).web_read({"name": {}})  # an entry
        cls.notes_action = cls.env["ir.actions.server"].create(
            {
                "name": "Notities tonen",
                "model_id": cls.env.ref(
                    "fgp_odoo_addon.model_fgp_professional_note"
                ).id,
                "state": "code",
                "code": "notes = env['fgp.professional.note'].search([])\n"
                "action = {'type': 'ir.actions.client', 'tag': 'display_notification',"
                " 'params': {'message': ' '.join(notes.mapped('body'))}}",
            }
        )

    def log_count(self):
        self.env.cr.execute("SELECT count(*) FROM fgp_access_log")
        return self.env.cr.fetchone()[0]

    def assert_sql_refused(self, statement, setting=None, pgcode="42501"):
        with (
            self.assertRaises(psycopg2.Error) as error,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            if setting:
                self.env.cr.execute("SELECT set_config(%s, 'on', true)", [setting])
            self.env.cr.execute(statement)
        self.assertEqual(error.exception.pgcode, pgcode, statement)

    def test_sql_cannot_change_the_log(self):
        """DELETE, UPDATE and TRUNCATE as the Odoo database user are refused by
        the database, through the view, on the partitioned table and on any
        of its partitions; the rewrite of references changes nothing else, the
        purge setting allows no UPDATE."""
        count = self.log_count()
        self.assertTrue(count)
        month = fields.Datetime.now().strftime(PARTITION_FORMAT)
        for table in ("fgp_access_log", DATA_TABLE, month, DEFAULT_PARTITION):
            self.assert_sql_refused(f"DELETE FROM {table}")
            self.assert_sql_refused(f"DELETE FROM {table} WHERE id > 0")
            if table != "fgp_access_log":
                self.assert_sql_refused(f"TRUNCATE {table}")
        # An UPDATE is refused per row: on the tables that hold this month's.
        for table in ("fgp_access_log", DATA_TABLE, month):
            for statement in (
                "UPDATE %s SET operation = 'read'",
                "UPDATE %s SET user_id = NULL",
                "UPDATE %s SET res_ids = '{}'",
            ):
                self.assert_sql_refused(statement % table)
            self.assert_sql_refused(
                f"UPDATE {table} SET timestamp = now(), partner_id = NULL",
                setting="fgp.access_log_references",
            )
            self.assert_sql_refused(
                f"UPDATE {table} SET partner_id = NULL",
                setting="fgp.access_log_purge",
            )
        # The view is no table: PostgreSQL itself has no TRUNCATE for it.
        self.assert_sql_refused("TRUNCATE fgp_access_log", pgcode="42809")
        self.assert_sql_refused(
            f"TRUNCATE {DATA_TABLE}", setting="fgp.access_log_purge"
        )
        self.assertEqual(self.log_count(), count)

    def test_guard_is_idempotent(self):
        """The guard is made again on every update, without a second trigger."""
        self.env["fgp.access.log"].init()
        self.env["fgp.access.log"].init()
        self.env.cr.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass"
            " AND tgname LIKE 'fgp_access_log_guard%%'",
            [DATA_TABLE],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 3)
        self.assert_sql_refused("DELETE FROM fgp_access_log")

    def test_purge_and_references_still_work(self):
        """The retention purge, an erasure's purge and the rewrite of references
        go through; after them the guard is back in place."""
        Log = self.env["fgp.access.log"]
        entries = Log.sudo().search([("plan_id", "=", self.plan_a.id)])
        self.assertTrue(entries)
        self.assertEqual(entries[:1].partner_id, self.youth_a)
        self.youth_a.unlink()
        self.assertFalse(entries[:1].partner_id, "reference cleared on delete")
        self.assert_sql_refused("UPDATE fgp_access_log SET partner_id = NULL")
        later = fields.Datetime.now() + timedelta(seconds=1)
        self.assertGreaterEqual(Log._purge_before(later), len(entries))
        self.assertFalse(entries.exists())
        self.assert_sql_refused("DELETE FROM fgp_access_log")

    def test_system_server_action_cannot_delete_the_log(self):
        """Even a server action of the system administrator (base.group_system)
        cannot quietly delete the log."""
        count = self.log_count()
        action = self.env["ir.actions.server"].create(
            {
                "name": "Log opruimen",
                "model_id": self.env.ref("fgp_odoo_addon.model_fgp_access_log").id,
                "state": "code",
                "code": "env.cr.execute('DELETE FROM fgp_access_log')",
            }
        )
        self.login(self.sysadmin)
        with (
            mute_logger("odoo.sql_db", "odoo.http"),
            self.assertRaises(JsonRpcException),
        ):
            self.make_jsonrpc_request("/web/action/run", {"action_id": action.id})
        self.assertEqual(self.log_count(), count)

    def test_functional_admin_has_no_code(self):
        """A functional administrator cannot create or change server actions,
        scheduled jobs, record rules, access rights or their own groups."""
        self.login(self.admin)
        note_model = self.env.ref("fgp_odoo_addon.model_fgp_professional_note").id
        system = self.env.ref("base.group_system")
        attempts = (
            (
                "ir.actions.server",
                "create",
                [
                    {
                        "name": "Alle notities",
                        "model_id": note_model,
                        "state": "code",
                        "code": "action = env['fgp.professional.note'].sudo()",
                    }
                ],
            ),
            (
                "ir.actions.server",
                "write",
                [self.notes_action.ids, {"code": "env.cr.execute('SELECT 1')"}],
            ),
            (
                "ir.cron",
                "create",
                [{"name": "Elke minuut", "model_id": note_model, "code": "1"}],
            ),
            (
                "ir.rule",
                "write",
                [
                    self.env.ref("fgp_odoo_addon.fgp_professional_note_rule_admin").ids,
                    {"domain_force": "[(1, '=', 1)]"},
                ],
            ),
            (
                "ir.model.access",
                "create",
                [{"name": "x", "model_id": note_model, "perm_read": True}],
            ),
            ("res.users", "write", [self.admin.ids, {"groups_id": [[4, system.id]]}]),
            ("res.groups", "write", [system.ids, {"users": [[4, self.admin.id]]}]),
        )
        for model, method, args in attempts:
            with self.subTest(model=model, method=method):
                with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
                    self.rpc(model, method, *args)
        self.assertFalse(self.admin.has_group("base.group_system"))
        self.assertNotIn("sudo", self.notes_action.code)

    def test_functional_admin_server_action_reads_no_working_note(self):
        """A server action the functional administrator runs works with their
        rights: case files, their own working notes, nobody else's."""
        self.login(self.admin)
        result = self.make_jsonrpc_request(
            "/web/action/run", {"action_id": self.notes_action.id}
        )
        message = result["params"]["message"]
        self.assertIn("Teamnotitie A", message)
        self.assertNotIn(PERSONAL, message)
        self.assertNotIn("personal file A", message)
