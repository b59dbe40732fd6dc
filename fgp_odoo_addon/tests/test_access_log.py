from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, users

from .privacy_common import PrivacyCommon

PLAN_SPEC = {"name": {}, "state": {}, "network_member_ids": {"fields": {"role": {}}}}


class TestAccessLog(PrivacyCommon):
    def test_opening_a_plan_is_logged(self):
        """Opening one plan in the form (web_read of one id) logs a read with the
        user, the plan and its young person."""
        self.plan.with_user(self.professional).web_read(PLAN_SPEC)
        entry = self._entries("read", self.plan)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.user_id, self.professional)
        self.assertEqual(entry.plan_id, self.plan)
        self.assertEqual(entry.partner_id, self.youth)
        self.assertTrue(entry.timestamp)
        self.assertFalse(self._entries("read", self.member), "form lines are rows")

    def test_lists_are_not_reads(self):
        """A list view (web_search_read) logs nothing: it shows rows. Asked
        for what its views show (the plan list's columns, the activity widget,
        the agreements list's texts), it stays a list."""
        Plan = self.env["fgp.plan"].with_user(self.professional)
        domain = [("id", "=", self.plan.id)]
        Plan.web_search_read(domain, {"name": {}})
        Plan.web_search_read(
            domain, {"name": {}, "state": {}, "activity_ids": {"fields": {}}}
        )
        self.env["fgp.agreement"].with_user(self.professional).web_search_read(
            [("plan_id", "=", self.plan.id)], {"description": {}, "deadline": {}}
        )
        self.assertFalse(self._entries("read"))

    def test_list_asking_for_content_reads_the_rows(self):
        """A crafted list call asking the rows for a text or for the plan's
        chapters reads every record it returns."""
        Plan = self.env["fgp.plan"].with_user(self.professional)
        domain = [("id", "=", self.plan.id)]
        Plan.web_search_read(domain, {"name": {}, "youth_voice": {}})
        self.assertEqual(len(self._entries("read", self.plan)), 1)
        Plan.web_search_read(domain, {"section_ids": {"fields": {"body": {}}}})
        self.assertEqual(len(self._entries("read", self.plan)), 2)

    def test_every_read_by_id_is_logged(self):
        """web_read of several records, the API's read and search_read (which
        may ask for any field) log a read of every record they return: one
        entry per call, found under each of them."""
        plans = self.plan | self.plan.copy()
        as_professional = plans.with_user(self.professional)
        as_professional.web_read({"name": {}})
        self.assertEqual(self._entries("read", plans).record_count, 2)
        as_professional.read(["youth_voice"])
        self.assertEqual(len(self._entries("read", plans)), 2)
        as_professional.search_read([("id", "in", plans.ids)], ["youth_voice"])
        self.assertEqual(len(self._entries("read", plans)), 3)
        for plan in plans:
            self.assertEqual(self._entries("read", plan), self._entries("read", plans))
        self.member.with_user(self.professional).read(["role"])
        self.assertEqual(self._entries("read", self.member).plan_id, self.plan)

    def test_opening_a_note_is_logged(self):
        """Opening a professional note logs a read against the note's plan."""
        self.note.with_user(self.professional).web_read({"name": {}, "body": {}})
        entry = self._entries("read", self.note)
        self.assertEqual(entry.plan_id, self.plan)
        self.assertEqual(entry.partner_id, self.youth)

    def test_changes_are_logged(self):
        """Create, write and unlink of plans, notes, safety conditions and
        network members are logged."""
        user_env = self.env(user=self.professional)
        self.plan.with_user(self.professional).write({"youth_voice": "Ik wil thuis"})
        self.note.with_user(self.professional).write({"name": "Gesprek"})
        self.condition.with_user(self.professional).write({"assessment": "Goed"})
        member = user_env["fgp.network.member"].create(
            {
                "plan_id": self.plan.id,
                "partner_id": self.env["res.partner"].create({"name": "Opa"}).id,
            }
        )
        member.unlink()
        for records in (self.plan, self.note, self.condition):
            self.assertEqual(len(self._entries("write", records)), 1, records._name)
        self.assertEqual(len(self._entries("create", member)), 1)
        unlinked = self._entries("unlink", member)
        self.assertEqual(unlinked.plan_id, self.plan)
        self.assertEqual(unlinked.user_id, self.professional)

    def test_export_is_one_entry_naming_every_row(self):
        """An export is one entry that names every exported record: a search
        by any of them, their plan or their young person finds it."""
        plans = self.plan | self.plan.copy() | self.plan.copy()
        plans.with_user(self.professional).export_data(["name"])
        entry = self._entries("export", plans)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.record_count, 3)
        self.assertFalse(entry.plan_id, "an entry about several plans names none")
        self.assertEqual(entry.partner_ids, self.youth)
        Log = self.env["fgp.access.log"].sudo()
        for plan in plans:
            self.assertEqual(Log.search([("plan_id", "=", plan.id)]) & entry, entry)
        self.assertEqual(
            Log.search([("partner_id", "=", self.youth.id)]) & entry, entry
        )
        self.assertFalse(Log.search([("plan_id", "not in", plans.ids)]) & entry)

    def test_print_is_logged(self):
        """Rendering a report of a plan logs a print."""
        report = self.env["ir.actions.report"].create(
            {
                "name": "Plan",
                "model": "fgp.plan",
                "report_type": "qweb-html",
                "report_name": "fgp_odoo_addon.test_plan_report",
            }
        )
        self.env["ir.ui.view"].create(
            {
                "name": "fgp_odoo_addon.test_plan_report",
                "type": "qweb",
                "key": "fgp_odoo_addon.test_plan_report",
                "arch": '<t t-name="x"><t t-foreach="docs" t-as="o">'
                '<p t-esc="o.name"/></t></t>',
            }
        )
        self.env["ir.actions.report"].with_user(self.professional)._render_qweb_html(
            report.id, self.plan.ids
        )
        self.assertEqual(len(self._entries("print", self.plan)), 1)

    def test_spreadsheet_report_is_logged_where_it_is_made(self):
        """A spreadsheet report of plans logs a print naming each plan it
        holds when it is rendered, whatever the route that asked for it."""
        plans = self.plan | self.plan.copy()
        self.env["ir.actions.report"].with_user(self.manager)._render_xlsx(
            "fgp_odoo_addon.plan_register_xlsx", plans.ids, {}
        )
        entry = self._entries("print", plans)
        self.assertEqual(entry.record_count, 2)
        for plan in plans:
            self.assertEqual(self._entries("print", plan), entry)

    def test_portal_view_method(self):
        """What the portal's access check calls for a page it shows logs a
        portal view of the plan (the pages over HTTP: test_attack_portal)."""
        self.plan._fgp_log("portal_view")
        self.assertEqual(self._entries("portal_view", self.plan).plan_id, self.plan)

    def test_append_only_for_every_role(self):
        """No role, the administrator and the log manager included, can change
        or delete an entry, nor create one by hand."""
        self.plan.with_user(self.professional).web_read({"name": {}})
        entry = self._entries("read", self.plan)
        for user in (self.professional, self.manager, self.admin, self.log_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    entry.with_user(user).write({"operation": "write"})
                with self.assertRaises(AccessError):
                    entry.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["fgp.access.log"].with_user(user).create(
                        {"operation": "read"}
                    )
        with self.assertRaises(AccessError):
            entry.sudo().write({"operation": "write"})
        with self.assertRaises(AccessError):
            entry.sudo().unlink()

    def test_only_log_managers_read_the_log(self):
        """Managers and administrators cannot read the log; log managers can."""
        self.plan.with_user(self.professional).web_read({"name": {}})
        for user in (self.professional, self.manager, self.admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["fgp.access.log"].with_user(user).search([])
        Log = self.env["fgp.access.log"].with_user(self.log_manager)
        self.assertTrue(Log.search([("plan_id", "=", self.plan.id)]))

    @users("priv_log_manager")
    def test_reading_the_log_is_logged(self):
        """Consulting or exporting the log is itself logged, per plan shown."""
        self.plan.with_user(self.professional).web_read({"name": {}})
        Log = self.env["fgp.access.log"]
        result = Log.web_search_read(
            [("plan_id", "=", self.plan.id)], {"operation": {}, "user_id": {}}
        )
        self.assertEqual(result["length"], 5, "4 creations in the set-up and 1 read")
        consulted = Log.sudo().search([("res_model", "=", "fgp.access.log")])
        self.assertEqual(consulted.operation, "read")
        self.assertEqual(consulted.plan_id, self.plan)
        self.assertEqual(consulted.user_id, self.env.user)
        Log.web_read_group([], ["operation"], ["user_id"])
        self.assertEqual(
            len(Log.sudo().search([("res_model", "=", "fgp.access.log")])),
            2,
            "the grouped (pivot) view was logged too",
        )
        Log.search([("plan_id", "=", self.plan.id)]).export_data(["operation"])
        self.assertTrue(
            Log.sudo().search(
                [("res_model", "=", "fgp.access.log"), ("operation", "=", "export")]
            )
        )

    @users("priv_log_manager")
    def test_log_outlives_the_plan(self):
        """Deleting a plan keeps its log entries (and what was deleted), and the
        log still lists them."""
        plan = self.plan.copy().sudo()
        plan.with_user(self.professional).web_read({"name": {}})
        plan_id = plan.id
        plan.unlink()
        Log = self.env["fgp.access.log"]
        entries = Log.sudo().search(
            [("res_model", "=", "fgp.plan"), ("res_id", "=", plan_id)]
        )
        self.assertEqual(set(entries.mapped("operation")), {"create", "read", "unlink"})
        result = Log.web_search_read(
            [("res_model", "=", "fgp.plan"), ("res_id", "=", plan_id)],
            {"operation": {}, "plan_id": {"fields": {"display_name": {}}}},
        )
        self.assertEqual(result["length"], 3)

    def test_context_cannot_switch_the_log_off(self):
        """The context keys with which the privacy jobs silence the log do
        nothing when a caller sets them: RPC contexts come from JSON."""
        forged = {
            "fgp_access_log_skip": "1",
            "fgp_access_log_no_read": "1",
            "fgp_access_log_purge": True,
        }
        plan = self.plan.with_user(self.professional).with_context(**forged)
        plan.web_read(PLAN_SPEC)
        plan.write({"youth_voice": "Ik wil bij mama blijven"})
        plan.export_data(["name"])
        for operation in ("read", "write", "export"):
            self.assertEqual(len(self._entries(operation, self.plan)), 1, operation)
        with self.assertRaises(AccessError):
            self._entries().with_context(**forged).unlink()

    def test_export_of_a_plans_records_names_each_plan(self):
        """Records of a plan's file (agreements here) are logged with their own
        plans and young people, also when the plan just changed."""
        other = self.plan.copy({"youth_ids": [Command.set(self.parent.ids)]})
        first = self.env["fgp.agreement"].create(
            {
                "plan_id": self.plan.id,
                "description": "Oma haalt Noor op",
                "source": "community",
            }
        )
        second = self.env["fgp.agreement"].create(
            {
                "plan_id": self.plan.id,
                "description": "Buurtcentrum op vrijdag",
                "source": "community",
            }
        )
        second.plan_id = other  # pending in the cache until the log flushes it
        (first | second).with_user(self.professional).export_data(["description"])
        entry = self._entries("export", first | second)
        self.assertEqual(entry.record_count, 2)
        self.assertEqual(entry.partner_ids, self.youth | self.parent)
        Log = self.env["fgp.access.log"].sudo()
        for plan in (self.plan, other):
            self.assertEqual(Log.search([("plan_id", "=", plan.id)]) & entry, entry)
        first.with_user(self.professional).export_data(["description"])
        entry = self._entries("export", first) - entry
        self.assertEqual(
            (entry.res_id, entry.plan_id, entry.partner_id),
            (first.id, self.plan, self.youth),
        )

    def test_log_has_no_foreign_keys(self):
        """An entry locks and checks no other row: exports of thousands of
        records stay cheap, and the log never follows a deletion by cascade."""
        self.env.cr.execute(
            """
            SELECT count(*) FROM pg_constraint
             WHERE conrelid = 'fgp_access_log'::regclass AND contype = 'f'
            """
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    @users("priv_log_manager")
    def test_deleted_user_and_person_leave_a_readable_log(self):
        """Deleting a user or a person clears them from the entries (as
        ``ondelete="set null"`` did), and the log still shows those entries."""
        reader = new_test_user(
            self.env(su=True),
            login="priv_reader",
            groups="fgp_odoo_addon.group_fgp_professional",
        )
        youth = self.env["res.partner"].sudo().create({"name": "Tijdelijk kind"})
        plan = self.plan.sudo().copy(
            {"youth_ids": [Command.set(youth.ids)], "professional_id": reader.id}
        )
        plan.with_user(reader).web_read({"name": {}})
        entry = self._entries("read", plan)
        self.assertEqual((entry.user_id, entry.partner_id), (reader, youth))
        reader.sudo().unlink()
        youth.sudo().unlink()
        entry.invalidate_recordset()
        self.assertFalse(entry.user_id)
        self.assertFalse(entry.partner_id)
        self.assertEqual(entry.plan_id, plan)
        result = self.env["fgp.access.log"].web_search_read(
            [("id", "=", entry.id)],
            {
                "user_id": {"fields": {"display_name": {}}},
                "partner_id": {"fields": {"display_name": {}}},
                "plan_id": {"fields": {"display_name": {}}},
            },
        )
        self.assertEqual(result["records"][0]["plan_id"]["id"], plan.id)
        self.assertFalse(result["records"][0]["user_id"])

    def test_every_part_of_a_file_is_logged(self):
        """Every model whose records belong to a plan (deleted with it) logs
        opening, changes and exports: a new part of the file must too."""
        models = {"fgp.plan"} | {
            name for name, _field in self.env["fgp.plan"]._fgp_file_parts()
        }
        for name in models:
            model = self.env.registry[name]
            if model._transient:
                continue
            with self.subTest(model=name):
                self.assertIn("fgp.access.log.mixin", model._inherit_module, name)

    def test_merged_person_keeps_the_entries(self):
        """Merging a duplicate contact of the young person moves its entries to
        the contact it is merged into."""
        duplicate = self.env["res.partner"].create({"name": "Noor Visser (dubbel)"})
        plan = self.plan.copy({"youth_ids": [Command.set(duplicate.ids)]})
        plan.with_user(self.professional).web_read({"name": {}})
        entry = self._entries("read", plan)
        self.assertEqual(entry.partner_id, duplicate)
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (self.youth | duplicate).ids, self.youth
        )
        self.assertFalse(duplicate.exists())
        entry.invalidate_recordset()
        self.assertEqual(entry.partner_id, self.youth)
