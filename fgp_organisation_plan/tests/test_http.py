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


@tagged("post_install", "-at_install", "fgp_http")
class TestViewsRender(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "op_view_manager",
            password="op_view_manager",
            groups="fgp_odoo_addon.group_fgp_manager",
        )
        cls.plan = cls.env["fgp.organisation.plan"].create(
            {
                "name": "Organisatieplan weergave",
                "partner_id": cls.manager.partner_id.id,
                "user_id": cls.manager.id,
                "action_ids": [
                    (0, 0, {"name": "Voorlichting", "area": "public_information"}),
                    (0, 0, {"name": "Training", "area": "training", "progress": 50}),
                ],
            }
        )
        cls.plan._take_snapshots()

    def _open(self, path, selector):
        self.browser_js(
            f"/odoo/{path}",
            "console.log('test successful')",
            ready=f"!!document.querySelector({selector!r})",
            login="op_view_manager",
        )

    def test_plan_form(self):
        """The plan form renders with its KPIs, actions and maturity help."""
        self._open(
            f"action-fgp_organisation_plan.fgp_organisation_plan_action/{self.plan.id}",
            ".o_form_view .o_field_widget[name='kpi_uptake_display']",
        )

    def test_action_kanban(self):
        """The actions render as a kanban board grouped by area."""
        self._open(
            "action-fgp_organisation_plan.fgp_organisation_action_action",
            ".o_kanban_view .o_kanban_group .o_kanban_record",
        )

    def test_snapshot_graph(self):
        """The KPI trend renders as a graph."""
        self._open(
            "action-fgp_organisation_plan.fgp_organisation_snapshot_action",
            ".o_graph_view canvas",
        )
