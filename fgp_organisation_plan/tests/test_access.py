from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from odoo.addons.fgp_organisation_plan.tests.common import OrganisationPlanCase


class TestAccess(OrganisationPlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.professional = new_test_user(
            cls.env, "op_professional", groups="fgp_odoo_addon.group_fgp_professional"
        )
        cls.manager = new_test_user(
            cls.env, "op_manager", groups="fgp_odoo_addon.group_fgp_manager"
        )
        cls.other_manager = new_test_user(
            cls.env, "op_other_manager", groups="fgp_odoo_addon.group_fgp_manager"
        )
        cls.admin = new_test_user(
            cls.env, "op_admin", groups="fgp_odoo_addon.group_fgp_admin"
        )
        cls.employee = new_test_user(cls.env, "op_employee", groups="base.group_user")
        cls.portal = new_test_user(cls.env, "op_portal", groups="base.group_portal")
        # The manager manages team A only, and sees only team A's family plans.
        cls.team_a.manager_id = cls.manager
        cls.team_c.manager_id = cls.other_manager
        cls.team_a.member_ids = cls.professional
        cls.env.registry.clear_cache()
        cls.own_action = cls.env["fgp.organisation.action"].create(
            {
                "organisation_plan_id": cls.org_plan.id,
                "area": "procedures",
                "name": "Werkinstructie aangewezen persoon bellen",
                "user_id": cls.professional.id,
            }
        )
        cls.other_action = cls.env["fgp.organisation.action"].create(
            {
                "organisation_plan_id": cls.org_plan.id,
                "area": "research",
                "name": "Onderzoek effecten",
                "user_id": cls.admin.id,
            }
        )

    def test_professional_reads(self):
        """A professional reads the plan, its actions and the same KPIs as anyone,
        though team B's family plans are not theirs to read."""
        plan = self.org_plan.with_user(self.professional)
        self.assertEqual(plan.name, "Organisatieplan gemeente Teststad 2026")
        self.assertEqual(plan.plan_count, 6)
        self.assertAlmostEqual(plan.kpi_family_authored, 75.0)
        self.assertEqual(len(plan.action_ids), 2)
        self.assertFalse(
            self.env["fgp.plan"]
            .with_user(self.professional)
            .search([("id", "=", self.b5.id)])
        )

    def test_professional_cannot_edit_plan(self):
        """A professional cannot create or change an organisation plan."""
        with self.assertRaises(AccessError):
            self.org_plan.with_user(self.professional).write(
                {"maturity": "frontrunner"}
            )
        with self.assertRaises(AccessError):
            self.env["fgp.organisation.plan"].with_user(self.professional).create(
                {"name": "Eigen plan", "partner_id": self.municipality.id}
            )
        with self.assertRaises(AccessError):
            self.org_plan.with_user(self.professional).action_snapshot()

    def test_professional_updates_own_action(self):
        """A professional updates the progress of their own action only."""
        self.own_action.with_user(self.professional).write({"progress": 50})
        self.assertEqual(self.own_action.state, "in_progress")
        with self.assertRaises(AccessError):
            self.other_action.with_user(self.professional).write({"progress": 50})
        with self.assertRaises(AccessError):
            self.env["fgp.organisation.action"].with_user(self.professional).create(
                {"organisation_plan_id": self.org_plan.id, "name": "Nieuw"}
            )

    def test_manager_edits_plan_covering_managed_team(self):
        """The manager of a covered team edits the plan, its actions and snapshots."""
        plan = self.org_plan.with_user(self.manager)
        plan.write({"maturity": "frontrunner"})
        self.assertEqual(self.org_plan.maturity, "frontrunner")
        self.other_action.with_user(self.manager).write({"progress": 80})
        plan.action_snapshot()
        self.assertEqual(self.org_plan.snapshot_count, 1)
        self.assertEqual(self.org_plan.snapshot_ids.plan_count, 6)

    def test_manager_creates_own_plan(self):
        """A manager creates an organisation plan of their own, with actions."""
        plan = (
            self.env["fgp.organisation.plan"]
            .with_user(self.other_manager)
            .create(
                {
                    "name": "Organisatieplan zorgaanbieder",
                    "partner_id": self.provider.id,
                    "organisation_type": "care_provider",
                    "team_ids": [(6, 0, [self.team_c.id])],
                    "action_ids": [
                        (0, 0, {"name": "Afspraken maken", "area": "procedures"})
                    ],
                }
            )
        )
        self.assertEqual(plan.user_id, self.other_manager)
        self.assertEqual(plan.plan_count, 1)

    def test_other_manager_cannot_edit(self):
        """A manager of none of the covered teams reads, but does not edit."""
        plan = self.org_plan.with_user(self.other_manager)
        self.assertEqual(plan.plan_count, 6)
        with self.assertRaises(AccessError):
            plan.write({"maturity": "frontrunner"})
        with self.assertRaises(AccessError):
            self.other_action.with_user(self.other_manager).write({"progress": 80})

    def test_admin_all(self):
        """The functional administrator edits and deletes everything."""
        self.org_plan.with_user(self.admin).write({"state": "active"})
        self.org_plan.with_user(self.admin).action_snapshot()
        self.org_plan.snapshot_ids.with_user(self.admin).unlink()
        self.empty_plan.with_user(self.admin).unlink()

    def test_manager_cannot_delete_snapshots(self):
        """Snapshots are the trend: a manager cannot delete them."""
        self.org_plan.with_user(self.manager).action_snapshot()
        with self.assertRaises(AccessError):
            self.org_plan.snapshot_ids.with_user(self.manager).unlink()

    def test_no_access_without_role(self):
        """Employees without a family plan role and portal users see nothing."""
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError):
                self.org_plan.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.env["fgp.organisation.snapshot"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["fgp.organisation.action"].with_user(user).search([])
