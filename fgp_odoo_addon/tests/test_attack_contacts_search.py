"""Class 8: other teams' clients in the contacts.

The young people and network members of family plans are clients: only who may
read one of their plans finds them, over every channel a contact is read
through, as each role, over real HTTP and JSON-RPC. Every other contact stays
visible as Odoo makes it."""

from odoo.tests import JsonRpcException, new_test_user, tagged

from .common_attack import AttackCase

# What the contacts hold of the young people of plan A and plan B.
SECRETS_A = ("Geheimstraat 12", "0611111111", "2012-03-04")
SECRETS_B = ("Bakkerslaan 7", "tim@example.com", "2014-05-06")


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackContactsSearch(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.crm_user = new_test_user(
            cls.env,
            login="fgp_crm",
            groups="base.group_user,base.group_partner_manager,base.group_allow_export",
            name="CRM-gebruiker",
        )
        cls.youth_a.write(
            {"street": "Geheimstraat 12", "city": "Rivierstad", "phone": "0611111111"}
        )
        cls.youth_a.fgp_birthdate = "2012-03-04"
        cls.youth_b.write({"street": "Bakkerslaan 7", "email": "tim@example.com"})
        cls.youth_b.fgp_birthdate = "2014-05-06"
        # A contact that is nobody's client: an organisation, found by everyone.
        cls.club = cls.env["res.partner"].create(
            {"name": "Sportclub Bakker Geheimnaam", "is_company": True}
        )
        cls.clients_a = (
            cls.youth_a | cls.portal_member.partner_id | cls.portal_noconsent.partner_id
        )
        cls.clients_b = cls.youth_b
        both = cls.clients_a | cls.clients_b
        none = cls.env["res.partner"]
        # Who finds which client: the plans they may read (see the plan rules).
        cls.expected = {
            cls.prof_a: cls.clients_a,
            cls.prof_b: cls.clients_b,
            cls.manager_a: both,  # manages team A, member of team B
            cls.crm_user: none,
            cls.admin: both,
        }

    def assertNoSecret(self, result, what, secrets=SECRETS_A + SECRETS_B):
        for secret in secrets:
            self.assertNotIn(secret, str(result), what)

    def test_clients_not_found(self):
        """name_search, web_search_read, search_read, search_count, read_group,
        web_read_group: a client appears only for who may read their plan."""
        clients = self.clients_a | self.clients_b
        domain = [("id", "in", (clients | self.club).ids)]
        for user, visible in self.expected.items():
            expected = set((visible | self.club).ids)
            with self.subTest(user=user.login):
                self.login(user)
                found = set()
                for partner in clients | self.club:
                    name = partner.name.split()[-1]
                    found |= {
                        pid
                        for pid, _name in self.rpc(
                            "res.partner", "name_search", name=name, limit=100
                        )
                        if pid in domain[0][2]
                    }
                self.assertEqual(found, expected, "name_search")
                result = self.rpc(
                    "res.partner",
                    "web_search_read",
                    domain,
                    {"display_name": {}, "street": {}, "city": {}},
                )
                ids = {rec["id"] for rec in result["records"]}
                self.assertEqual(ids, expected, "web_search_read")
                self.assertEqual(result["length"], len(expected))
                rows = self.rpc(
                    "res.partner", "search_read", domain, ["name", "street", "email"]
                )
                self.assertEqual({row["id"] for row in rows}, expected, "search_read")
                self.assertEqual(
                    self.rpc("res.partner", "search_count", domain), len(expected)
                )
                groups = self.rpc(
                    "res.partner", "read_group", domain, ["street"], ["street"]
                )
                self.assertEqual(
                    sum(group["street_count"] for group in groups), len(expected)
                )
                web_groups = self.rpc(
                    "res.partner",
                    "web_read_group",
                    domain,
                    ["city"],
                    ["city"],
                )
                self.assertEqual(
                    sum(group["city_count"] for group in web_groups["groups"]),
                    len(expected),
                )
                hidden = ()
                if self.youth_a not in visible:
                    hidden += SECRETS_A
                if self.youth_b not in visible:
                    hidden += SECRETS_B
                self.assertNoSecret(
                    [result, rows, groups, web_groups], user.login, hidden
                )

    def test_clients_not_read(self):
        """read, web_read and export_data of another team's client by id are
        refused, with no data in the error; what one may see is read."""
        for user, visible in self.expected.items():
            for partner in self.clients_a | self.clients_b:
                with self.subTest(user=user.login, partner=partner.name):
                    self.login(user)
                    calls = (
                        ("read", [partner.ids, ["name", "street", "email"]]),
                        ("web_read", [partner.ids, {"street": {}, "city": {}}]),
                        ("export_data", [partner.ids, ["name", "street", "city"]]),
                    )
                    for method, args in calls:
                        if partner in visible:
                            self.rpc("res.partner", method, *args)
                            continue
                        with self.assertRaises(JsonRpcException) as error:
                            self.rpc("res.partner", method, *args)
                        self.assertIn("AccessError", str(error.exception), method)
                        self.assertNoSecret(str(error.exception), method)

    def test_other_contacts_stay_visible(self):
        """Organisations, colleagues and one's own partner are found as before,
        also by a CRM user without any family-plan role."""
        for user in self.expected:
            with self.subTest(user=user.login):
                self.login(user)
                others = self.club | self.prof_b.partner_id | user.partner_id
                rows = self.rpc(
                    "res.partner", "read", others.ids, ["name", "email", "street"]
                )
                self.assertEqual({row["id"] for row in rows}, set(others.ids))
                found = self.rpc("res.partner", "name_search", name="Professional B")
                self.assertIn(self.prof_b.partner_id.id, [pid for pid, _n in found])

    def test_onchange_does_not_show_a_client(self):
        """The many2one of every model that points at a contact, filled in an
        onchange with another team's client by id, shows none of their data
        (address, date of birth, phone, email) through related fields or the
        form's own computations; a family-plan form not even the name. Walked
        from the registry."""
        targets = []
        for model in self.env.registry.values():
            if (
                model._abstract
                or model._transient
                or not model._name.startswith(("fgp.", "res.partner"))
            ):
                continue
            for field in model._fields.values():
                if field.type == "many2one" and field.comodel_name == "res.partner":
                    targets.append((model._name, field.name))
        self.assertIn(("fgp.network.member", "partner_id"), targets)
        self.assertIn(("res.partner", "parent_id"), targets)
        for model_name, fname in targets:
            for user in (self.prof_a, self.crm_user):
                Model = self.env[model_name].with_user(user)
                if not Model.has_access("create"):
                    continue
                spec = {
                    name: {}
                    for name, field in Model._fields.items()
                    if field.type not in ("one2many", "many2many", "binary")
                    and name != "id"
                    and field.is_accessible(Model.env)
                }
                spec[fname] = {"fields": {"display_name": {}, "street": {}}}
                with self.subTest(model=model_name, field=fname, user=user.login):
                    self.login(user)
                    values = {fname: self.youth_b.id}
                    if "plan_id" in spec:
                        values["plan_id"] = self.plan_a.id
                    try:
                        result = self.rpc(
                            model_name, "onchange", [], values, [fname], spec
                        )
                    except JsonRpcException as error:
                        self.assertNoSecret(str(error), "error")
                        continue
                    self.assertNoSecret(result, "onchange")
                    if model_name.startswith("fgp."):
                        # Odoo shows a many2one's name as superuser in any
                        # model; the family-plan forms refuse the person.
                        self.assertNotIn("Tim Bakker", str(result))

    def test_onchange_of_plan_lines(self):
        """Neither does the plan form, with another team's client as its young
        person or in a new line of its network."""
        spec = {
            "youth_ids": {"fields": {"display_name": {}, "street": {}}},
            "network_member_ids": {
                "fields": {
                    "partner_id": {"fields": {"display_name": {}}},
                    "phone": {},
                    "email": {},
                    "display_name": {},
                }
            },
        }
        self.login(self.prof_a)
        for values in (
            {"youth_ids": [[4, self.youth_b.id]]},
            {"youth_ids": [[6, False, [self.youth_b.id]]]},
            {
                "network_member_ids": [
                    [0, "virtual_1", {"partner_id": self.youth_b.id, "role": "youth"}]
                ]
            },
        ):
            with self.subTest(values=values):
                values = dict(values, name="Plan", team_id=self.team_a.id)
                with self.assertRaises(JsonRpcException) as error:
                    self.rpc("fgp.plan", "onchange", [], values, [], spec)
                self.assertIn("AccessError", str(error.exception))
                self.assertNoSecret(str(error.exception), "error")
                self.assertNotIn("Tim Bakker", str(error.exception))
        # Linking by id in a save is refused the same way.
        for method, args in (
            (
                "web_save",
                [[], {"name": "Plan", "youth_ids": [[4, self.youth_b.id]]}],
            ),
            (
                "create",
                [{"plan_id": self.plan_a.id, "partner_id": self.youth_b.id}],
            ),
        ):
            model = "fgp.plan" if method == "web_save" else "fgp.network.member"
            with self.subTest(method=method), self.assertRaises(JsonRpcException):
                kwargs = {"specification": {"id": {}}} if method == "web_save" else {}
                self.rpc(model, method, *args, **kwargs)
        self.assertNotIn(self.youth_b, self.plan_a.youth_ids)
        self.assertNotIn(self.youth_b, self.plan_a.network_member_ids.partner_id)

    def test_client_flag_follows_plans_and_merges(self):
        """Becoming or ceasing to be a client follows the plans, also when a
        merge moves a person's plan roles by SQL."""
        Partner = self.env["res.partner"]
        person = Partner.create({"name": "Buurvrouw Nieuw"})
        self.assertFalse(person.fgp_is_client)
        member = self.env["fgp.network.member"].create(
            {"plan_id": self.plan_b.id, "partner_id": person.id, "role": "neighbour"}
        )
        self.assertTrue(person.fgp_is_client)
        self.assertFalse(
            Partner.with_user(self.prof_a).search([("id", "=", person.id)])
        )
        other = self.env["fgp.network.member"].create(
            {"plan_id": self.plan_c.id, "partner_id": person.id, "role": "neighbour"}
        )
        member.unlink()
        self.assertTrue(person.fgp_is_client, "still in the other plan's network")
        other.unlink()
        self.assertFalse(person.fgp_is_client)
        self.plan_c.write({"youth_ids": [(4, person.id)]})
        self.assertTrue(person.fgp_is_client)
        self.plan_c.write({"youth_ids": [(3, person.id)]})
        self.assertFalse(person.fgp_is_client)
        # Merged into a contact everyone sees: that contact becomes a client.
        duplicate = Partner.create({"name": "Tim Bakker (dubbel)"})
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (self.youth_b | duplicate).ids, duplicate
        )
        self.assertFalse(self.youth_b.exists())
        self.assertTrue(duplicate.fgp_is_client)
        self.assertIn(duplicate, self.plan_b.youth_ids)
        self.login(self.prof_a)
        found = self.rpc("res.partner", "name_search", name="Tim Bakker")
        self.assertNotIn(duplicate.id, [pid for pid, _name in found])
        self.login(self.prof_b)
        found = self.rpc("res.partner", "name_search", name="Tim Bakker")
        self.assertIn(duplicate.id, [pid for pid, _name in found])
