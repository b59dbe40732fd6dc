from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_access import FgpAccessCase

# Field names a portal user must never read on a plan or its children.
INTERNAL_PLAN_FIELDS = {
    "exemption_reason",
    "exemption_motivation",
    "note_ids",
    "activity_ids",
    "activity_summary",
    "message_follower_ids",
}


@tagged("post_install", "-at_install", "fgp_access")
class TestAccessPlan(FgpAccessCase):
    """Which plans each role finds, reads and changes."""

    def expected_plans(self):
        return {
            self.prof_a: self.plan_a | self.plan_c_assigned,
            self.prof_b: self.plan_b,
            self.safety_a: self.plan_a,
            self.manager_a: self.plan_a | self.plan_b,
            self.manager_b: self.plan_b,
            self.admin: self.plans,
            self.sysadmin: self.plans,
            self.portal_member: self.plan_a,
            self.portal_noconsent: self.env["fgp.plan"],
            self.portal_outsider: self.env["fgp.plan"],
        }

    def test_search_per_role(self):
        """Every role finds exactly the plans of its teams, assignments or network."""
        for user, plans in self.expected_plans().items():
            with self.subTest(user=user.login):
                self.assertEqual(self.visible(user, "fgp.plan", self.plans), plans)

    def test_read_refused_outside_scope(self):
        """Reading a plan outside one's scope raises AccessError for every role."""
        for user, plans in self.expected_plans().items():
            for plan in self.plans - plans:
                with self.subTest(user=user.login, plan=plan.name):
                    with self.assertRaises(AccessError):
                        plan.with_user(user).read(["name"])

    def test_search_read_and_search_count(self):
        """search_read and search_count agree with search for every role."""
        domain = [("id", "in", self.plans.ids)]
        for user, plans in self.expected_plans().items():
            with self.subTest(user=user.login):
                Plan = self.env["fgp.plan"].with_user(user)
                rows = Plan.search_read(domain, ["name"])
                self.assertEqual({r["id"] for r in rows}, set(plans.ids))
                self.assertEqual(Plan.search_count(domain), len(plans))

    def test_name_search(self):
        """name_search on plans (an agreement's many2one) lists only visible plans."""
        for user, plans in self.expected_plans().items():
            with self.subTest(user=user.login):
                found = self.env["fgp.plan"].with_user(user).name_search("Plan familie")
                ids = {pid for pid, _name in found} & set(self.plans.ids)
                self.assertEqual(ids, set(plans.ids))

    def test_ored_rules_manager_member(self):
        """Manager of A and member of B: sees A and B, never C (rules are ORed)."""
        visible = self.visible(self.manager_a, "fgp.plan", self.plans)
        self.assertIn(self.plan_b, visible)
        self.assertNotIn(self.plan_c, visible)
        self.assertNotIn(self.plan_c_assigned, visible)
        with self.assertRaises(AccessError):
            self.plan_c.with_user(self.manager_a).write({"name": "Overgenomen"})

    def test_portal_readonly(self):
        """A portal member with consent reads the plan but cannot change it directly."""
        plan = self.plan_a.with_user(self.portal_member)
        self.assertEqual(plan.read(["name"])[0]["name"], "Plan familie Geheimnaam")
        with self.assertRaises(AccessError):
            plan.write({"name": "Nieuw"})
        with self.assertRaises(AccessError):
            self.env["fgp.plan"].with_user(self.portal_member).create({"name": "X"})

    def test_professional_write_scope(self):
        """A professional edits plans in scope; not those of another team."""
        self.plan_a.with_user(self.prof_a).write({"youth_voice": "Ik wil thuis wonen"})
        with self.assertRaises(AccessError):
            self.plan_b.with_user(self.prof_a).write({"youth_voice": "x"})
        with self.assertRaises(AccessError):
            self.plan_a.with_user(self.prof_a).unlink()

    def test_portal_fields(self):
        """A portal user cannot read internal plan fields with read or search_read."""
        Plan = self.env["fgp.plan"].with_user(self.portal_member)
        readable = set(Plan.fields_get())
        self.assertFalse(INTERNAL_PLAN_FIELDS & readable)
        self.assertIn("name", readable)
        self.assertIn("safety_condition_ids", readable)
        for field in sorted(INTERNAL_PLAN_FIELDS):
            with self.subTest(field=field):
                with self.assertRaises(AccessError):
                    self.plan_a.with_user(self.portal_member).read([field])
                with self.assertRaises(AccessError):
                    Plan.search_read([("id", "=", self.plan_a.id)], [field])
        # Reading "all fields" silently leaves the internal ones out.
        values = self.plan_a.with_user(self.portal_member).read()[0]
        self.assertFalse(INTERNAL_PLAN_FIELDS & set(values))
        self.assertNotIn("Vertrouwelijke", str(values))

    def test_no_child_field_leads_to_notes(self):
        """No field of any fgp model leads a non-professional to professional notes."""
        for model_name in self.env.registry:
            if not model_name.startswith("fgp.") and model_name not in (
                "res.partner",
                "res.users",
                "ir.attachment",
            ):
                continue
            for field in self.env[model_name]._fields.values():
                if getattr(field, "comodel_name", None) != "fgp.professional.note":
                    continue
                with self.subTest(field=str(field)):
                    self.assertTrue(
                        field.groups,
                        f"{field} reaches professional notes without groups=",
                    )

    def test_access_error_names_nothing(self):
        """The refusal of a forbidden plan names neither the plan nor the youth."""
        self.prof_b.groups_id += self.env.ref("base.group_no_one")
        for user in (self.prof_b, self.portal_outsider, self.manager_b):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError) as error:
                    self.plan_a.with_user(user).read(["name"])
                message = str(error.exception)
                self.assertNotIn("Geheimnaam", message)
                self.assertNotIn("Sanne", message)
        with self.assertRaises(AccessError) as error:
            self.note_a_personal.with_user(self.admin).read(["body"])
        self.assertNotIn("Werkaantekening", str(error.exception))

    def test_children_follow_plan(self):
        """Chapters, questions, agreements, network and evaluations follow the plan."""
        children = {
            "fgp.plan.section": self.section_a,
            "fgp.help.question": self.question_a,
            "fgp.agreement": self.agreement_a,
            "fgp.network.member": self.member_consent,
            "fgp.plan.evaluation": self.evaluation_a,
            "fgp.safety.condition": self.condition_a,
        }
        for user, plans in self.expected_plans().items():
            for model, record in children.items():
                with self.subTest(user=user.login, model=model):
                    found = self.visible(user, model, record)
                    self.assertEqual(bool(found), self.plan_a in plans)

    def test_portal_children_readonly(self):
        """The portal member reads the plan's children but cannot write them by ORM."""
        records = (
            self.section_a,
            self.question_a,
            self.agreement_a,
            self.member_consent,
            self.evaluation_a,
            self.condition_a,
        )
        for record in records:
            with self.subTest(model=record._name):
                record.with_user(self.portal_member).read(["display_name"])
                with self.assertRaises(AccessError):
                    record.with_user(self.portal_member).write({})
                    record.with_user(self.portal_member).check_access("write")
