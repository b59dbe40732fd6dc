from datetime import date

from odoo import fields

from odoo.addons.fgp_organisation_plan.tests.common import OrganisationPlanCase


class TestSnapshot(OrganisationPlanCase):
    def _snapshots(self, plan):
        return self.env["fgp.organisation.snapshot"].search(
            [("organisation_plan_id", "=", plan.id)]
        )

    def test_snapshot_now_is_idempotent(self):
        """'Snapshot now' twice the same day keeps one snapshot with today's KPIs."""
        self.org_plan.action_snapshot()
        self.org_plan.action_snapshot()
        snapshot = self._snapshots(self.org_plan)
        self.assertEqual(len(snapshot), 1)
        self.assertEqual(snapshot.date, fields.Date.context_today(snapshot))
        self.assertAlmostEqual(snapshot.kpi_uptake, 100 * 4 / 6)
        self.assertEqual(snapshot.plan_count, 6)
        self.assertEqual(snapshot.agreement_on_time_count, 2)
        self.assertEqual(self.org_plan.snapshot_count, 1)

    def test_snapshot_keeps_the_trend(self):
        """A snapshot keeps its figures when the family plans change afterwards.
        On 1 March A1, A2, A3 (declined) and B6 were offered: 3 of 4 taken up;
        on 1 April also A4 (exempt), and B6 is declined by then: 2 of 5."""
        first = self.org_plan._take_snapshots(date(2026, 3, 1))
        self.b6.decline_reason = "Geen behoefte."
        self.b6.action_decline()
        second = self.org_plan._take_snapshots(date(2026, 4, 1))
        first.invalidate_recordset()
        self.assertAlmostEqual(first.kpi_uptake, 75.0)
        self.assertAlmostEqual(second.kpi_uptake, 40.0)
        self.assertEqual(len(self._snapshots(self.org_plan)), 2)

    def test_empty_snapshot_stays_empty(self):
        """An empty KPI is stored as empty (NULL), not as 0 %."""
        snapshot = self.empty_plan._take_snapshots(date(2026, 3, 1))
        snapshot.invalidate_recordset()
        self.assertIs(snapshot.kpi_uptake, False)
        self.assertEqual(snapshot.kpi_uptake_display, "—")
        self.env.cr.execute(
            "SELECT kpi_uptake FROM fgp_organisation_snapshot WHERE id = %s",
            [snapshot.id],
        )
        self.assertIsNone(self.env.cr.fetchone()[0])

    def test_cron_is_idempotent(self):
        """The monthly job snapshots plans in progress once per day, in batches."""
        Plan = self.env["fgp.organisation.plan"]
        Snapshot = self.env["fgp.organisation.snapshot"]
        self.org_plan.action_activate()
        self.empty_plan.action_activate()
        draft = self.org_plan.copy({"name": "Concept"})
        active = Plan.search([("state", "=", "active")])
        today = fields.Date.context_today(Plan)
        todays = [("date", "=", today)]
        before = Snapshot.search_count(todays)
        Plan._cron_take_snapshots(batch_size=1)
        self.assertEqual(Snapshot.search_count(todays), before + 1)
        for _i in range(len(active) + 1):
            Plan._cron_take_snapshots(batch_size=1)
        Plan._cron_take_snapshots()
        for plan in active:
            self.assertEqual(len(plan.snapshot_ids.filtered_domain(todays)), 1)
        self.assertFalse(self._snapshots(draft))
        self.assertEqual(
            self._snapshots(self.org_plan).plan_count, self.org_plan.plan_count
        )

    def test_cron_registered(self):
        """The job is a monthly scheduled action."""
        cron = self.env.ref("fgp_organisation_plan.fgp_organisation_plan_cron_snapshot")
        self.assertEqual(cron.interval_type, "months")
        self.assertTrue(cron.active)

    def test_export_keeps_empty(self):
        """Exported, an empty KPI is an empty cell, a percentage a number."""
        empty = self.empty_plan._take_snapshots(date(2026, 3, 1))
        self.b6.decline_reason = "Geen behoefte."
        self.b6.action_decline()
        full = self.org_plan._take_snapshots()
        rows = (empty | full).export_data(["kpi_uptake", "kpi_safety_met"])["datas"]
        self.assertEqual(rows[0], ["", ""])
        self.assertAlmostEqual(rows[1][0], 50.0)
        self.assertAlmostEqual(rows[1][1], 100 / 3)
