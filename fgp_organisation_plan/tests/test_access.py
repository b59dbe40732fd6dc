from odoo.exceptions import AccessError, ValidationError
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
        """A professional reads the plan and its actions; its KPIs count only the
        family plans they may read: team A's, not team B's."""
        plan = self.org_plan.with_user(self.professional)
        self.assertEqual(plan.name, "Organisatieplan gemeente Teststad 2026")
        self.assertEqual(plan.plan_count, 4)
        self.assertEqual(plan.taken_up_count, 2)
        self.assertAlmostEqual(plan.kpi_family_authored, 50.0)
        self.assertEqual(self.org_plan.plan_count, 6, "the superuser counts all")
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
        # Taken by the manager of team A: team A's plans.
        self.assertEqual(self.org_plan.snapshot_ids.plan_count, 4)

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
        """A manager of none of the covered teams reads, but does not edit, and
        counts none of their family plans."""
        plan = self.org_plan.with_user(self.other_manager)
        self.assertEqual(plan.plan_count, 0)
        self.assertIs(plan.kpi_uptake, False)
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

    def test_teams_limited_to_managed(self):
        """A manager lets a plan cover only the teams they manage; the functional
        administrator any team."""
        Plan = self.env["fgp.organisation.plan"]
        vals = {"name": "Organisatieplan team", "partner_id": self.provider.id}
        with self.assertRaises(ValidationError):
            Plan.with_user(self.manager).create(
                dict(vals, team_ids=[(6, 0, [self.team_a.id, self.team_c.id])])
            )
        plan = Plan.with_user(self.manager).create(
            dict(vals, team_ids=[(6, 0, self.team_a.ids)])
        )
        with self.assertRaises(ValidationError):
            plan.write({"team_ids": [(4, self.team_b.id)]})
        # What the form offers (Odoo caches a new record's x2many as empty).
        plan.invalidate_recordset()
        self.assertEqual(plan.allowed_team_ids, self.team_a)
        admin_plan = Plan.with_user(self.admin).create(
            dict(vals, team_ids=[(6, 0, (self.team_a | self.team_c).ids)])
        )
        admin_plan.invalidate_recordset()
        self.assertEqual(admin_plan.allowed_team_ids, Plan.env["fgp.team"].search([]))

    def test_snapshot_of_teams_one_may_not_read(self):
        """A snapshot keeps the figures of all its plan's teams: a professional of
        team A does not read the snapshot of a plan covering teams A and B (the
        monthly job counted both); the administrator does."""
        self.org_plan.state = "active"
        self.env["fgp.organisation.plan"]._cron_take_snapshots()
        snapshot = self.org_plan.snapshot_ids
        self.assertEqual(snapshot.plan_count, 6)
        Snapshot = self.env["fgp.organisation.snapshot"]
        for user in (self.professional, self.manager, self.other_manager):
            self.assertFalse(Snapshot.with_user(user).search([]), user.login)
            with self.assertRaises(AccessError):
                snapshot.with_user(user).read(["plan_count"])
        self.assertIn(snapshot, Snapshot.with_user(self.admin).search([]))
        a_only = self.env["fgp.organisation.plan"].create(
            {
                "name": "Organisatieplan team A",
                "partner_id": self.provider.id,
                "team_ids": [(6, 0, self.team_a.ids)],
                "date_start": "2026-01-01",
                "date_end": "2026-06-30",
            }
        )
        a_only._take_snapshots()
        self.assertIn(
            a_only,
            Snapshot.with_user(self.professional).search([]).organisation_plan_id,
        )
