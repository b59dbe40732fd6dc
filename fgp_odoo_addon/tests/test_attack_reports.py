"""Attack: another family's plan in a report. Every report of a family-plan
model (read from ir.actions.report, so a report added later is attacked too)
is asked for plan A's records, by its URL and by the web client's
``POST /report/download``, as every role outside plan A's team. The answer is
never an error page and holds nothing of plan A."""

import json
import subprocess
import tempfile
from io import BytesIO

from openpyxl import load_workbook

from odoo import http
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common_attack import AttackCase

CANARY = "KANARIE-RAPPORT-7731"


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackReports(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.crm_user = new_test_user(
            cls.env, login="fgp_attack_crm", groups="base.group_user", name="CRM"
        )
        cls.plan_a.name = f"Plan {CANARY}"
        cls.agreement_a.description = f"Afspraak {CANARY}"
        cls.reports = cls.env["ir.actions.report"].search([("model", "=like", "fgp.%")])

    def records_of_plan_a(self, report):
        Model = self.env[report.model]
        if Model._name == "fgp.plan":
            return self.plan_a
        if "plan_id" in Model._fields:
            return Model.search([("plan_id", "=", self.plan_a.id)])
        return Model.search([], limit=1)

    def text_of(self, response):
        """The text a person would read: the cells of a workbook, a PDF's text
        (pdftotext), or the page."""
        if response.content[:4] == b"%PDF":
            with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
                pdf.write(response.content)
                pdf.flush()
                return subprocess.run(
                    ["pdftotext", pdf.name, "-"],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
        if response.content[:2] == b"PK":
            workbook = load_workbook(BytesIO(response.content), read_only=True)
            return " ".join(
                str(value)
                for sheet in workbook
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            )
        return response.text

    def fetch(self, report, how):
        ids = ",".join(str(i) for i in self.records_of_plan_a(report).ids)
        # The URL's converter: xlsx, or pdf for a qweb-pdf report.
        converter = report.report_type.removeprefix("qweb-")
        url = f"/report/{converter}/{report.report_name}/{ids}"
        if how == "url":
            return self.url_open(url)
        return self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, report.report_type]),
                "csrf_token": http.Request.csrf_token(self),
            },
        )

    # report_xlsx logs each refusal it answers (the refusal is what is tested)
    @mute_logger("odoo.addons.report_xlsx.controllers.main", "odoo.http")
    def test_outsiders_get_nothing_of_plan_a(self):
        self.assertTrue(self.reports)
        outsiders = {
            "P-B": self.prof_b,
            "M-B": self.manager_b,
            "Po+": self.portal_member,
            "Po0": self.portal_outsider,
            "CRM": self.crm_user,
            "anonymous": None,
        }
        for report in self.reports:
            for role, user in outsiders.items():
                if user:
                    self.login(user)
                else:
                    self.authenticate(None, None)
                for how in ("url", "download"):
                    with self.subTest(report=report.report_name, role=role, how=how):
                        response = self.fetch(report, how)
                        self.assertLess(response.status_code, 500)
                        self.assertNotIn(CANARY, self.text_of(response))

    def test_family_plan_pdf_only_through_the_plan_page(self):
        """The family's plan on paper is among the reports attacked above; by
        Odoo's report URL a consented member (Po+) and a professional of
        another team (P-B) get nothing of plan A, also when the URL's context
        names the family's copy (only the portal's route sets it)."""
        report = self.env.ref("fgp_odoo_addon.fgp_family_plan_report")
        self.assertIn(report, self.reports)
        context = json.dumps({"fgp_family_copy": "1"})
        for role, user in {"Po+": self.portal_member, "P-B": self.prof_b}.items():
            self.login(user)
            for kind in ("pdf", "html"):
                url = f"/report/{kind}/{report.report_name}/{self.plan_a.id}"
                for query in ("", f"?context={context}"):
                    with self.subTest(role=role, kind=kind, context=bool(query)):
                        response = self.url_open(url + query)
                        self.assertLess(response.status_code, 500)
                        self.assertNotIn(CANARY, self.text_of(response))
        # The control: the member gets the plan from its page.
        self.login(self.portal_member)
        response = self.url_open(f"/my/plans/{self.plan_a.id}/pdf")
        self.assertIn(CANARY, self.text_of(response))

    def test_the_team_gets_its_report(self):
        """The control: plan A's manager finds plan A in every report of plans
        and agreements, by both ways, so the test above looks in real files."""
        self.login(self.manager_a)
        for report in self.reports.filtered(
            lambda r: r.model in ("fgp.plan", "fgp.agreement")
        ):
            for how in ("url", "download"):
                with self.subTest(report=report.report_name, how=how):
                    response = self.fetch(report, how)
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(CANARY, self.text_of(response))
