from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_attack import AttackCase, concrete_models, endorse

PLAN = "fgp.plan"
PART_MIXIN = "fgp.plan.part.mixin"
# Models with a many2one to fgp.plan that are not parts of a plan, and why the
# reference cannot be moved anyway.
NOT_PARTS = {
    PLAN: "the plan itself: the offer a professional plan follows "
    "(origin_plan_id) is recorded by the system only (fgp.system.fields.mixin)",
    "fgp.access.log": "append-only: the ORM creates and changes no entry",
}
# What the mechanism answers (the first two), or the access rules.
REFUSED_BY_MECHANISM = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
)
ACCESS_ERROR = "odoo.exceptions.AccessError"
REFUSED = REFUSED_BY_MECHANISM + (ACCESS_ERROR,)


def plan_models(env):
    """Every non-abstract model with a stored many2one to fgp.plan, with the
    names of those fields."""
    found = {}
    for name in concrete_models(env):
        model = env[name]
        fnames = [
            fname
            for fname, field in model._fields.items()
            if field.type == "many2one" and field.comodel_name == PLAN and field.store
        ]
        if fnames:
            found[name] = fnames
    return found


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackPlanParts(AttackCase):
    """Moving a part of a plan (a network member, an agreement, a note...) onto
    another plan, or pointing it at a part of another plan, over JSON-RPC as
    every role that may write parts. Odoo checks record rules before a write
    only; fgp.plan.part.mixin refuses the move and the cross-plan reference.
    The models attacked are every model with a many2one to fgp.plan, taken
    from the registry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = {
            "P-A": cls.prof_a,
            "S-A": cls.safety_a,
            "M-A": cls.manager_a,
            "Adm": cls.admin,
            "Po+": cls.portal_member,
        }
        # A part of every kind in plan A and in plan C' (assigned to P-A, so
        # the record rules let P-A write both: only the mechanism stands
        # between them).
        for plan in (cls.plan_a, cls.plan_c_assigned):
            plan.env["fgp.plan.version"]._create_version(plan, "agreed")
            plan.env["fgp.plan.version"]._create_version(plan, "revision")
        endorse(cls.plan_a.version_ids[:1], cls.member_consent)
        cls.member_c = cls.env["fgp.network.member"].create(
            {"plan_id": cls.plan_c_assigned.id, "partner_id": cls.youth_b.id}
        )
        cls.question_c = cls.env["fgp.help.question"].create(
            {"plan_id": cls.plan_c_assigned.id, "name": "Wie helpt met geld?"}
        )
        # An agreement of C' for the days (occurrences) that name one.
        cls.env["fgp.agreement"].create(
            {
                "plan_id": cls.plan_c_assigned.id,
                "description": "Oom brengt de kinderen",
                "source": "community",
            }
        )
        cls.env["fgp.erasure.request"].create(
            {"plan_id": cls.plan_a.id, "partner_id": cls.youth_a.id}
        )
        Compare = cls.env["fgp.plan.version.compare"]
        for plan in (cls.plan_a, cls.plan_c_assigned):
            versions = plan.version_ids
            for user in cls.roles.values():
                if Compare.with_user(user).has_access("create"):
                    Compare.with_user(user).create(
                        {
                            "plan_id": plan.id,
                            "version_a_id": versions[0].id,
                            "version_b_id": versions[1].id,
                        }
                    )

    def part_of(self, model, plan, user):
        """A part of ``plan`` that ``user`` may write, else any part of it."""
        Model = self.env[model].with_context(active_test=False)
        parts = Model.search([(Model._fgp_plan_field, "=", plan.id)])
        self.assertTrue(parts, f"{model}: no record in {plan.name} to attack")
        writable = parts.with_user(user)._filtered_access("write")
        return Model.browse((writable or parts)[:1].ids)

    def test_every_plan_reference_is_a_part(self):
        """Every model with a many2one to fgp.plan is a part of a plan (or
        explicitly not, with the reason): a model added later is attacked too."""
        parts = self.env.registry[PART_MIXIN]._inherit_children
        for model, fnames in plan_models(self.env).items():
            with self.subTest(model=model):
                if model in NOT_PARTS:
                    continue
                self.assertIn(model, parts, f"{model} must inherit {PART_MIXIN}")
                self.assertIn(self.env[model]._fgp_plan_field, fnames)
        system = self.env[PLAN]._fgp_system_fields
        self.assertIn("origin_plan_id", system, NOT_PARTS[PLAN])

    def test_move_to_other_plan(self):
        """No role moves a part of plan A to another plan, in its scope (C') or
        not (B), by write or by saving the form; it stays in plan A."""
        for model in plan_models(self.env):
            if model in NOT_PARTS:
                continue
            plan_field = self.env[model]._fgp_plan_field
            reached = False
            for role, user in self.roles.items():
                record = self.part_of(model, self.plan_a, user)
                self.login(user)
                for target in (self.plan_c_assigned, self.plan_b):
                    vals = {plan_field: target.id}
                    for method, args, kwargs in (
                        ("write", ([record.id], vals), {}),
                        ("web_save", ([record.id], vals), {"specification": {}}),
                    ):
                        with self.subTest(model=model, role=role, method=method):
                            error = self.assertRefused(
                                REFUSED, model, method, *args, **kwargs
                            )
                            reached |= error in REFUSED_BY_MECHANISM
                            self.env.invalidate_all()
                            self.assertEqual(record[plan_field], self.plan_a)
            self.assertTrue(reached, f"{model}: no role reached the mechanism")

    def test_member_moved_into_other_family(self):
        """The attack as told: a professional adds a portal user they control
        to their own plan's network, then moves the member to another team's
        plan. The move is refused; the portal user never sees that plan."""
        self.login(self.prof_a)
        member_id = self.rpc(
            "fgp.network.member",
            "create",
            {
                "plan_id": self.plan_a.id,
                "partner_id": self.portal_outsider.partner_id.id,
                "consent_date": "2026-01-05",
            },
        )
        self.assertEqual(
            self.assertRefused(
                REFUSED,
                "fgp.network.member",
                "write",
                [member_id],
                {"plan_id": self.plan_b.id},
            ),
            "odoo.exceptions.UserError",
        )
        member = self.env["fgp.network.member"].browse(member_id)
        self.assertEqual(member.plan_id, self.plan_a)
        self.login(self.portal_outsider)
        found = self.rpc(PLAN, "search_read", [("id", "=", self.plan_b.id)], ["name"])
        self.assertEqual(found, [])
        response = self.url_open(f"/my/plans/{self.plan_b.id}", allow_redirects=False)
        self.assertNotIn("Plan familie Bakker", response.text)

    def test_reference_to_part_of_other_plan(self):
        """A part of plan A cannot name a part of another plan (an agreement's
        member or help question, a comparison's versions), neither when it is
        written nor when it is created. Walks every many2one between parts."""
        tried = 0
        for model in plan_models(self.env):
            if model in NOT_PARTS:
                continue
            Model = self.env[model]
            for fname in Model._fgp_part_references():
                comodel = self.env[Model._fields[fname].comodel_name]
                foreign = comodel.search(
                    [(comodel._fgp_plan_field, "=", self.plan_c_assigned.id)], limit=1
                )
                self.assertTrue(foreign, f"{comodel._name}: nothing in plan C'")
                for role, user in self.roles.items():
                    record = self.part_of(model, self.plan_a, user)
                    before = record[fname]
                    self.login(user)
                    with self.subTest(model=model, field=fname, role=role):
                        self.assertRefused(
                            REFUSED, model, "write", [record.id], {fname: foreign.id}
                        )
                        vals = dict(record.copy_data()[0], **{fname: foreign.id})
                        count = Model.search_count([])
                        self.assertRefused(REFUSED, model, "create", vals)
                        self.env.invalidate_all()
                        self.assertEqual(record[fname], before)
                        self.assertEqual(Model.search_count([]), count)
                        tried += 1
        self.assertTrue(tried)

    def test_plan_cannot_take_other_plans_people(self):
        """The plan's own references to people of another plan: the designated
        contact comes from the own network, the young people of a plan out of
        scope cannot be changed."""
        self.login(self.prof_a)
        self.assertRefused(
            REFUSED,
            PLAN,
            "write",
            [self.plan_a.id],
            {"designated_member_id": self.member_b.id},
        )
        self.assertEqual(
            self.assertRefused(
                REFUSED,
                PLAN,
                "write",
                [self.plan_b.id],
                {"youth_ids": [(4, self.youth_a.id)]},
            ),
            ACCESS_ERROR,
        )
        self.env.invalidate_all()
        self.assertFalse(self.plan_a.designated_member_id)
        self.assertEqual(self.plan_b.youth_ids, self.youth_b)

    def test_server_code_may_move(self):
        """Server code (sudo) still moves a part, but not away from the parts
        it refers to: its references are checked again."""
        agreement = self.agreement_b.sudo()
        agreement.write({"plan_id": self.plan_c.id})
        self.assertEqual(agreement.plan_id, self.plan_c)
        with self.assertRaises(ValidationError):
            self.agreement_a.sudo().write({"plan_id": self.plan_c.id})
