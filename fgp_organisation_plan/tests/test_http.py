import io

from openpyxl import load_workbook

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "fgp_http")
class TestXlsxDownload(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "op_http_manager",
            password="op_http_manager",
            groups="fgp_odoo_addon.group_fgp_manager",
        )
        cls.plan = (
            cls.env["fgp.organisation.plan"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Organisatieplan download",
                    "partner_id": cls.manager.partner_id.id,
                    "action_ids": [
                        (0, 0, {"name": "Training", "area": "training"}),
                    ],
                }
            )
        )

    def test_download(self):
        """A manager downloads the organisation plan workbook through the web."""
        self.authenticate("op_http_manager", "op_http_manager")
        response = self.url_open(
            f"/report/xlsx/fgp_organisation_plan.organisation_plan_xlsx/{self.plan.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.worksheets[1]["C2"].value, "Training")
