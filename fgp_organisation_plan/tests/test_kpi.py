from odoo.addons.fgp_organisation_plan.tests.common import OrganisationPlanCase


class TestKpi(OrganisationPlanCase):
    def test_counts(self):
        """The counts behind the KPIs follow readme/USAGE.md on the known world."""
        plan = self.org_plan
        self.assertEqual(plan.plan_count, 6)
        self.assertEqual(plan.taken_up_count, 4)
        self.assertEqual(plan.family_authored_count, 3)
        self.assertEqual(plan.youth_participation_count, 2)
        self.assertEqual(plan.designated_contact_count, 2)
        self.assertEqual(plan.agreement_count, 5)
        self.assertEqual(plan.agreement_on_time_count, 2)
        self.assertEqual(plan.condition_count, 3)
        self.assertEqual(plan.condition_met_count, 1)

    def test_uptake(self):
        """Uptake: 4 of the 6 offered plans were not declined and not exempt."""
        self.assertAlmostEqual(self.org_plan.kpi_uptake, 100 * 4 / 6)

    def test_family_authored(self):
        """Family's own plan: 3 of the 4 plans taken up; the declined family offer
        does not count."""
        self.assertAlmostEqual(self.org_plan.kpi_family_authored, 75.0)

    def test_youth_participation(self):
        """Youth participation: consulted or co-author in 2 of 4 plans taken up;
        'informed' is not enough and the declined co-authored offer does not count."""
        self.assertAlmostEqual(self.org_plan.kpi_youth_participation, 50.0)

    def test_designated_contact(self):
        """Designated contact: 2 of 4 plans taken up; the declined offer's and
        the out-of-scope plans' contacts do not count."""
        self.assertAlmostEqual(self.org_plan.kpi_designated_contact, 50.0)

    def test_agreements_on_time(self):
        """Agreements on time: 2 of 5 (done on or before the deadline); cancelled,
        due after the period and of other plans are left out."""
        self.assertAlmostEqual(self.org_plan.kpi_agreements_on_time, 40.0)

    def test_safety_met(self):
        """Safety conditions met: 1 of 3; withdrawn ones are left out."""
        self.assertAlmostEqual(self.org_plan.kpi_safety_met, 100 / 3)

    def test_display(self):
        """The KPIs read as percentages with one decimal."""
        self.assertEqual(self.org_plan.kpi_family_authored_display, "75.0 %")
        self.assertEqual(self.org_plan.kpi_uptake_display, "66.7 %")

    def test_empty_period(self):
        """Nothing to divide by: every KPI is False and shows '—', not 0 %."""
        plan = self.empty_plan
        for kpi in (
            "kpi_uptake",
            "kpi_family_authored",
            "kpi_youth_participation",
            "kpi_designated_contact",
            "kpi_agreements_on_time",
            "kpi_safety_met",
        ):
            self.assertIs(plan[kpi], False, kpi)
            self.assertEqual(plan[f"{kpi}_display"], "—", kpi)
        self.assertEqual(plan.plan_count, 0)
        self.assertEqual(plan.read(["kpi_uptake"])[0]["kpi_uptake"], False)

    def test_no_teams(self):
        """A plan without teams counts nothing."""
        self.org_plan.team_ids = False
        self.assertIs(self.org_plan.kpi_uptake, False)
        self.assertEqual(self.org_plan.plan_count, 0)

    def test_partly_empty(self):
        """Plans but no agreements: uptake is known, agreements on time is not."""
        self.org_plan.date_end = "2026-01-31"
        # B6 (1 January) and A1 (10 January); A1's agreements fall due in February.
        self.assertEqual(self.org_plan.plan_count, 2)
        self.assertAlmostEqual(self.org_plan.kpi_uptake, 100.0)
        self.assertIs(self.org_plan.kpi_agreements_on_time, False)
        self.assertAlmostEqual(self.org_plan.kpi_safety_met, 50.0)

    def test_follows_changes(self):
        """The live KPIs follow the family plans: a declined offer lowers uptake."""
        self.b6.decline_reason = "Geen behoefte."
        self.b6.action_decline()
        self.org_plan.invalidate_recordset()
        self.assertAlmostEqual(self.org_plan.kpi_uptake, 50.0)

    def test_new_record(self):
        """The form computes the KPIs before the plan is saved."""
        new = self.env["fgp.organisation.plan"].new(
            {
                "name": "Nieuw",
                "partner_id": self.municipality.id,
                "team_ids": [(6, 0, [self.team_a.id])],
                "date_start": "2026-01-01",
                "date_end": "2026-06-30",
            }
        )
        # A1..A4 are in scope for team A alone.
        self.assertEqual(new.plan_count, 4)
        self.assertAlmostEqual(new.kpi_uptake, 50.0)

    def test_several_plans_at_once(self):
        """Computing several organisation plans at once gives each its own KPIs."""
        plans = self.org_plan | self.empty_plan
        plans.invalidate_recordset()
        self.assertEqual(plans.mapped("plan_count"), [6, 0])

    def test_query_count_does_not_grow(self):
        """KPI computation takes as many queries for 40 family plans as for 6."""

        def queries(org_plans):
            self.env.flush_all()
            org_plans.invalidate_recordset()
            before = self.env.cr.sql_log_count
            org_plans.mapped("kpi_uptake")
            return self.env.cr.sql_log_count - before

        queries(self.org_plan)  # warm-up: the first read of a transaction
        baseline = queries(self.org_plan)
        self.assertLessEqual(baseline, 6)
        for _i in range(34):
            plan = self._plan(self.team_a, "2026-03-01", designated=True)
            self._agreement(plan, "2026-04-01", "done", "2026-03-20")
            self._condition(plan, "met")
        self.assertEqual(queries(self.org_plan), baseline)
        self.assertEqual(self.org_plan.plan_count, 40)
        self.assertEqual(queries(self.org_plan | self.empty_plan), baseline)

    def test_family_draft_not_counted(self):
        """An agreement the family has not shared yet is not part of the plan:
        the figures leave it out, though they are counted past the draft
        filter of the agreements' search (one grouped query)."""
        draft = self._agreement(self.a1, "2026-02-01", "done", "2026-01-20")
        draft.is_family_draft = True
        self.env.flush_all()
        self.org_plan.invalidate_recordset()
        self.assertEqual(self.org_plan.agreement_count, 5)
        self.assertEqual(self.org_plan.agreement_on_time_count, 2)
