"""Bad input in the portal is never a 500: every POST form under /my/plans
(taken from the routing map), with malformed dates, ids that are no numbers or
no records, and huge texts, answers with a Dutch message and writes nothing."""

import re

from odoo import fields
from odoo.tests import tagged

from .common_attack import AttackCase
from .world import DUTCH, load_dutch

HUGE = "x" * 100_001
BAD_DATES = ["2026/12/31", "31-02-2026", "morgen", "12-31-2026", "99999-01-01"]
BAD_IDS = ["abc", "-1", "0", "1.5", "99999999999999999999", "1 OR 1=1"]
MESSAGE = re.compile(r'class="alert alert-danger"[^>]*>(.*?)</div>', re.S)


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackBadInput(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_dutch(cls.env)
        cls.portal_member.lang = DUTCH

    def setUp(self):
        super().setUp()
        self.login(self.portal_member)

    def form_routes(self):
        for rule in self.env["ir.http"].routing_map().iter_rules():
            methods = rule.endpoint.routing.get("methods") or []
            if rule.rule.startswith("/my/plans/") and "POST" in methods:
                yield rule

    def valid_values(self):
        return {
            "name": "Goede titel",
            "body": "Goede tekst",
            "description": "Goede afspraak",
            "remark": "Goede opmerking",
            "member_id": str(self.member_consent.id),
            "question_id": str(self.question_a.id),
            "section_id": str(self.section_a.id),
            "deadline": "31-12-2026",
        }

    def snapshot(self):
        self.env.invalidate_all()
        plan = self.plan_a
        return (
            tuple((s.name, s.body) for s in plan.section_ids),
            tuple(plan.question_ids.mapped("name")),
            tuple(
                (a.description, a.deadline, a.state, a.remark, a.member_id.id)
                for a in plan.agreement_ids
            ),
            self.env["mail.message"].search_count(
                [("model", "=", "fgp.plan"), ("res_id", "=", plan.id)]
            ),
        )

    def url(self, rule, **overrides):
        values = {
            "plan_id": self.plan_a.id,
            "section_id": self.section_a.id,
            "agreement_id": self.agreement_a.id,
        }
        values.update(overrides)
        return rule.build(values, append_unknown=False)[1]

    def bad_cases(self, field):
        if field == "deadline":
            return BAD_DATES
        if field.endswith("_id"):
            return BAD_IDS
        return [HUGE]

    def assert_refused(self, response, before):
        self.assertEqual(response.status_code, 200)
        message = MESSAGE.search(response.text)
        self.assertTrue(message, "a message is shown")
        text = message.group(1)
        # The message is the Dutch translation of one of the portal's own texts.
        self.assertTrue(
            re.search(r"\b(je|de|het|een|niet|deze|dit)\b", text, re.I), text
        )
        self.assertEqual(self.snapshot(), before)

    def test_malformed_form_values(self):
        """Each form field with each kind of bad value: a Dutch message, no change."""
        rules = list(self.form_routes())
        self.assertGreaterEqual(len(rules), 6)
        checked = 0
        for rule in rules:
            func = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
            code = func.__code__
            names = [
                n
                for n in code.co_varnames[: code.co_argcount]
                if n not in ("self", *rule.arguments)
            ]
            for field in names:
                for bad in self.bad_cases(field):
                    with self.subTest(route=rule.rule, field=field, value=bad[:30]):
                        before = self.snapshot()
                        data = dict(self.valid_values(), **{field: bad})
                        response = self.post_form(self.url(rule), data)
                        self.assert_refused(response, before)
                        checked += 1
        self.assertGreater(checked, 20)

    def test_malformed_ids_in_the_url(self):
        """Ids in the URL that are no record, or too big for the database."""
        for rule in self.form_routes():
            for arg in rule.arguments:
                for bad in (0, 99999999999, 2**31):
                    with self.subTest(route=rule.rule, arg=arg, value=bad):
                        before = self.snapshot()
                        response = self.post_form(
                            self.url(rule, **{arg: bad}), self.valid_values()
                        )
                        self.assertNotEqual(response.status_code, 500)
                        self.assertEqual(self.snapshot(), before)
        for url in (
            "/my/plans/99999999999999",
            "/my/plans/99999999999999/versions",
            "/my/plans/99999999999999/download",
            f"/my/plans/{self.plan_a.id}/versions?a=abc&b=99999999999999999999",
        ):
            with self.subTest(url=url):
                self.assertNotEqual(self.url_open(url).status_code, 500)

    def test_both_date_formats_are_accepted(self):
        """What a browser without a date picker sends, and what one with it sends."""
        url = f"/my/plans/{self.plan_a.id}/agreement/add"
        for typed in ("31-12-2026", "2026-12-31", " 1-2-2027 "):
            with self.subTest(typed=typed):
                description = f"Afspraak met datum {typed.strip()}"
                self.post_form(
                    url,
                    {
                        "description": description,
                        "member_id": str(self.member_consent.id),
                        "deadline": typed,
                    },
                )
                agreement = self.plan_a.agreement_ids.filtered(
                    lambda a, d=description: a.description == d
                )
                self.assertEqual(len(agreement), 1)
                expected = "2027-02-01" if "2027" in typed else "2026-12-31"
                self.assertEqual(agreement.deadline, fields.Date.to_date(expected))
