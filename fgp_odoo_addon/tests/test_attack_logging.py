"""Attack, class 6: no read of a plan's file leaves no trace in the access log.

For every logged model of the registry (every model with the access-log mixin,
so a model added later is attacked too), every channel that returns a record's
content over HTTP must add an entry: read, search_read, web_read,
web_search_read asking for content, read_group and web_read_group with
array_agg (or any aggregate) on each content field, export_data, and every
report of the model, by hand (``/report/xlsx/...``) and as the web client
downloads it (``POST /report/download``)."""

import json

from odoo import http
from odoo.tests import tagged

from .common_attack import AttackCase, concrete_models, endorse

REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.AccessError")
# What a record says, as opposed to the figures and names of a list.
CONTENT_TYPES = ("text", "html", "binary", "json")


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackLogging(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        endorse(
            cls.env["fgp.plan.version"]._create_version(cls.plan_a, "agreed"),
            cls.member_consent,
        )
        cls.models = concrete_models(cls.env, lambda model: hasattr(model, "_fgp_log"))

    def call(self, model, method, args=(), **kwargs):
        _text, data = self.rpc_raw(model, method, *args, **kwargs)
        if "error" in data:
            # Refused (professional notes are never exported): nothing was read.
            self.assertIn(data["error"]["data"]["name"], REFUSALS, data["error"])
            return None
        return data["result"]

    def entries(self, user):
        return (
            self.env["fgp.access.log"].sudo().search_count([("user_id", "=", user.id)])
        )

    def record_and_reader(self, model):
        """A record of plan A, and a user of team A who may read it."""
        Model = self.env[model]
        column = "id" if model == "fgp.plan" else "plan_id"
        record = Model.search([(column, "=", self.plan_a.id)], limit=1)
        self.assertTrue(record, f"no record of {model} on plan A to attack")
        for user in (self.manager_a, self.prof_a):
            if record.with_user(user).has_access("read"):
                return record, user
        self.fail(f"nobody of team A may read {record}")

    def content_fields(self, model):
        return [
            name
            for name, field in self.env[model]._fields.items()
            if field.type in CONTENT_TYPES
            and field.store
            and field.column_type
            and field.is_accessible(self.env(user=self.prof_a))
        ]

    def assert_logged(self, user, where, action):
        before = self.entries(user)
        if action() is not None:
            self.assertGreater(self.entries(user), before, f"{where} is not logged")

    def test_every_read_channel_is_logged(self):
        for model in self.models:
            record, user = self.record_and_reader(model)
            self.login(user)
            ids = record.ids
            domain = [("id", "in", ids)]
            content = self.content_fields(model)
            if model == "fgp.plan.version":
                self.assertIn("snapshot", content, "the JSON snapshot is content")
            unlisted = [
                name
                for name in content
                if name not in self.env[model]._fgp_list_fields()
            ]
            channels = [
                ("read", [ids], {"fields": ["display_name"]}),
                ("search_read", [domain], {"fields": ["display_name"]}),
                ("web_read", [ids], {"specification": {"display_name": {}}}),
                ("export_data", [ids, ["display_name"]], {}),
                ("read_group", [domain, ["id:array_agg"], []], {"lazy": False}),
            ]
            channels += [
                (
                    "web_search_read",
                    [domain],
                    {"specification": {name: {}}},
                )
                for name in unlisted
            ]
            for name in content:
                for method in ("read_group", "web_read_group"):
                    channels += [
                        (method, [domain, [f"{name}:array_agg"], []], {}),
                        (method, [domain, [f"agg:array_agg({name})"], []], {}),
                    ]
                    if self.env[model]._fields[name].type in ("text", "html"):
                        channels.append((method, [domain, [f"{name}:max"], []], {}))
            for method, args, kwargs in channels:
                with self.subTest(model=model, method=method, args=args):
                    self.assert_logged(
                        user,
                        f"{model}.{method}",
                        lambda m=method, a=args, k=kwargs, mo=model: self.call(
                            mo, m, a, **k
                        ),
                    )

    def test_figures_are_not_reads(self):
        """Counting per group is not reading: a kanban or graph view costs no
        entry per record."""
        self.login(self.prof_a)
        before = self.entries(self.prof_a)
        self.call(
            "fgp.agreement",
            "web_read_group",
            [[("plan_id", "=", self.plan_a.id)], ["__count"], ["state"]],
        )
        self.assertEqual(self.entries(self.prof_a), before)

    def test_every_report_is_logged(self):
        """Every report of a logged model, by hand and as the web client
        downloads it (``/report/download`` on a read-only cursor)."""
        reports = self.env["ir.actions.report"].search([("model", "in", self.models)])
        self.assertTrue(reports)
        self.login(self.manager_a)
        for report in reports:
            record, _user = self.record_and_reader(report.model)
            converter = "xlsx" if report.report_type == "xlsx" else "html"
            url = f"/report/{converter}/{report.report_name}/{record.id}"
            options = json.dumps(
                {
                    "fgp_filter": {
                        "team_ids": self.team_a.ids,
                        "date_from": False,
                        "date_to": False,
                    }
                }
            )
            wizard_url = f"/report/{converter}/{report.report_name}?options={options}"
            # The web client downloads a PDF report as qweb-pdf from its pdf URL;
            # only the spreadsheets have the wizard's options.
            is_xlsx = report.report_type == "xlsx"
            download_url = url if is_xlsx else url.replace("/html/", "/pdf/", 1)
            download_type = converter if is_xlsx else report.report_type
            ways = [
                (url, lambda u=url: self.url_open(u)),
                (
                    f"/report/download {download_url}",
                    lambda u=download_url, c=download_type: self.download(u, c),
                ),
            ]
            if is_xlsx:
                ways.append(
                    (
                        f"/report/download {wizard_url}",
                        lambda u=wizard_url, c=converter: self.download(u, c),
                    )
                )
            for where, request in ways:
                with self.subTest(report=report.report_name, where=where):
                    before = self.entries(self.manager_a)
                    response = request()
                    self.assertEqual(response.status_code, 200, response.text[:500])
                    self.assertGreater(
                        self.entries(self.manager_a), before, f"{where} is not logged"
                    )

    def download(self, url, converter):
        return self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, converter]),
                "context": json.dumps({}),
                "token": "0",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
