"""Attack, class 3: the family's drafts reach no professional through sudo().

The family writes a chapter, a help question, an agreement and a remark in the
portal while the plan is being prepared: its private drafts, each with one
unique marker (the canary). The professionals then do everything that makes
server code read the plan with sudo(): activate and revise it (versions), run
the follow-up job (activities, mails), export every XLSX report of an fgp model
registered in ir.actions.report, deliver an inspection export, and read every
fgp model over JSON-RPC as P-A, M-A and Adm. The canary must be in none of it,
while the family still sees and edits its drafts."""

import base64
import json
from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_attack import AttackCase, concrete_models

CANARY = "KANARIE3"
TEXT_TYPES = ("char", "text", "html", "json")


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackDrafts(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.plan_a
        cls.member_consent.is_designated = True
        cls.plan.action_prepare()
        cls.today = fields.Date.today()
        # When the family's agreement is long past its deadline.
        cls.later = cls.today + timedelta(days=90)
        cls.models = concrete_models(
            cls.env, lambda model: model._name.startswith("fgp.") and model._auto
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def post(self, url, **data):
        return self.post_form(url, data, status=200)

    def assert_no_canary(self, text, where):
        self.assertNotIn(CANARY, text or "", f"the family's draft leaks into {where}")

    def write_drafts(self):
        """The family's private work, with the canary in every part of it."""
        plan = self.plan
        self.login(self.portal_member)
        self.post(
            f"/my/plans/{plan.id}/section/save",
            name=f"Hoofdstuk {CANARY}",
            body=f"Tekst {CANARY}",
        )
        self.post(f"/my/plans/{plan.id}/question/add", name=f"Vraag {CANARY}")
        question = (
            self.env["fgp.help.question"]
            ._fgp_for_family()
            .search([("plan_id", "=", plan.id), ("is_family_draft", "=", True)])
        )
        self.post(
            f"/my/plans/{plan.id}/agreement/add",
            description=f"Afspraak {CANARY}",
            member_id=self.member_consent.id,
            question_id=question.id,
            deadline=fields.Date.to_string(self.today + timedelta(days=10)),
        )
        agreement = (
            self.env["fgp.agreement"]
            ._fgp_for_family()
            .search([("plan_id", "=", plan.id), ("is_family_draft", "=", True)])
        )
        self.post(
            f"/my/plans/{plan.id}/agreement/{agreement.id}/remark",
            remark=f"Opmerking {CANARY}",
        )
        # The family sees its drafts, the professional only that they exist.
        page = self.url_open(f"/my/plans/{plan.id}").text
        for part in ("Hoofdstuk", "Vraag", "Afspraak", "Opmerking"):
            self.assertIn(f"{part} {CANARY}", page)
        self.assertTrue(plan.with_user(self.prof_a).has_family_draft)
        return question, agreement

    def professionals_work(self):
        """Everything that reads the plan with sudo() on the professional side."""
        plan = self.plan
        self.condition_a.write({"state": "met", "assessment": "Afgesproken"})
        plan.with_user(self.prof_a).action_submit()
        plan.with_user(self.prof_a).action_activate()
        plan.with_user(self.prof_a).action_revise()
        plan.with_user(self.prof_a).action_submit()
        plan.with_user(self.prof_a).action_activate()
        self.env["fgp.follow.up"]._cron_follow_up(today=self.later)
        request = self.env["fgp.inspection.request"].create(
            {"partner_id": self.portal_member.partner_id.id}
        )
        request.action_grant()
        request.action_deliver()
        return request

    # ------------------------------------------------------------------
    # The attack
    # ------------------------------------------------------------------
    def test_drafts_are_in_no_output_of_the_professionals(self):
        question, agreement = self.write_drafts()
        request = self.professionals_work()

        versions = self.env["fgp.plan.version"].search([("plan_id", "=", self.plan.id)])
        self.assertGreaterEqual(len(versions), 2)
        for version in versions:
            self.assert_no_canary(json.dumps(version.snapshot), "a version snapshot")
            self.assert_no_canary(version.snapshot_html, "a version's page")
        self.assert_no_canary(
            base64.b64decode(request.attachment_id.datas).decode(), "an inspection"
        )
        self.assert_mail_clean()
        for user in (self.prof_a, self.manager_a, self.admin):
            with self.subTest(user=user.login):
                self.login(user)
                self.assert_rpc_clean(user)
                self.assert_reports_clean(user)

        # Still the family's: it sees the drafts, edits them and shares them.
        self.login(self.portal_member)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn(f"Afspraak {CANARY}", page)
        self.assertTrue(agreement._fgp_for_family().is_family_draft)
        self.assertTrue(question._fgp_for_family().is_family_draft)
        self.post(f"/my/plans/{self.plan.id}/share")
        shared = self.plan.with_user(self.prof_a).agreement_ids
        self.assertIn(f"Afspraak {CANARY}", shared.mapped("description"))
        self.assertIn(question, shared.question_id)
        self.assertEqual(
            agreement.team_id, self.plan.team_id, "stored values are brought up to date"
        )

    def test_sudo_and_superuser_see_no_draft(self):
        """The one place: sudo() (and the superuser) see no draft, whichever
        way they read; code acting for the family does."""
        self.write_drafts()
        plan = self.plan
        family = plan._fgp_for_family()
        # The family's flagged read first: its list must not serve sudo().
        self.assertIn(f"Hoofdstuk {CANARY}", family.section_ids.mapped("name"))
        for sudo_plan in (plan.sudo(), plan, plan.with_user(self.prof_a).sudo()):
            for name in ("section_ids", "question_ids", "agreement_ids"):
                texts = json.dumps(sudo_plan[name].read(), default=str)
                self.assert_no_canary(texts, f"sudo() {name}")
        for model in ("fgp.plan.section", "fgp.help.question", "fgp.agreement"):
            Model = self.env[model].sudo()
            self.assertFalse(Model.search([("is_family_draft", "=", True)]))
            self.assertFalse(
                Model._read_group([("is_family_draft", "=", True)], [], ["__count"])[0][
                    0
                ]
            )
            drafts = (
                self.env[model]
                ._fgp_for_family()
                .search([("is_family_draft", "=", True)])
            )
            self.assertTrue(drafts)
            # Not even by id: a draft read from the database with sudo() is
            # refused (what the family's own code left in the cache of its
            # records is not a list: only code given their ids could reach it).
            self.env.invalidate_all()
            with self.assertRaises(AccessError):
                Model.browse(drafts.ids).read(["plan_id"])

    def test_every_list_of_drafts_depends_on_the_family_flag(self):
        """Every one2many or many2many whose lines may be drafts keeps one cached
        value per user, superuser mode and family flag (registry walk)."""
        drafted = {
            name
            for name, model in self.env.registry.items()
            if not model._abstract and "is_family_draft" in model._fields
        }
        self.assertTrue(drafted)
        depends_context = self.env.registry.field_depends_context
        for model in self.env.registry.values():
            for field in model._fields.values():
                if field.type in ("one2many", "many2many") and (
                    field.comodel_name in drafted
                ):
                    with self.subTest(field=str(field)):
                        self.assertIn("fgp_for_family", depends_context[field])
                        self.assertIn("uid", depends_context[field])

    # ------------------------------------------------------------------
    # Checks per channel
    # ------------------------------------------------------------------
    def assert_mail_clean(self):
        env = self.env
        for message in env["mail.message"].search([]):
            self.assert_no_canary(message.body, "a chatter message")
            self.assert_no_canary(message.subject, "a message subject")
        for value in env["mail.tracking.value"].search([]):
            self.assert_no_canary(
                f"{value.old_value_char} {value.new_value_char} "
                f"{value.old_value_text} {value.new_value_text}",
                "a tracking value",
            )
        for mail in env["mail.mail"].search([]):
            self.assert_no_canary(mail.body_html, "a mail")
        for activity in env["mail.activity"].search([]):
            self.assert_no_canary(
                f"{activity.summary} {activity.note}", "a follow-up activity"
            )

    def assert_rpc_clean(self, user):
        for model in self.models:
            Model = self.env[model]
            stored = [
                name
                for name, field in Model._fields.items()
                if field.store and field.column_type and field.type in TEXT_TYPES
            ]
            text, data = self.rpc_raw(model, "search_read", [])
            self.assert_no_canary(text, f"{model}.search_read as {user.login}")
            ids = [row["id"] for row in data.get("result") or []]
            calls = [
                ("read", [ids], {}),
                ("name_search", [], {"name": CANARY}),
                ("search_count", [[("display_name", "ilike", CANARY)]], {}),
                ("web_search_read", [[]], {"specification": {"display_name": {}}}),
                ("export_data", [ids, ["display_name", *stored]], {}),
            ]
            if stored:
                calls.append(
                    (
                        "read_group",
                        [[], [f"{name}:array_agg" for name in stored], []],
                        {"lazy": False},
                    )
                )
            for method, args, kwargs in calls:
                text, _data = self.rpc_raw(model, method, *args, **kwargs)
                self.assert_no_canary(text, f"{model}.{method} as {user.login}")

    def assert_reports_clean(self, user):
        reports = self.env["ir.actions.report"].search(
            [("report_type", "=", "xlsx"), ("model", "=like", "fgp.%")]
        )
        self.assertTrue(reports)
        options = json.dumps(
            {"fgp_filter": {"team_ids": [], "date_from": False, "date_to": False}}
        )
        for report in reports:
            if report.groups_id and not report.groups_id & user.groups_id:
                continue  # refused before it reads anything (test_xlsx_reports)
            Model = self.env[report.model]
            if "is_family_draft" in Model._fields:
                # the drafts' own ids are asked for too
                Model = Model._fgp_for_family()
            ids = Model.search([]).ids
            urls = [
                f"/report/xlsx/{report.report_name}/{','.join(map(str, ids))}",
                f"/report/xlsx/{report.report_name}?options={options}",
            ]
            for url in urls:
                for response in (
                    self.url_open(url),
                    self.url_open(
                        "/report/download",
                        data={
                            "data": json.dumps([url, "xlsx"]),
                            "context": json.dumps({}),
                            "token": "0",
                            "csrf_token": http.Request.csrf_token(self),
                        },
                    ),
                ):
                    where = f"{report.report_name} ({url}) as {user.login}"
                    self.assert_no_canary(response.text, where)
                    if response.status_code != 200 or not response.content.startswith(
                        b"PK"
                    ):
                        continue
                    workbook = load_workbook(BytesIO(response.content))
                    for sheet in workbook.worksheets:
                        for row in sheet.iter_rows(values_only=True):
                            for value in row:
                                if isinstance(value, str):
                                    self.assert_no_canary(value, where)

    def test_follow_up_job_ignores_drafts(self):
        """A draft agreement past its deadline: no activity, no mail, no change."""
        _question, agreement = self.write_drafts()
        self.plan.write({"state": "submitted"})
        self.condition_a.write({"state": "met", "assessment": "Afgesproken"})
        self.plan.write({"state": "active"})
        self.env["fgp.follow.up"]._cron_follow_up(today=self.later)
        self.assertEqual(agreement._fgp_for_family().state, "open")
        self.assert_mail_clean()
