import datetime
import json
from datetime import timedelta
from io import BytesIO
from urllib.parse import urlencode

from openpyxl import load_workbook

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

AGREEMENTS = "fgp_odoo_addon.fgp_agreement_overview_report"
PLAN_AGREEMENTS = "fgp_odoo_addon.fgp_plan_agreement_overview_report"
REGISTER = "fgp_odoo_addon.fgp_plan_register_report"


class FgpXlsxCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        day = datetime.timedelta(days=1)
        group = "fgp_odoo_addon.group_fgp_"
        cls.manager_a = new_test_user(
            cls.env, "fgp_rep_manager_a", groups=group + "manager", name="Manager Aa"
        )
        # Today as the report's reader has it (their time zone): around midnight
        # it is not the server's UTC day.
        cls.today = fields.Date.context_today(
            cls.env["fgp.agreement"].with_user(cls.manager_a)
        )
        cls.manager_b = new_test_user(
            cls.env, "fgp_rep_manager_b", groups=group + "manager", name="Manager Bb"
        )
        cls.prof_a = new_test_user(
            cls.env, "fgp_rep_prof_a", groups=group + "safety", name="Anna Hulp"
        )
        cls.prof_b = new_test_user(
            cls.env, "fgp_rep_prof_b", groups=group + "safety", name="Bert Hulp"
        )
        cls.functional_admin = new_test_user(
            cls.env, "fgp_rep_admin", groups=group + "admin", name="Beheerder"
        )
        Team = cls.env["fgp.team"]
        cls.team_a = Team.create(
            {
                "name": "Rapport Team Noord",
                "manager_id": cls.manager_a.id,
                "member_ids": [(6, 0, cls.prof_a.ids)],
            }
        )
        cls.team_b = Team.create(
            {
                "name": "Rapport Team Zuid",
                "manager_id": cls.manager_b.id,
                "member_ids": [(6, 0, cls.prof_b.ids)],
            }
        )
        Partner = cls.env["res.partner"]
        cls.oma = Partner.create({"name": "Oma Jansen"})
        cls.club = Partner.create({"name": "Sportclub De Ren"})
        offered = cls.today - 60 * day
        cls.plan_a = cls.env["fgp.plan"].create(
            {
                "name": "Plan familie Verhoeven",
                "team_id": cls.team_a.id,
                "professional_id": cls.prof_a.id,
                "date_offered": offered,
                "method": "eigen_kracht",
                "network_member_ids": [
                    (0, 0, {"partner_id": cls.oma.id, "is_designated": True})
                ],
            }
        )
        cls.plan_b = cls.env["fgp.plan"].create(
            {
                "name": "Plan familie Bakker",
                "team_id": cls.team_b.id,
                "professional_id": cls.prof_b.id,
                "date_offered": offered,
                "plan_type": "personal",
                "authorship": "professional",
            }
        )
        cls.question = cls.env["fgp.help.question"].create(
            {"plan_id": cls.plan_a.id, "name": "Hoe krijgen we rust in huis?"}
        )
        member = cls.plan_a.network_member_ids
        Agreement = cls.env["fgp.agreement"]
        cls.overdue = Agreement.create(
            {
                "plan_id": cls.plan_a.id,
                "question_id": cls.question.id,
                "description": "Oma haalt de kinderen op woensdag op",
                "member_id": member.id,
                "deadline": cls.today - 5 * day,
            }
        )
        cls.done_late = Agreement.create(
            {
                "plan_id": cls.plan_a.id,
                "description": "Aanmelden bij de sportclub",
                "source": "community",
                "provider_id": cls.club.id,
                "deadline": cls.today - 20 * day,
                "state": "done",
                "date_done": cls.today - 10 * day,
            }
        )
        cls.done_on_time = Agreement.create(
            {
                "plan_id": cls.plan_a.id,
                "description": "Schuldhulp bellen",
                "source": "professional",
                "deadline": cls.today - 20 * day,
                "state": "done",
                "date_done": cls.today - 25 * day,
            }
        )
        cls.missed = Agreement.create(
            {
                "plan_id": cls.plan_a.id,
                "description": "Buurvrouw past op",
                "member_id": member.id,
                "deadline": cls.today - 30 * day,
                "state": "missed",
            }
        )
        cls.future = Agreement.create(
            {
                "plan_id": cls.plan_a.id,
                "description": "Samen naar de huisarts",
                "member_id": member.id,
                "deadline": cls.today + 40 * day,
            }
        )
        cls.agreement_b = Agreement.create(
            {
                "plan_id": cls.plan_b.id,
                "description": "Afspraak van team Zuid",
                "source": "community",
                "deadline": cls.today - 3 * day,
            }
        )
        cls.agreements_a = (
            cls.overdue | cls.done_late | cls.done_on_time | cls.missed | cls.future
        )
        cls.condition = cls.env["fgp.safety.condition"].create(
            {
                "plan_id": cls.plan_a.id,
                "description": "Vader is niet alleen met de kinderen",
                "set_by_id": cls.prof_a.id,
                "state": "met",
                "assessment": "GEHEIME BEOORDELING van de professional",
                "date_assessed": cls.today - 2 * day,
                "assessed_by_id": cls.prof_a.id,
            }
        )
        cls.env["fgp.professional.note"].create(
            {
                "plan_id": cls.plan_a.id,
                "author_id": cls.prof_a.id,
                "body": "<p>GEHEIME NOTITIE over het gezin</p>",
                "visibility": "team",
            }
        )

    def render(self, xmlid, user, docids=None, data=None, lang="en_US"):
        report = self.env.ref(xmlid)
        content, extension = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=lang)
            ._render_xlsx(report.report_name, docids, data)
        )
        self.assertEqual(extension, "xlsx")
        workbook = load_workbook(BytesIO(content))
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        }, workbook

    @staticmethod
    def by_header(rows):
        header = rows[0]
        return [dict(zip(header, row, strict=False)) for row in rows[1:]]

    @staticmethod
    def all_text(sheets):
        return " ".join(
            str(value)
            for rows in sheets.values()
            for row in rows
            for value in row
            if value is not None
        )

    @staticmethod
    def wizard_data(teams=None, date_from=False, date_to=False):
        return {
            "fgp_filter": {
                "team_ids": teams.ids if teams else [],
                "date_from": date_from,
                "date_to": date_to,
            }
        }


class TestAgreementOverview(FgpXlsxCase):
    def test_sheets_headers_and_layout(self):
        """The overview has its four sheets, frozen headers and an autofilter."""
        sheets, workbook = self.render(
            AGREEMENTS, self.manager_a, self.agreements_a.ids
        )
        self.assertEqual(
            list(sheets),
            [
                "Summary",
                "Agreements",
                "Overdue",
                "Safety conditions",
                "Repeating agreements",
            ],
        )
        self.assertEqual(
            sheets["Agreements"][0],
            [
                "Plan",
                "Team",
                "Case professional",
                "Help question",
                "Agreement",
                "Source",
                "Responsible",
                "Deadline",
                "State",
                "Done on",
            ],
        )
        for sheet in workbook.worksheets:
            self.assertEqual(sheet.freeze_panes, "A2", sheet.title)
            self.assertTrue(sheet.auto_filter.ref, sheet.title)
            self.assertGreater(sheet.column_dimensions["A"].width, 8, sheet.title)

    def test_days_of_repeating_agreements(self):
        """A repeating agreement counts once on the summary and per day on its
        own sheet, and the sheet says so in Dutch (cell comments)."""
        weekly = self.env["fgp.agreement"].create(
            {
                "plan_id": self.plan_a.id,
                "description": "Oma kookt elke maandag",
                "member_id": self.plan_a.network_member_ids.id,
                "recurrence": "weekly",
                "repeat_mon": True,
                "repeat_start": self.today - timedelta(days=21),
            }
        )
        Occurrence = self.env["fgp.agreement.occurrence"]
        for weeks, state in ((3, "done"), (2, "missed"), (1, "done"), (0, "open")):
            Occurrence.create(
                {
                    "agreement_id": weekly.id,
                    "plan_id": self.plan_a.id,
                    "date": self.today - timedelta(days=7 * weeks),
                    "state": state,
                }
            )
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["fgp_odoo_addon"], ["nl_NL"])
        sheets, workbook = self.render(
            AGREEMENTS, self.manager_a, (self.agreements_a | weekly).ids, lang="nl_NL"
        )
        rows = self.by_header(sheets["Terugkerende afspraken"])
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["Terugkerende afspraken"], 1)
        self.assertEqual(row["Dagen"], 4)
        self.assertEqual(row["Gedaan"], 2)
        self.assertEqual(row["Niet nagekomen"], 1)
        self.assertEqual(row["Nog afvinken"], 1)
        self.assertAlmostEqual(row["Gedaan %"], 2 / 3)
        days = workbook["Terugkerende afspraken"]
        self.assertIn(
            "dagen gedaan / (dagen gedaan + dagen niet nagekomen)",
            days["H1"].comment.text,
        )
        self.assertIn("elke dag", days["D1"].comment.text.lower())
        self.assertIn("als één afspraak", workbook["Samenvatting"]["C1"].comment.text)

    def test_agreement_rows_and_types(self):
        """Every selected agreement is a row with real dates and readable names."""
        sheets, _workbook = self.render(
            AGREEMENTS, self.manager_a, self.agreements_a.ids
        )
        rows = self.by_header(sheets["Agreements"])
        self.assertEqual(len(rows), 5)
        overdue = next(r for r in rows if r["Agreement"] == self.overdue.description)
        self.assertEqual(overdue["Plan"], "Plan familie Verhoeven")
        self.assertEqual(overdue["Team"], "Rapport Team Noord")
        self.assertEqual(overdue["Case professional"], "Anna Hulp")
        self.assertEqual(overdue["Help question"], "Hoe krijgen we rust in huis?")
        self.assertEqual(overdue["Source"], "Own network")
        self.assertEqual(overdue["Responsible"], "Oma Jansen")
        self.assertEqual(overdue["State"], "Open")
        self.assertIsInstance(overdue["Deadline"], datetime.datetime)
        self.assertEqual(overdue["Deadline"].date(), self.overdue.deadline)
        self.assertIsNone(overdue["Done on"])
        done = next(r for r in rows if r["Agreement"] == self.done_late.description)
        self.assertEqual(done["Responsible"], "Sportclub De Ren")
        self.assertEqual(done["Done on"].date(), self.done_late.date_done)

    def test_overdue_sheet(self):
        """Only open agreements past their deadline, with days and whom to call."""
        sheets, _workbook = self.render(
            AGREEMENTS, self.manager_a, self.agreements_a.ids
        )
        rows = self.by_header(sheets["Overdue"])
        self.assertEqual([r["Agreement"] for r in rows], [self.overdue.description])
        self.assertEqual(rows[0]["Days overdue"], 5)
        self.assertIsInstance(rows[0]["Days overdue"], int)
        self.assertEqual(rows[0]["Designated contact"], "Oma Jansen")

    def test_summary_counts(self):
        """The summary counts per team and professional, as numbers."""
        sheets, _workbook = self.render(
            AGREEMENTS, self.manager_a, self.agreements_a.ids
        )
        rows = self.by_header(sheets["Summary"])
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["Team"], "Rapport Team Noord")
        self.assertEqual(row["Case professional"], "Anna Hulp")
        self.assertEqual(row["Open"], 2)
        self.assertEqual(row["Overdue"], 1)
        self.assertEqual(row["Due this week"], 0)
        self.assertEqual(row["Missed"], 1)
        self.assertEqual(row["Done"], 2)
        self.assertEqual(row["Done on time"], 1)
        # on time / (done + missed + overdue) = 1 / 4
        self.assertAlmostEqual(row["Done on time %"], 0.25)

    def test_safety_conditions_without_assessment(self):
        """Conditions show state and dates, never the written assessment."""
        sheets, _workbook = self.render(
            AGREEMENTS, self.manager_a, self.agreements_a.ids
        )
        rows = self.by_header(sheets["Safety conditions"])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["Condition"], self.condition.description)
        self.assertEqual(rows[0]["State"], "Met")
        self.assertEqual(rows[0]["Set by"], "Anna Hulp")
        self.assertIsInstance(rows[0]["Assessed on"], datetime.datetime)
        self.assertNotIn("GEHEIME", self.all_text(sheets))

    def test_from_plans(self):
        """Started from selected plans: their agreements and conditions."""
        sheets, _workbook = self.render(
            PLAN_AGREEMENTS, self.manager_a, self.plan_a.ids
        )
        self.assertEqual(len(sheets["Agreements"]) - 1, 5)
        self.assertEqual(len(sheets["Safety conditions"]) - 1, 1)

    def test_dutch(self):
        """In a Dutch session the sheets, headers and labels are Dutch."""
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["fgp_odoo_addon"], ["nl_NL"])
        sheets, _workbook = self.render(
            AGREEMENTS, self.manager_a, self.agreements_a.ids, lang="nl_NL"
        )
        self.assertEqual(
            list(sheets),
            [
                "Samenvatting",
                "Afspraken",
                "Te laat",
                "Voorwaarden voor veiligheid",
                "Terugkerende afspraken",
            ],
        )
        self.assertEqual(
            sheets["Afspraken"][0],
            [
                "Plan",
                "Team",
                "Casushouder",
                "Hulpvraag",
                "Afspraak",
                "Bron",
                "Verantwoordelijke",
                "Uiterste datum",
                "Status",
                "Gedaan op",
            ],
        )
        self.assertEqual(sheets["Samenvatting"][0][3], "Deze week aan de beurt")
        rows = self.by_header(sheets["Afspraken"])
        self.assertIn("Eigen netwerk", [r["Bron"] for r in rows])


class TestPlanRegister(FgpXlsxCase):
    def test_counts_and_plans(self):
        """The register counts by state, type, method, authorship and team."""
        period = self.wizard_data(
            date_from=str(self.today - datetime.timedelta(days=70)),
            date_to=str(self.today),
        )
        sheets, workbook = self.render(REGISTER, self.functional_admin, None, period)
        self.assertEqual(list(sheets), ["Counts", "By team", "Plans"])
        counts = {
            (r["Counted by"], r["Value"]): r["Plans"]
            for r in self.by_header(sheets["Counts"])
        }
        plans = self.env["fgp.plan"].search(
            [
                ("date_offered", ">=", self.today - datetime.timedelta(days=70)),
                ("date_offered", "<=", self.today),
            ]
        )
        self.assertEqual(
            counts[("State", "Offered")],
            len(plans.filtered(lambda p: p.state == "offered")),
        )
        self.assertEqual(counts[("Team", "Rapport Team Noord")], 1)
        self.assertEqual(
            counts[("Method", "Eigen Kracht conference")],
            len(plans.filtered(lambda p: p.method == "eigen_kracht")),
        )
        self.assertEqual(
            counts[("Authorship", "Professional plan in consultation with the family")],
            len(plans.filtered(lambda p: p.authorship == "professional")),
        )
        rows = self.by_header(sheets["Plans"])
        jansen = next(r for r in rows if r["Plan"] == "Plan familie Verhoeven")
        self.assertIsInstance(jansen["Offered on"], datetime.datetime)
        self.assertEqual(jansen["Agreements"], 5)
        self.assertEqual(jansen["Overdue agreements"], 1)
        self.assertEqual(jansen["Case professional"], "Anna Hulp")
        self.assertEqual(workbook["Plans"].freeze_panes, "A2")

    def test_selected_plans(self):
        """Started from the plan list: exactly the selected plans."""
        sheets, _workbook = self.render(REGISTER, self.manager_a, self.plan_a.ids)
        self.assertEqual(
            [r["Plan"] for r in self.by_header(sheets["Plans"])],
            ["Plan familie Verhoeven"],
        )


class TestReportAccess(FgpXlsxCase):
    def test_manager_sees_own_team_only(self):
        """A manager of team A never sees team B's plans, agreements or people."""
        for xmlid in (AGREEMENTS, REGISTER):
            sheets, _workbook = self.render(
                xmlid, self.manager_a, None, self.wizard_data()
            )
            text = self.all_text(sheets)
            self.assertIn("Plan familie Verhoeven", text)
            self.assertNotIn("Plan familie Bakker", text)
            self.assertNotIn("Rapport Team Zuid", text)
            self.assertNotIn("Bert Hulp", text)
            sheets, _workbook = self.render(
                xmlid, self.manager_b, None, self.wizard_data()
            )
            text = self.all_text(sheets)
            self.assertIn("Plan familie Bakker", text)
            self.assertNotIn("Plan familie Verhoeven", text)

    def test_selected_records_of_other_team(self):
        """Ids of another team's records passed to the report are not exported."""
        with self.assertRaises(UserError):
            self.render(AGREEMENTS, self.manager_a, self.agreement_b.ids)
        sheets, _workbook = self.render(
            AGREEMENTS, self.manager_a, (self.agreement_b | self.overdue).ids
        )
        self.assertEqual(len(sheets["Agreements"]), 2)
        self.assertNotIn("Zuid", self.all_text(sheets))

    def test_no_professional_notes(self):
        """No report contains professional notes or assessments, even for the admin."""
        admin = self.functional_admin
        for xmlid, docids in (
            (AGREEMENTS, self.agreements_a.ids),
            (PLAN_AGREEMENTS, self.plan_a.ids),
            (REGISTER, self.plan_a.ids),
        ):
            sheets, _workbook = self.render(xmlid, admin, docids)
            self.assertNotIn("GEHEIME", self.all_text(sheets), xmlid)

    def test_professional_cannot_export(self):
        """Reports are for team managers."""
        with self.assertRaises(AccessError):
            self.render(AGREEMENTS, self.prof_a, self.agreements_a.ids)


class TestReportBadInput(FgpXlsxCase):
    def test_empty_selection(self):
        """Nothing selected: a clear error, no file."""
        with self.assertRaises(UserError):
            self.render(AGREEMENTS, self.manager_a, [])
        with self.assertRaises(UserError):
            self.render(REGISTER, self.manager_a, [])

    def test_period_end_before_start(self):
        """A period that ends before it starts is refused, in the wizard and report."""
        data = self.wizard_data(date_from="2026-05-01", date_to="2026-04-01")
        with self.assertRaises(ValidationError):
            self.render(REGISTER, self.manager_a, None, data)
        with self.assertRaises(ValidationError):
            self.env["fgp.report.wizard"].with_user(self.manager_a).create(
                {"date_from": "2026-05-01", "date_to": "2026-04-01"}
            )

    def test_team_not_visible(self):
        """A team the manager neither manages nor works in is refused by name."""
        with self.assertRaisesRegex(UserError, "Rapport Team Zuid"):
            self.render(AGREEMENTS, self.manager_a, None, self.wizard_data(self.team_b))
        wizard = (
            self.env["fgp.report.wizard"]
            .with_user(self.manager_a)
            .create({"team_ids": [(6, 0, self.team_b.ids)], "date_from": False})
        )
        with self.assertRaises(UserError):
            wizard.action_print()

    def test_empty_period(self):
        """A period without agreements gives a clear message, not an empty file."""
        data = self.wizard_data(date_from="2001-01-01", date_to="2001-12-31")
        with self.assertRaisesRegex(UserError, "no agreements"):
            self.render(AGREEMENTS, self.manager_a, None, data)

    def test_wizard_action(self):
        """The wizard downloads the chosen report with its teams and period."""
        wizard = (
            self.env["fgp.report.wizard"]
            .with_user(self.manager_a)
            .create(
                {
                    "report_type": "plan_register",
                    "team_ids": [(6, 0, self.team_a.ids)],
                    "date_from": self.today - datetime.timedelta(days=70),
                }
            )
        )
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "fgp_odoo_addon.plan_register_xlsx")
        self.assertEqual(action["data"]["fgp_filter"]["team_ids"], self.team_a.ids)
        sheets, _workbook = self.render(REGISTER, self.manager_a, None, action["data"])
        self.assertEqual(len(sheets["Plans"]), 2)

    def test_wizard_form(self):
        """The menu's dialog opens with this year as period and downloads."""
        form = Form(self.env["fgp.report.wizard"].with_user(self.manager_a))
        self.assertEqual(form.date_from, self.today.replace(month=1, day=1))
        self.assertEqual(form.date_to, self.today.replace(month=12, day=31))
        form.date_from = False
        form.team_ids.add(self.team_a)
        action = form.save().action_print()
        self.assertEqual(action["data"]["fgp_filter"]["team_ids"], self.team_a.ids)
        menu = self.env.ref("fgp_odoo_addon.fgp_report_wizard_menu")
        self.assertEqual(
            menu.parent_id, self.env.ref("fgp_odoo_addon.fgp_reporting_menu")
        )


@tagged("post_install", "-at_install", "fgp_http")
class TestReportDownload(HttpCase):
    """The reports download through report_xlsx's HTTP routes (read-only cursor)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "fgp_rep_http_manager",
            groups="fgp_odoo_addon.group_fgp_manager",
            name="Manager Http",
        )
        team = cls.env["fgp.team"].create(
            {"name": "Rapport Team Http", "manager_id": cls.manager.id}
        )
        cls.plan = cls.env["fgp.plan"].create(
            {"name": "Plan familie Http", "team_id": team.id}
        )
        cls.agreement = cls.env["fgp.agreement"].create(
            {
                "plan_id": cls.plan.id,
                "description": "Afspraak via http",
                "source": "community",
                "deadline": cls.plan.date_offered,
            }
        )

    def test_download_selected_and_wizard(self):
        """Selected records and the wizard's options both give a workbook."""
        self.authenticate("fgp_rep_http_manager", "fgp_rep_http_manager")
        response = self.url_open(
            f"/report/xlsx/fgp_odoo_addon.agreement_overview_xlsx/{self.agreement.id}"
        )
        self.assertEqual(response.status_code, 200)
        workbook = load_workbook(BytesIO(response.content))
        self.assertEqual(workbook["Agreements"]["E2"].value, "Afspraak via http")
        options = json.dumps(
            {"fgp_filter": {"team_ids": [], "date_from": False, "date_to": False}}
        )
        response = self.url_open(
            "/report/xlsx/fgp_odoo_addon.plan_register_xlsx?"
            + urlencode({"options": options})
        )
        self.assertEqual(response.status_code, 200)
        workbook = load_workbook(BytesIO(response.content))
        self.assertEqual(workbook["Plans"]["A2"].value, "Plan familie Http")
