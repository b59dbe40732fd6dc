"""Attack, class 4: contact details of the network reach no portal user.

A consented network member (Po+) may read the plan and the names of its network,
never a phone number, e-mail address, street or date of birth: not their own
consent's, and certainly not of a member who gave no consent. Every fgp model's
fields are walked from the registry and attacked over JSON-RPC as Po+: a
contact field added later is attacked too."""

from odoo.tests import tagged

from .common_attack import AttackCase, concrete_models

# res.partner fields that are contact details (a related or computed field of
# an fgp model that ends in one of them is a contact detail too).
CONTACT_FIELDS = {
    "phone",
    "mobile",
    "email",
    "email_normalized",
    "email_formatted",
    "phone_sanitized",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "website",
    "vat",
    "contact_address",
    "contact_address_complete",
    "birthdate",
    "fgp_birthdate",
}
CANARY = "KANARIE4"
DETAILS = {
    "phone": "+31 6 %s 111",
    "mobile": "+31 6 %s 222",
    "email": "%s.mail@example.org",
    "street": "%sstraat 1",
    "city": "%sdorp",
    "zip": "%s ZZ",
    "website": "https://%s.example.org",
}
CONTACT_CONTEXT = {"show_email": True, "show_address": True, "show_vat": True}


def is_contact_field(field):
    name = (field.related or field.name).split(".")[-1]
    return name in CONTACT_FIELDS


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackContacts(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every other person of plan A gets contact details with the canary in
        # them: the member without consent, the young person, the coordinator
        # (the consented member may see their own).
        people = cls.portal_noconsent.partner_id | cls.youth_a | cls.coordinator
        for partner in people:
            partner.write(
                {field: pattern % CANARY for field, pattern in DETAILS.items()}
            )
            partner.fgp_birthdate = "2011-04-01"
        cls.agreement_a.provider_id = cls.coordinator
        cls.models = concrete_models(
            cls.env, lambda model: model._name.startswith("fgp.")
        )

    def assert_no_canary(self, text, where):
        self.assertNotIn(CANARY, text, f"contact details leak through {where}")
        self.assertNotIn("2011-04-01", text, f"a date of birth leaks through {where}")

    def contact_fields(self, model):
        return [
            name
            for name, field in self.env[model]._fields.items()
            if is_contact_field(field)
        ]

    def test_contact_fields_are_for_internal_users(self):
        """Every contact field of an fgp model is restricted to internal users."""
        found = []
        for model in self.models:
            for name in self.contact_fields(model):
                field = self.env[model]._fields[name]
                found.append(f"{model}.{name}")
                self.assertTrue(field.groups, f"{model}.{name} has no groups")
                portal_env = self.env(user=self.portal_member)
                self.assertFalse(
                    field.is_accessible(portal_env), f"{model}.{name} reaches portal"
                )
        self.assertIn("fgp.network.member.phone", found)
        self.assertIn("fgp.network.member.email", found)

    def test_portal_member_reads_no_contact_details(self):
        """Po+ over every read channel of every fgp model: no contact detail."""
        self.login(self.portal_member)
        for model in self.models:
            contact = self.contact_fields(model)
            # What the portal member may read at all, and the whole of it.
            text, data = self.rpc_raw(model, "search_read", [])
            self.assert_no_canary(text, f"{model}.search_read")
            ids = [row["id"] for row in data.get("result") or []]
            relational = [
                name
                for name, field in self.env[model]._fields.items()
                if field.type == "many2one" and field.comodel_name == "res.partner"
            ] + [
                name
                for name, field in self.env[model]._fields.items()
                if field.type == "many2one"
                and field.comodel_name == "fgp.network.member"
            ]
            channels = [
                ("read", [ids], {}),
                ("fields_get", [], {}),
                # a person's name asked "with e-mail and address"
                ("search_read", [[]], {"fields": relational}),
                ("read", [ids, relational], {}),
                (
                    "web_search_read",
                    [[]],
                    {
                        "specification": {
                            name: {"fields": {"display_name": {}}}
                            for name in relational
                        }
                    },
                ),
            ]
            for name in contact:
                channels += [
                    ("search_read", [[]], {"fields": [name]}),
                    ("read", [ids, [name]], {}),
                    ("web_read", [ids], {"specification": {name: {}}}),
                    ("web_search_read", [[]], {"specification": {name: {}}}),
                    ("read_group", [[], [name], [name]], {}),
                    ("web_read_group", [[], [name], [name]], {}),
                    ("search_count", [[(name, "ilike", CANARY)]], {}),
                    ("search_count", [[(name, "=like", "+31%")]], {}),
                    ("export_data", [ids, [name]], {}),
                ]
            for method, args, kwargs in channels:
                with self.subTest(model=model, method=method, args=args):
                    text, data = self.rpc_raw(
                        model, method, *args, context=CONTACT_CONTEXT, **kwargs
                    )
                    self.assert_no_canary(text, f"{model}.{method}")
                    if method == "fields_get":
                        self.assertFalse(set(contact) & set(data["result"]))
                    elif method == "search_count" and "result" in data:
                        self.assertFalse(data["result"], "probing contact details")

    def test_member_without_consent_neither(self):
        """The member without consent: not found through the partner either."""
        self.login(self.portal_member)
        partner = self.portal_noconsent.partner_id
        for method, args, kwargs in (
            ("read", [partner.ids, ["phone", "email", "street"]], {}),
            ("search_read", [[("id", "=", partner.id)]], {}),
            ("search_count", [[("phone", "ilike", CANARY)]], {}),
            ("name_search", [], {"name": CANARY}),
        ):
            with self.subTest(method=method):
                text, data = self.rpc_raw("res.partner", method, *args, **kwargs)
                self.assert_no_canary(text, f"res.partner.{method}")
                if method == "search_count" and "result" in data:
                    self.assertEqual(data["result"], 0)

    def test_professional_still_reads_them(self):
        """The same channels do serve the professional of the plan."""
        self.login(self.prof_a)
        text, _data = self.rpc_raw(
            "fgp.network.member",
            "search_read",
            [("id", "=", self.member_noconsent.id)],
            fields=["phone", "email"],
        )
        self.assertIn(CANARY, text)
