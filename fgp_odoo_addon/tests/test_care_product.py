import base64

from lxml import etree

from odoo.tests import Form, TransactionCase, new_test_user
from odoo.tools.misc import file_open

from .world import DUTCH, load_dutch

CLIENT_FORM = "fgp_odoo_addon.res_partner_view_form_fgp_client"


def arch_of(env, model, view_type="form", view_id=False):
    views = env[model].get_views([(view_id, view_type)])["views"]
    return etree.fromstring(views[view_type]["arch"])


class TestClientForm(TransactionCase):
    """Creating a young person or family member from a plan opens a form made
    for clients, not the company contact form."""

    def test_plan_opens_the_client_form(self):
        """The plan's young people and the network's people are created with
        the client's form."""
        arch = arch_of(self.env, "fgp.plan")
        nodes = arch.xpath("//field[@name='youth_ids']") + arch.xpath(
            "//field[@name='network_member_ids']//field[@name='partner_id']"
        )
        self.assertEqual(len(nodes), 3)
        for node in nodes:
            self.assertIn(CLIENT_FORM, node.get("context"))

    def test_client_form_fields(self):
        """Name, birth date, address, phone, school and the people with
        authority; no VAT, website or sales and purchase."""
        view = self.env.ref(CLIENT_FORM)
        arch = arch_of(self.env, "res.partner", view_id=view.id)
        names = {node.get("name") for node in arch.xpath("//field")}
        for name in (
            "name",
            "fgp_birthdate",
            "street",
            "zip",
            "city",
            "phone",
            "fgp_school",
            "fgp_authority_ids",
        ):
            self.assertIn(name, names)
        for name in ("vat", "website", "property_account_position_id", "user_id"):
            self.assertNotIn(name, names)
        self.assertFalse(arch.xpath("//page"), "no notebook of sales and purchase")

    def test_professional_creates_a_client(self):
        """A professional fills the client's form and the person exists."""
        professional = new_test_user(
            self.env,
            "fgp_client_form_prof",
            groups="fgp_odoo_addon.group_fgp_professional",
        )
        Partner = self.env["res.partner"].with_user(professional)
        mother = Partner.create({"name": "Sarah Kok"})
        form = Form(Partner, view=CLIENT_FORM)
        form.name = "Daan Kok"
        form.fgp_birthdate = "2014-05-01"
        form.fgp_school = "De Regenboog"
        form.street = "Kerkstraat 3"
        form.city = "Rivierstad"
        form.phone = "06 11112222"
        form.fgp_authority_ids.add(mother)
        daan = form.save()
        self.assertEqual(daan.fgp_school, "De Regenboog")
        self.assertEqual(daan.fgp_authority_ids, mother)
        self.assertEqual(daan.type, "contact")


class TestSafetyDialog(TransactionCase):
    def test_no_assessment_before_the_condition_exists(self):
        """'Met' and the other assessments are not offered on a new condition
        (pressed, they saved it first and, refused, left a duplicate)."""
        arch = arch_of(self.env, "fgp.safety.condition")
        for name in (
            "action_met",
            "action_not_met",
            "action_withdraw",
            "action_reopen",
        ):
            button = arch.xpath(f"//button[@name='{name}']")[0]
            self.assertTrue(button.get("invisible").startswith("not id or "), name)

    def test_states_have_colours(self):
        """The condition's state badge is coloured in the lists."""
        lists = [arch_of(self.env, "fgp.safety.condition", "list")]
        lists += arch_of(self.env, "fgp.plan").xpath(
            "//field[@name='safety_condition_ids']/list"
        )
        for tree in lists:
            badge = tree.xpath(".//field[@name='state']")[0]
            for decoration in ("info", "success", "danger", "muted"):
                self.assertTrue(badge.get(f"decoration-{decoration}"), decoration)


class TestDemoOrganisation(TransactionCase):
    """The demo is a Dutch care organisation, in Dutch time, and its
    professionals land in the plans app."""

    def setUp(self):
        super().setUp()
        if not self.env.ref(
            "fgp_odoo_addon.user_professional_demo", raise_if_not_found=False
        ):
            self.skipTest("demo data not loaded")

    def test_company(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Stichting Wijkteams Rivierstad")
        self.assertEqual(company.country_id, self.env.ref("base.nl"))
        self.assertTrue(company.city)
        with file_open("fgp_odoo_addon/static/img/demo_company_logo.png", "rb") as logo:
            self.assertEqual(base64.b64decode(company.logo), logo.read())

    def test_every_demo_user_in_dutch_time(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "fgp_odoo_addon"), ("model", "=", "res.users")]
        )
        users = self.env["res.users"].browse(data.mapped("res_id"))
        users |= self.env.ref("base.user_admin")
        self.assertGreater(len(users), 8)
        for user in users:
            self.assertEqual(user.tz, "Europe/Amsterdam", user.login)

    def test_professional_lands_in_the_plans_app(self):
        """The plans app comes first; chat and the contacts app are not among
        the professional's apps."""
        user = self.env.ref("fgp_odoo_addon.user_professional_demo")
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        apps = [menus[app_id]["xmlid"] for app_id in menus["root"]["children"]]
        self.assertEqual(apps[0], "fgp_odoo_addon.fgp_menu_root")
        self.assertNotIn("mail.menu_root_discuss", apps)
        self.assertNotIn("contacts.menu_contacts", apps)


class TestPivotMeasures(TransactionCase):
    """The pivot views offer figures with a Dutch name: no colour index, id,
    hour of the day or scaling score added up."""

    def test_pivot_measures_are_named(self):
        modules = (
            self.env["ir.module.module"]
            .search([("name", "=like", "fgp\\_%"), ("state", "=", "installed")])
            .mapped("name")
        )
        load_dutch(self.env, modules)
        views = self.env["ir.ui.view"].search(
            [("type", "=", "pivot"), ("model", "=like", "fgp.%")]
        )
        models = set(views.mapped("model"))
        self.assertGreaterEqual(len(models), 3)
        for model in models:
            Model = self.env[model]
            dutch = Model.with_context(lang=DUTCH).fields_get(
                attributes=["string", "type", "aggregator"]
            )
            english = Model.with_context(lang="en_US").fields_get(attributes=["string"])
            # What the web client offers as measures (views/utils.js
            # computeReportMeasures), and what the pivot views name.
            measures = {
                name
                for name, field in dutch.items()
                if name != "id"
                and field["type"] in ("integer", "float", "monetary")
                and field.get("aggregator")
            }
            for view in views.filtered(lambda v, m=model: v.model == m):
                measures |= set(
                    arch_of(self.env, model, "pivot", view.id).xpath(
                        "//field[@type='measure']/@name"
                    )
                )
            not_figures = {"color", "res_id", "conference_time", "last_score"}
            self.assertFalse(measures & (not_figures | {"previous_score"}), model)
            for name in measures:
                with self.subTest(model=model, measure=name):
                    self.assertNotEqual(
                        dutch[name]["string"], english[name]["string"], "in Dutch"
                    )
