import io
from datetime import date, datetime

from openpyxl import load_workbook

from odoo.addons.fgp_organisation_plan.tests.common import OrganisationPlanCase


class TestXlsx(OrganisationPlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Action = cls.env["fgp.organisation.action"]
        cls.action = Action.create(
            {
                "organisation_plan_id": cls.org_plan.id,
                "area": "training",
                "name": "Training regie geven",
                "deadline": "2026-05-31",
                "progress": 40,
            }
        )
        cls.org_plan._take_snapshots(date(2026, 2, 1))
        cls.org_plan._take_snapshots(date(2026, 1, 1))
        cls.empty_plan._take_snapshots(date(2026, 1, 1))

    def _workbook(self, plans):
        content, fmt = self.env["ir.actions.report"]._render_xlsx(
            "fgp_organisation_plan.organisation_plan_xlsx", plans.ids, None
        )
        self.assertEqual(fmt, "xlsx")
        return load_workbook(io.BytesIO(content))

    def test_sheets(self):
        """Plans, actions and the KPI trend, each with a frozen, filterable header."""
        book = self._workbook(self.org_plan | self.empty_plan)
        self.assertEqual(
            book.sheetnames, ["Organisation plans", "Actions", "KPI trend"]
        )
        for sheet in book.worksheets:
            self.assertEqual(sheet.freeze_panes, "A2", sheet.title)
            self.assertTrue(sheet.auto_filter.ref.startswith("A1:"), sheet.title)

    def test_plans_sheet(self):
        """The plan row holds real dates and numbers, '—' for an empty KPI."""
        sheet = self._workbook(self.org_plan | self.empty_plan)["Organisation plans"]
        header = [cell.value for cell in sheet[1]]
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        full = rows["Organisatieplan gemeente Teststad 2026"]
        empty = rows["Organisatieplan gemeente Teststad 2020"]
        col = header.index
        self.assertEqual(full[col("Start")], datetime(2026, 1, 1))
        self.assertAlmostEqual(full[col("Uptake (%)")], 100 * 4 / 6)
        self.assertEqual(full[col("Family's own plan (%)")], 75)
        self.assertEqual(full[col("Plans offered")], 6)
        self.assertEqual(full[col("Where we stand")], "On the way, but searching")
        self.assertEqual(empty[col("Uptake (%)")], "—")
        self.assertEqual(empty[col("Plans offered")], 0)

    def test_actions_sheet(self):
        """Actions with their area, deadline as a date and progress as a number."""
        sheet = self._workbook(self.org_plan)["Actions"]
        self.assertEqual(sheet.max_row, 2)
        row = [cell.value for cell in sheet[2]]
        self.assertEqual(row[1], "Training and coaching")
        self.assertEqual(row[2], "Training regie geven")
        self.assertEqual(row[4], datetime(2026, 5, 31))
        self.assertEqual(row[5], 40)

    def test_trend_sheet(self):
        """The trend lists the snapshots per plan in date order."""
        sheet = self._workbook(self.org_plan | self.empty_plan)["KPI trend"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(
            [(r[0][-4:], r[1]) for r in rows],
            [
                ("2020", datetime(2026, 1, 1)),
                ("2026", datetime(2026, 1, 1)),
                ("2026", datetime(2026, 2, 1)),
            ],
        )
        self.assertEqual(rows[0][2], "—")
        # On 1 January only B6 (offered that day) was offered, and taken up.
        self.assertAlmostEqual(rows[1][2], 100.0)
