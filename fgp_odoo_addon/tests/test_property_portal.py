"""Bad input, many times over: every POST form under /my/plans (taken from the
routing map) gets random and hostile values over real HTTP, as the logged-in
family member with the session's CSRF token. It holds when no answer is a server
error, the plan page never carries a hostile value as live markup, the stored
chapters are safe HTML, and the plan keeps its invariants (common_property.py)."""

from hypothesis import given
from hypothesis import strategies as st

from odoo.tests import tagged

from ..models.fgp_family_draft_mixin import for_family
from .common_attack import AttackCase
from .common_property import (
    SETTINGS,
    dates,
    ids,
    log_tried,
    plan_invariants,
    texts,
    times,
    unsafe_html,
)
from .world import DUTCH, load_dutch

# The fields the portal's forms send (views/fgp_portal*_templates.xml), by kind.
TEXT_FIELDS = (
    "name",
    "body",
    "description",
    "remark",
    "relation",
    "phone",
    "email",
    "place",
    "youth_voice",
    "provider_name",
    "provider_description",
)
DATE_FIELDS = ("deadline", "repeat_until", "date")
ID_FIELDS = ("member_id", "question_id", "section_id")
CHOICES = {
    "role": ("parent", "relative", "friend", "neighbour", "youth", "professional"),
    "source": ("network", "community", "professional"),
    "recurrence": ("once", "weekly", "biweekly", "monthly"),
    "repeat_mon": ("1", "on"),
}


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestPropertyPortal(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_dutch(cls.env)
        cls.portal_member.lang = DUTCH
        cls.routes = sorted(
            (
                rule
                for rule in cls.env["ir.http"].routing_map().iter_rules()
                if rule.rule.startswith("/my/plans/")
                and "POST" in (rule.endpoint.routing.get("methods") or ())
            ),
            key=lambda rule: rule.rule,
        )
        plan = cls.plan_a
        cls.own = {
            "plan_id": plan.ids,
            "section_id": plan.section_ids.ids,
            "agreement_id": plan.agreement_ids.ids,
            "occurrence_id": plan.agreement_ids.occurrence_ids.ids,
            "member_id": plan.network_member_ids.ids,
            "question_id": plan.question_ids.ids,
        }
        other = cls.plan_b
        cls.foreign = {
            "plan_id": (cls.plan_b | cls.plan_c).ids,
            "section_id": other.section_ids.ids or [cls.section_a.id + 10_000],
            "agreement_id": other.agreement_ids.ids,
            "occurrence_id": [cls.occurrence_a.id + 10_000],
            "member_id": other.network_member_ids.ids,
            "question_id": [cls.question_a.id + 10_000],
        }

    def setUp(self):
        super().setUp()
        self.login(self.portal_member)

    def form_values(self):
        """A form as an attacker fills it: any of its fields, each with a value
        of its kind or of any other."""
        fields = {name: texts for name in TEXT_FIELDS}
        fields.update(dict.fromkeys(DATE_FIELDS, dates))
        fields["time"] = times
        for name in ID_FIELDS:
            fields[name] = ids(self.own.get(name, ()), self.foreign.get(name, ()))
        for name, values in CHOICES.items():
            fields[name] = st.one_of(st.sampled_from(values), texts)
        return st.fixed_dictionaries({}, optional=fields)

    def url_values(self, rule):
        """The route's URL ids: the plan's own, another plan's, or none."""
        return st.fixed_dictionaries(
            {
                arg: st.one_of(
                    st.sampled_from(self.own.get(arg) or [1]),
                    st.sampled_from(self.foreign.get(arg) or [1]),
                    st.sampled_from((0, 2**31, 99_999_999_999)),
                )
                for arg in rule.arguments
            }
        )

    def assert_page_safe(self):
        page = self.url_open(f"/my/plans/{self.plan_a.id}")
        self.assertLess(page.status_code, 500)
        self.assertEqual(unsafe_html(page.text), [], "the page runs a hostile value")

    def assert_stored_safe(self):
        self.env.invalidate_all()
        plan = self.plan_a
        for records in (plan, plan.section_ids, plan.agreement_ids):
            for record in for_family(records):
                for name, field in record._fields.items():
                    if field.type == "html" and record[name]:
                        self.assertEqual(unsafe_html(record[name]), [], name)
        self.assertEqual(plan_invariants(plan), [])

    def test_forms_never_fail(self):
        """Random and hostile values in every portal form: never a server
        error, never unsafe markup stored or shown, invariants kept."""
        tried = []

        @SETTINGS
        @given(data=st.data())
        def check(data):
            rule = data.draw(st.sampled_from(self.routes), label="route")
            url = rule.build(data.draw(self.url_values(rule)), append_unknown=False)
            values = data.draw(self.form_values(), label="form")
            tried.append(rule.rule)
            response = self.post_form(url[1], values)
            self.assertLess(response.status_code, 500, (rule.rule, values))
            self.assert_page_safe()
            self.assert_stored_safe()

        check()
        log_tried("portal forms", len(tried), f"form posts on {len(set(tried))} routes")

    def test_nul_character_is_refused(self):
        """Found by the property test: a NUL character, which PostgreSQL cannot
        store, was a server error; it is a Dutch message and changes nothing."""
        before = len(self.plan_a.agreement_ids)
        response = self.post_form(
            f"/my/plans/{self.plan_a.id}/agreement/add",
            {"description": "Oma\x00 kookt", "member_id": str(self.member_consent.id)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("NUL", response.text)
        self.env.invalidate_all()
        self.assertEqual(len(self.plan_a.agreement_ids), before)
