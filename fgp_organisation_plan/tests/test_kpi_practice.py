import io
from datetime import date

from openpyxl import load_workbook

from odoo.addons.fgp_organisation_plan.tests.common import OrganisationPlanCase

from ..models.fgp_organisation_kpi_mixin import COUNT_FIELDS, KPI_FIELDS


class TestKpiPractice(OrganisationPlanCase):
    """Figures that tell the truth: one family is one offer, youth participation
    is about young people, a snapshot counts what was known on its date."""

    def test_professional_plan_after_decline_is_one_offer(self):
        """A3 was declined; the professional plan made after it is not a second
        offer: 6 offers, 4 taken up, as before it existed."""
        a3 = self.a3.with_context(tracking_disable=True)
        action = a3.action_create_professional_plan()
        follow_up = self.env["fgp.plan"].browse(action["res_id"])
        follow_up.date_offered = "2026-03-02"
        self.env.invalidate_all()
        self.assertEqual(follow_up.origin_plan_id, self.a3)
        self.assertEqual(self.org_plan.plan_count, 6)
        self.assertEqual(self.org_plan.taken_up_count, 4)
        self.assertAlmostEqual(self.org_plan.kpi_uptake, 100 * 4 / 6)

    def test_youth_participation_over_plans_about_youth(self):
        """A personal plan (Wmo) of an adult is left out of youth participation:
        A1 (co-author) becomes a personal plan, so 1 (A2) of the 3 plans taken
        up that are about a young person."""
        self.a1.plan_type = "personal"
        self.env.invalidate_all()
        plan = self.org_plan
        self.assertEqual(plan.taken_up_count, 4)
        self.assertEqual(plan.youth_plan_count, 3)
        self.assertEqual(plan.youth_participation_count, 1)
        self.assertAlmostEqual(plan.kpi_youth_participation, 100 / 3)

    def test_snapshot_of_a_past_date(self):
        """On 1 February: A1, A2 and B6 were offered (3 of 3 taken up); of the
        5 agreements due in the period 2 were done on time by then."""
        snapshot = self.org_plan._take_snapshots(date(2026, 2, 1))
        self.assertEqual(snapshot.plan_count, 3)
        self.assertEqual(snapshot.taken_up_count, 3)
        self.assertEqual(snapshot.agreement_count, 5)
        self.assertEqual(snapshot.agreement_on_time_count, 2)
        january = self.org_plan._take_snapshots(date(2026, 1, 20))
        self.assertEqual(january.plan_count, 2)
        self.assertEqual(january.agreement_on_time_count, 0)

    def test_snapshot_of_today_is_the_live_figures(self):
        """Today's snapshot never contradicts the figures on the plan."""
        snapshot = self.org_plan._take_snapshots()
        for name in KPI_FIELDS + COUNT_FIELDS:
            self.assertEqual(snapshot[name], self.org_plan[name], name)

    def test_export_downloads_at_once(self):
        """The XLSX button gives the report itself, never Odoo's document
        layout wizard first (an administrator of a company without a layout)."""
        self.env.company.external_report_layout_id = False
        action = self.org_plan.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "xlsx")

    def test_xlsx_percentages_are_defined(self):
        """Every percentage column of the workbook has its definition, in
        Dutch, as the header cell's comment."""
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon", "fgp_organisation_plan"], ["nl_NL"]
        )
        self.org_plan._take_snapshots(date(2026, 2, 1))
        content, _fmt = (
            self.env["ir.actions.report"]
            .with_context(lang="nl_NL")
            ._render_xlsx(
                "fgp_organisation_plan.organisation_plan_xlsx", self.org_plan.ids, None
            )
        )
        book = load_workbook(io.BytesIO(content))
        checked = 0
        for sheet in book.worksheets:
            for header in sheet[1]:
                if "%" in str(header.value):
                    self.assertTrue(header.comment, f"{sheet.title}: {header.value}")
                    checked += 1
        self.assertGreaterEqual(checked, 6 + 6 + 1 + 1)
        uptake = next(c for c in book.worksheets[0][1] if c.value == "Benutting (%)")
        self.assertIn("één gezin", uptake.comment.text)


class TestDemoTrend(OrganisationPlanCase):
    def test_demo_trend_is_made_by_the_product(self):
        """The demo's KPI trend is made by the snapshot mechanism over the dated
        demo plans: taken again on its dates it gives the same figures, and
        today's snapshot holds the live figures of the organisation plan."""
        plan = self.env.ref(
            "fgp_organisation_plan.organisation_plan_rivierstad_demo",
            raise_if_not_found=False,
        )
        if not plan:
            self.skipTest("demo data not loaded")
        snapshots = plan.snapshot_ids.sorted("date")
        self.assertGreater(len(snapshots), 6)
        recorded = {
            s.date: [s[name] for name in KPI_FIELDS + COUNT_FIELDS] for s in snapshots
        }
        for day, values in recorded.items():
            again = plan._take_snapshots(day)
            self.assertEqual(
                [again[name] for name in KPI_FIELDS + COUNT_FIELDS], values, day
            )
        today = plan._take_snapshots()
        for name in KPI_FIELDS + COUNT_FIELDS:
            self.assertEqual(today[name], plan[name], name)
