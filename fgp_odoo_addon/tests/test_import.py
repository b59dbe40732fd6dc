"""An organisation moves its running caseload in with Odoo's own import
(base_import): plans, network members and agreements, with the consent rules
applied as in the form, and bad rows answered in Dutch. The 10,000-plan run is
benchmarks/bench_import.py."""

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.misc import file_open

from .common_import import MODELS, PEOPLE, caseload, csv_bytes, run_import
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

    def import_all(self, files, limit=15):
        """Import the files in their order; by default in small batches: a file
        comes in over several of the dialog's batches."""
        results = {}
        for model, data in files.items():
            results[model] = run_import(
                self.env, model, data, limit=limit, **CREATE_PEOPLE
            )
            self.assertFalse(results[model]["messages"], model)
        return results

    def test_caseload_imports_with_consent(self):
        """Plans, members and agreements import in batches; a member with a
        consent date has the consents the young person's age asks for, one
        chatter note per plan records them, and the plan is visible in the
        portal for that member only."""
        self.check_caseload(self.import_all(caseload(self.team.name, PLANS)))

    def test_two_step_import(self):
        """The people first, from a file of their own with external ids, then
        the plans and members referring to them (USAGE.md): the same caseload,
        each person once."""
        files = caseload(self.team.name, PLANS, people=True)
        results = self.import_all(files)
        self.assertEqual(len(results[PEOPLE]["ids"]), 3 * PLANS)
        plans = self.check_caseload(results)
        self.assertEqual(
            plans.youth_ids | plans.network_member_ids.partner_id,
            self.env["res.partner"].browse(results[PEOPLE]["ids"]),
        )

    def check_caseload(self, results):
        """The imported caseload of PLANS plans has what caseload() describes;
        returns the plans."""
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
        # The people the import created: no creation note each, and the
        # administrator who imported them does not follow them.
        people = plans.youth_ids | plans.network_member_ids.partner_id
        self.assertEqual(len(people), 3 * PLANS)
        self.assertFalse(
            self.env["mail.message"].search_count(
                [("model", "=", "res.partner"), ("res_id", "in", people.ids)]
            )
        )
        self.assertNotIn(self.admin.partner_id, people.message_partner_ids)
        return plans

    def test_queries_per_row(self):
        """What an imported row costs does not grow with the file, and stays a
        few queries: twice the rows, at most this many queries more per row
        added, with the people created by name (a look-up and an insert) and a
        consent note per plan, in one insert per batch: no note, follower or
        write of its own per row (about 3.5, 6 and 1 today: a person linked to
        a plan is marked a client with one grouped look-up, one query a
        create)."""
        bounds = {"fgp.plan": 5, "fgp.network.member": 7, "fgp.agreement": 2}
        queries = []
        for plans, prefix in ((PLANS, "klein"), (2 * PLANS, "groot")):
            files = caseload(self.team.name, plans, prefix=prefix)
            counts = {}
            for model, data in files.items():
                before = self.env.cr.sql_log_count
                result = run_import(self.env, model, data, **CREATE_PEOPLE)
                self.assertFalse(result["messages"], model)
                counts[model] = self.env.cr.sql_log_count - before
            queries.append(counts)
        for model, bound in bounds.items():
            rows = 2 if model == "fgp.network.member" else 1
            per_row = (queries[1][model] - queries[0][model]) / (rows * PLANS)
            with self.subTest(model=model):
                self.assertLessEqual(per_row, bound)

    def test_person_lookup_uses_indexes(self):
        """The import looks a person up by name in several fields at once
        (res.partner._rec_names_search): each has an index, so the look-up
        never reads every contact."""
        query = (
            self.env["res.partner"]
            ._search(self.env["res.partner"]._search_display_name("=", "Anna"))
            .select()
        )
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertNotIn("Seq Scan on res_partner", plan)

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
        """The dialog's example files import as they are, in their order: the
        people first (the contacts' dialog offers Odoo's own template too)."""
        templates = {}
        for model in (PEOPLE, *MODELS):
            (template,) = (
                template
                for template in self.env[model].get_import_templates()
                if template["template"].startswith("/fgp_odoo_addon/")
            )
            path = template["template"].lstrip("/")
            with file_open(path, "rb") as file:
                templates[model] = file.read()
        results = self.import_all(templates)
        self.assertEqual(len(results["fgp.agreement"]["ids"]), 2)
        daan = self.env["fgp.network.member"].search(
            [("partner_id.name", "=", "Daan de Vries")]
        )
        self.assertTrue(daan.consent_youth_date)
