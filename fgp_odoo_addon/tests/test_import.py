"""An organisation moves its running caseload in with Odoo's own import
(base_import): plans, network members and agreements, with the consent rules
applied as in the form, and bad rows answered in Dutch. The 10,000-plan run is
benchmarks/bench_import.py."""

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_open

from .common_import import MODELS, caseload, csv_bytes, run_import
from .world import ADMIN, DUTCH, load_dutch, make_team

# The dialog's "create it when it does not exist" for the people in the files.
CREATE_PEOPLE = {"name_create_enabled_fields": {"youth_ids": True, "partner_id": True}}
PLANS = 20


@tagged("post_install", "-at_install")
class TestImport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_dutch(cls.env, ("base", "base_import", "fgp_odoo_addon"), overwrite=False)
        cls.admin = new_test_user(
            cls.env, login="fgp_import_admin", groups=ADMIN, lang=DUTCH
        )
        # the templates' team (the demo data has it)
        cls.team = cls.env["fgp.team"].search(
            [("name", "=", "Wijkteam Noord")]
        ) or make_team(cls.env, "Wijkteam Noord")
        cls.env = cls.env(user=cls.admin, context={"lang": DUTCH})

    def import_all(self, files):
        results = {}
        for model in MODELS:
            # small batches: a file comes in over several of the dialog's batches
            results[model] = run_import(
                self.env, model, files[model], limit=15, **CREATE_PEOPLE
            )
            self.assertFalse(results[model]["messages"], model)
        return results

    def test_caseload_imports_with_consent(self):
        """Plans, members and agreements import in batches; a member with a
        consent date has the consents the young person's age asks for, one
        chatter note per plan records them, and the plan is visible in the
        portal for that member only."""
        results = self.import_all(caseload(self.team.name, PLANS))
        plans = self.env["fgp.plan"].browse(results["fgp.plan"]["ids"])
        self.assertEqual(len(plans), PLANS)
        self.assertEqual(set(plans.mapped("state")), {"preparing"})
        self.assertEqual(plans.team_id, self.team)
        self.assertEqual(len(plans.network_member_ids), 2 * PLANS)
        self.assertEqual(len(plans.agreement_ids), PLANS)
        parents = plans.network_member_ids.filtered(lambda m: m.role == "parent")
        # The young person's date of birth is unknown: both consents are asked.
        self.assertTrue(all(parents.mapped("consent_youth_date")))
        self.assertTrue(all(parents.mapped("consent_parents_date")))
        self.assertTrue(all(parents.mapped("consent_date")))
        neighbours = plans.network_member_ids - parents
        self.assertFalse(any(neighbours.mapped("consent_date")))
        notes = self.env["mail.message"].search(
            [("model", "=", "fgp.plan"), ("res_id", "in", plans.ids)]
        )
        consent_notes = notes.filtered(lambda m: "Ouder" in m.body)
        self.assertEqual(sorted(consent_notes.mapped("res_id")), sorted(plans.ids))
        self.assertIn("Toestemming", consent_notes[0].body)
        self.assertEqual(
            plans.agreement_ids.member_id, parents, "agreements name their member"
        )

    def test_bad_rows_are_refused_in_dutch(self):
        """A person twice in a network, a date in another format, a role that
        does not exist, an agreement of someone outside its plan: the import
        says what is wrong in Dutch and imports nothing."""
        self.import_all(caseload(self.team.name, 2))
        Member = self.env["fgp.network.member"]
        count = Member.search_count([])
        header = ["plan_id/id", "partner_id", "role", "consent_date"]
        cases = {
            "al in het netwerk": [
                "vorig_systeem_plan_0",
                "Ouder vorig_systeem 0",
                "parent",
                "",
            ],
            "incorrecte waarde": [
                "vorig_systeem_plan_0",
                "Ouder vorig_systeem 1",
                "parent",
                "1-9",
            ],
            "Waarde": ["vorig_systeem_plan_0", "Buur vorig_systeem 1", "opa", ""],
        }
        for expected, row in cases.items():
            with self.subTest(expected=expected):
                result = run_import(
                    self.env, "fgp.network.member", csv_bytes([header, row])
                )
                self.assertTrue(result["messages"])
                self.assertIn(expected, result["messages"][0]["message"])
                self.assertEqual(Member.search_count([]), count)
        agreement = csv_bytes(
            [
                ["plan_id/id", "description", "member_id/id"],
                ["vorig_systeem_plan_1", "Ouder 0 kookt", "vorig_systeem_ouder_0"],
            ]
        )
        result = run_import(self.env, "fgp.agreement", agreement)
        self.assertTrue(result["messages"])
        self.assertRegex(result["messages"][0]["message"], r"\b(het|de|een|niet)\b")

    def test_templates_import(self):
        """The dialog's example files import as they are, in their order."""
        templates = {}
        for model in MODELS:
            (template,) = self.env[model].get_import_templates()
            path = template["template"].lstrip("/")
            with file_open(path, "rb") as file:
                templates[model] = file.read()
        results = self.import_all(templates)
        self.assertEqual(len(results["fgp.agreement"]["ids"]), 2)
        daan = self.env["fgp.network.member"].search(
            [("partner_id.name", "=", "Daan de Vries")]
        )
        self.assertTrue(daan.consent_youth_date)
