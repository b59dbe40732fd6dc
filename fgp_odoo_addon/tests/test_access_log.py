from odoo.exceptions import AccessError
from odoo.tests import users

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
        """A list view (web_search_read) or a read of several records logs nothing."""
        Plan = self.env["fgp.plan"].with_user(self.professional)
        Plan.web_search_read([("id", "=", self.plan.id)], {"name": {}})
        (self.plan | self.plan.copy()).with_user(self.professional).web_read(
            {"name": {}}
        )
        self.assertFalse(self._entries("read"))

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

    def test_export_is_logged_per_row(self):
        """An export logs every exported record, in one statement."""
        plans = self.plan | self.plan.copy() | self.plan.copy()
        plans.with_user(self.professional).export_data(["name"])
        self.assertEqual(len(self._entries("export", plans)), 3)

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

    def test_spreadsheet_report_route_is_logged(self):
        """Downloading a spreadsheet report of plans logs a print of each plan."""
        self.env["ir.actions.report"].create(
            {
                "name": "Plans register",
                "model": "fgp.plan",
                "report_type": "qweb-html",
                "report_name": "fgp_odoo_addon.test_plans_register",
            }
        )
        plans = self.plan | self.plan.copy()
        path = "/report/xlsx/fgp_odoo_addon.test_plans_register/%s,%s" % tuple(
            plans.ids
        )
        self.env["ir.http"].with_user(self.professional)._fgp_log_path(path)
        self.assertEqual(len(self._entries("print", plans)), 2)

    def test_portal_view_method(self):
        """The method the portal page calls logs a portal view of the plan."""
        self.env["fgp.access.log"]._log_portal_view(self.plan)
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
