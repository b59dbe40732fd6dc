from odoo import fields
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common_attack import AttackCase, concrete_models, endorse

SYSTEM_MIXIN = "fgp.system.fields.mixin"
# Users and moments on family-plan models that people do choose, and why.
CHOSEN = {
    ("fgp.plan", "professional_id"): "the case professional, assigned by the team "
    "(tracked in the chatter)",
    ("fgp.team", "manager_id"): "the team's manager, configured by the functional "
    "administrator",
    ("fgp.access.log", "user_id"): "append-only: the ORM creates and changes no entry",
    ("fgp.access.log", "timestamp"): "append-only: the ORM creates and changes no "
    "entry",
    ("fgp.organisation.plan", "user_id"): "the owner of the organisation plan, "
    "assigned",
    ("fgp.organisation.action", "user_id"): "the owner of an action, assigned",
}
# Names that record a moment of authorship or a decision, whatever their type.
AUTHORSHIP_NAMES = (
    "author_id",
    "date_assessed",
    "date_decision",
    "date_delivered",
    "date_accepted",
)
REFUSED_BY_MECHANISM = "odoo.exceptions.UserError"
ACCESS_ERROR = "odoo.exceptions.AccessError"
REFUSED = (REFUSED_BY_MECHANISM, ACCESS_ERROR)


def authorship_fields(env):
    """(model, field) of every stored user or moment of authorship on the
    family-plan models: a many2one to res.users, a datetime, a *_by_id field
    or one of AUTHORSHIP_NAMES."""
    for name in concrete_models(env):
        model = env[name]
        for fname, field in model._fields.items():
            if not field.store or field.compute or fname in LOG_ACCESS_COLUMNS:
                continue
            if not (name.startswith("fgp.") or fname.startswith("fgp_")):
                continue
            if (
                (field.type == "many2one" and field.comodel_name == "res.users")
                or field.type == "datetime"
                or fname.endswith("_by_id")
                or fname in AUTHORSHIP_NAMES
            ):
                yield name, fname


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackAuthorship(AttackCase):
    """Rewriting who did what: who set or assessed a safety condition, who wrote
    a note, who offered a plan, what a version kept, who decided a request...
    over JSON-RPC as every role that may write these records.
    fgp.system.fields.mixin refuses every field a model declares system-set;
    the fields attacked are taken from the registry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.privacy = new_test_user(
            cls.env,
            login="fgp_privacy",
            groups="fgp_odoo_addon.group_fgp_log_manager",
            name="Privacy officer",
        )
        cls.roles = {
            "P-A": cls.prof_a,
            "S-A": cls.safety_a,
            "M-A": cls.manager_a,
            "Adm": cls.admin,
            "Privacy": cls.privacy,
            "Po+": cls.portal_member,
        }
        # A record of every model with system fields, as the product makes them.
        cls.condition_a.with_user(cls.safety_a).write({"assessment": "In orde"})
        cls.condition_a.with_user(cls.safety_a).action_met()
        endorse(
            cls.env["fgp.plan.version"]._create_version(cls.plan_a, "agreed"),
            cls.member_consent,
        )
        cls.env["mail.activity"]._fgp_as_system().create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("fgp.plan"),
                "res_id": cls.plan_a.id,
                "user_id": cls.prof_a.id,
                "summary": "Bel de contactpersoon",
                "fgp_agreement_id": cls.agreement_a.id,
            }
        )
        cls.env["fgp.erasure.request"].create(
            {"plan_id": cls.plan_a.id, "partner_id": cls.youth_a.id}
        )
        cls.env["fgp.inspection.request"].create({"partner_id": cls.youth_a.id})

    def system_models(self):
        children = self.env.registry[SYSTEM_MIXIN]._inherit_children
        return concrete_models(self.env, lambda model: model._name in children)

    def record_of(self, model):
        """The record to attack: of plan A where the model belongs to a plan."""
        Model = self.env[model]
        domain = [("plan_id", "=", self.plan_a.id)] if "plan_id" in Model else []
        if model == "mail.activity":
            domain = [("fgp_agreement_id", "!=", False)]
        record = Model.search(domain, limit=1) or Model.search([], limit=1)
        self.assertTrue(record, f"{model}: no record to attack, make one in setUp")
        return record

    def forged(self, record, fname):
        """A value for the field that is not its current one."""
        field = record._fields[fname]
        current = record[fname]
        if field.type == "many2one":
            comodel = self.env[field.comodel_name]
            if comodel._name == "res.users":
                return (self.manager_b if current != self.manager_b else self.prof_b).id
            return comodel.search([("id", "!=", current.id)], limit=1).id
        if field.type == "date":
            return "2020-02-02"
        if field.type == "datetime":
            return "2020-02-02 02:02:02"
        if field.type == "integer":
            return current + 41
        if field.type == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            return next(key for key in keys if key != current)
        if field.type == "json":
            return {"forged": True}
        self.fail(f"{record._name}.{fname}: no forged value for a {field.type}")

    def test_every_authorship_field_is_system_set(self):
        """Every user or moment of authorship on a family-plan model is set by
        the system, or explicitly chosen by people (with the reason)."""
        for model, fname in authorship_fields(self.env):
            with self.subTest(model=model, field=fname):
                declared = getattr(self.env[model], "_fgp_system_fields", ())
                self.assertTrue(
                    fname in declared or (model, fname) in CHOSEN,
                    f"{model}.{fname}: declare it in _fgp_system_fields or say in "
                    "CHOSEN why people choose it",
                )
        children = self.env.registry[SYSTEM_MIXIN]._inherit_children
        for name in self.env.registry:
            declared = getattr(self.env[name], "_fgp_system_fields", ())
            for fname in declared:
                with self.subTest(model=name, field=fname):
                    self.assertIn(name, children)
                    field = self.env[name]._fields[fname]
                    self.assertTrue(field.readonly, "shown read-only in forms")
                    self.assertFalse(field.copy, "a copy records its own author")

    def test_rewrite_system_fields(self):
        """No role rewrites a system-set field, by write or by saving the
        form; the value stays."""
        for model in self.system_models():
            record = self.record_of(model)
            reached = False
            for role, user in self.roles.items():
                self.login(user)
                for fname in self.env[model]._fgp_system_fields:
                    before = record[fname]
                    vals = {fname: self.forged(record, fname)}
                    for method, kwargs in (
                        ("write", {}),
                        ("web_save", {"specification": {}}),
                    ):
                        with self.subTest(
                            model=model, field=fname, role=role, method=method
                        ):
                            error = self.assertRefused(
                                REFUSED, model, method, record.ids, vals, **kwargs
                            )
                            reached |= error == REFUSED_BY_MECHANISM
                            self.env.invalidate_all()
                            self.assertEqual(record[fname], before)
            self.assertTrue(reached, f"{model}: no role reached the mechanism")

    def test_create_with_system_fields(self):
        """Nobody creates a record in another's name or with a made-up moment
        or decision; nothing is created."""
        for model in self.system_models():
            record = self.record_of(model)
            Model = self.env[model].with_context(active_test=False)
            base = record.copy_data()[0]
            for role, user in self.roles.items():
                self.login(user)
                for fname in Model._fgp_system_fields:
                    with self.subTest(model=model, field=fname, role=role):
                        count = Model.search_count([])
                        vals = dict(base, **{fname: self.forged(record, fname)})
                        self.assertRefused(REFUSED, model, "create", vals)
                        self.assertEqual(Model.search_count([]), count)

    def test_context_defaults_ignored(self):
        """default_<field> in the call's context does not name another author."""
        self.login(self.safety_a)
        forged = {
            "default_set_by_id": self.manager_a.id,
            "default_assessed_by_id": self.manager_a.id,
            "default_date_assessed": "2020-02-02",
        }
        condition_id = self.rpc(
            "fgp.safety.condition",
            "create",
            {"plan_id": self.plan_a.id, "description": "Toezicht"},
            context=forged,
        )
        condition = self.env["fgp.safety.condition"].browse(condition_id)
        self.assertEqual(condition.set_by_id, self.safety_a)
        self.assertFalse(condition.assessed_by_id)
        self.assertFalse(condition.date_assessed)
        self.login(self.prof_a)
        note_id = self.rpc(
            "fgp.professional.note",
            "create",
            {"plan_id": self.plan_a.id, "name": "Bezoek"},
            context={"default_author_id": self.safety_a.id},
        )
        self.assertEqual(
            self.env["fgp.professional.note"].browse(note_id).author_id, self.prof_a
        )

    def test_assessment_is_whoever_gives_the_state(self):
        """Changing the state of a colleague's assessment records the one who
        changes it, on that day: an assessment never appears a colleague's."""
        condition = self.condition_a
        self.assertEqual(condition.assessed_by_id, self.safety_a)
        self.login(self.manager_a)
        self.rpc(
            "fgp.safety.condition",
            "write",
            condition.ids,
            {"state": "not_met", "assessment": "Toch weer alcohol gezien"},
        )
        self.env.invalidate_all()
        self.assertEqual(condition.assessed_by_id, self.manager_a)
        # the day as the assessor has it (their time zone)
        self.assertEqual(
            condition.date_assessed,
            fields.Date.context_today(condition.with_user(self.manager_a)),
        )
        self.rpc("fgp.safety.condition", "action_reopen", condition.ids)
        self.env.invalidate_all()
        self.assertFalse(condition.assessed_by_id)
        self.assertFalse(condition.date_assessed)

    def test_log_access_columns(self):
        """create_uid and write_uid name who really created and changed it."""
        condition = self.condition_a
        creator = condition.create_uid
        self.login(self.safety_a)
        self.rpc(
            "fgp.safety.condition",
            "write",
            condition.ids,
            {
                "description": "Geen alcohol in huis, ook niet op feestjes",
                "create_uid": self.manager_b.id,
                "write_uid": self.manager_b.id,
            },
        )
        self.env.invalidate_all()
        self.assertEqual(condition.create_uid, creator)
        self.assertEqual(condition.write_uid, self.safety_a)


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackMessageAuthorship(AttackCase):
    """A message on a family's file in someone else's name: posted with another
    author or sender address, created by hand, or rewritten and moved
    afterwards, over JSON-RPC as a professional of the plan's team. Every model
    whose chatter is the organisation's (fgp.internal.thread.mixin) is
    attacked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.message = cls.plan_a.with_user(cls.prof_a).message_post(
            body="Gesprek met moeder gehad.", subtype_xmlid="mail.mt_note"
        )

    def thread_records(self):
        children = self.env.registry["fgp.internal.thread.mixin"]._inherit_children
        records = [
            self.env[name].search([], limit=1)
            for name in concrete_models(self.env, lambda model: model._name in children)
        ]
        records = [record for record in records if record]
        self.assertIn("fgp.plan", [record._name for record in records])
        return records

    def test_post_in_another_name(self):
        colleague = self.prof_b.partner_id
        for record in self.thread_records():
            user = self.admin if record._name != "fgp.plan" else self.prof_a
            self.login(user)
            with self.subTest(model=record._name):
                with self.assertRaises(JsonRpcException) as error:
                    self.rpc(
                        record._name,
                        "message_post",
                        record.ids,
                        body="Namens een collega",
                        author_id=colleague.id,
                    )
                self.assertEqual(str(error.exception), ACCESS_ERROR)
                # A sender address does not make someone else the author.
                message_id = self.rpc(
                    record._name,
                    "message_post",
                    record.ids,
                    body="Met een ander adres",
                    email_from=colleague.email_formatted or "collega@example.com",
                )
                message = self.env["mail.message"].browse(message_id)
                self.assertEqual(message.author_id, user.partner_id)

    def test_message_by_hand_or_rewritten(self):
        self.login(self.prof_a)
        with self.assertRaises(JsonRpcException) as error:
            self.rpc(
                "mail.message",
                "create",
                {
                    "model": "fgp.plan",
                    "res_id": self.plan_a.id,
                    "body": "Door de moeder geschreven",
                    "author_id": self.portal_member.partner_id.id,
                },
            )
        self.assertEqual(str(error.exception), ACCESS_ERROR)
        before = self.message.read(["author_id", "date", "model", "res_id"])
        for vals in (
            {"author_id": self.prof_b.partner_id.id},
            {"date": "2020-02-02 02:02:02"},
            {"res_id": self.plan_b.id},
            {"model": "res.partner", "res_id": self.prof_a.partner_id.id},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(JsonRpcException) as error:
                    self.rpc("mail.message", "write", self.message.ids, vals)
                self.assertEqual(str(error.exception), ACCESS_ERROR)
                self.env.invalidate_all()
                self.assertEqual(
                    self.message.read(["author_id", "date", "model", "res_id"]),
                    before,
                )
        # Moving another record's message onto a family plan is refused too.
        other = self.prof_a.partner_id.message_post(body="Over de buurman")
        with self.assertRaises(JsonRpcException):
            self.rpc(
                "mail.message",
                "write",
                other.ids,
                {"model": "fgp.plan", "res_id": self.plan_a.id},
            )
