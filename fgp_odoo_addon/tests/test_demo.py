from odoo.tests import TransactionCase


class TestDemo(TransactionCase):
    """The demo tells the stories of a dozen families, through the real lifecycle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jansen = cls.env.ref("fgp_odoo_addon.plan_jansen_demo", False)

    def setUp(self):
        super().setUp()
        Module = self.env["ir.module.module"]
        if not Module.search([("name", "=", "base")]).demo:
            self.skipTest("The database was created without demo data.")
        # Odoo installs without demo data when loading it fails: that is a failure.
        self.assertTrue(Module.search([("name", "=", "fgp_odoo_addon")]).demo)
        self.assertTrue(self.jansen)

    def _ref(self, name):
        return self.env.ref(f"fgp_odoo_addon.{name}")

    def _demo_plans(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "fgp_odoo_addon"), ("model", "=", "fgp.plan")]
        )
        return self.env["fgp.plan"].browse(data.mapped("res_id"))

    def test_users_and_teams(self):
        """Three role users keep their logins; teams have their professionals."""
        for xml_id, login, group in (
            ("user_professional_demo", "hulpverlener", "group_fgp_professional"),
            ("user_safety_demo", "bevoegd", "group_fgp_safety"),
            ("user_manager_demo", "teammanager", "group_fgp_manager"),
            ("user_fatma_demo", "fatma", "group_fgp_safety"),
            ("user_jeroen_demo", "jeroen", "group_fgp_professional"),
            ("user_anouk_demo", "anouk", "group_fgp_professional"),
        ):
            user = self._ref(xml_id)
            self.assertEqual(user.login, login)
            self.assertTrue(user.has_group(f"fgp_odoo_addon.{group}"))
        teams = self.env["fgp.team"].search([])
        for name in ("Wijkteam Noord", "Jeugdteam Zuid", "Sociaal team Oost"):
            self.assertIn(name, teams.mapped("name"))
        self.assertIn(
            self._ref("team_noord_demo"),
            self._ref("user_professional_demo").fgp_team_ids,
        )
        self.assertEqual(
            self._ref("user_manager_demo").fgp_managed_team_ids,
            self._ref("team_noord_demo") | self._ref("team_oost_demo"),
        )

    def test_roles_separated(self):
        """The system administrator (admin) is no functional administrator and
        reads no family plan; the functional administrator (beheerder) has no
        Settings, so runs no code and changes no rules or groups."""
        admin = self.env.ref("base.user_admin")
        self.assertEqual(admin.login, "admin")
        self.assertTrue(admin.has_group("base.group_system"))
        self.assertFalse(admin.has_group("fgp_odoo_addon.group_fgp_professional"))
        beheerder = self._ref("user_admin_demo")
        self.assertEqual(beheerder.login, "beheerder")
        self.assertTrue(beheerder.has_group("fgp_odoo_addon.group_fgp_admin"))
        for group in ("base.group_system", "base.group_erp_manager"):
            self.assertFalse(beheerder.has_group(group), group)
        self.assertTrue(
            self.env["fgp.plan"].with_user(beheerder).search_count([]), "all teams"
        )

    def test_every_state_type_and_method(self):
        """The demo has plans in every state, of every type and method."""
        plans = self._demo_plans()
        self.assertGreaterEqual(len(plans), 12)
        Plan = self.env["fgp.plan"]
        for fname in (
            "state",
            "plan_type",
            "method",
            "authorship",
            "youth_participation",
        ):
            keys = {key for key, _label in Plan._fields[fname].selection}
            self.assertEqual(set(plans.mapped(fname)), keys, fname)

    def test_stories(self):
        """Each state carries what the lifecycle demands of it."""
        hoekstra = self._ref("plan_hoekstra_demo")
        self.assertEqual(hoekstra.state, "declined")
        self.assertTrue(hoekstra.decline_reason.strip())
        follow_up = self._ref("plan_hoekstra_professional_demo")
        self.assertEqual(hoekstra.follow_up_plan_ids, follow_up)
        self.assertEqual(follow_up.authorship, "professional")
        for xml_id, reason in (
            ("plan_kaya_demo", "youth_probation"),
            ("plan_verhoeven_demo", "guardianship"),
        ):
            plan = self._ref(xml_id)
            self.assertEqual(plan.state, "exempt")
            self.assertEqual(plan.exemption_reason, reason)
            self.assertTrue(plan.exemption_motivation)
        for plan in self._demo_plans().filtered(
            lambda p: p.state in ("active", "closed")
        ):
            self.assertTrue(plan.date_accepted)
            self.assertFalse(
                plan.safety_condition_ids.filtered(lambda c: c.state != "met"),
                plan.name,
            )
        willems = self._ref("plan_willems_demo")
        self.assertEqual(willems.state, "closed")
        self.assertTrue(willems.date_end)
        meijer = self._ref("plan_meijer_demo")
        self.assertEqual(meijer.state, "submitted")
        self.assertEqual(
            sorted(meijer.safety_condition_ids.mapped("state")), ["met", "open"]
        )

    def test_networks(self):
        """Networks are on contacts, with a designated contact and consent dates;
        a volunteer takes part in two families' plans."""
        plans = self._demo_plans().filtered(
            lambda p: p.state in ("preparing", "submitted", "active", "closed")
            and p.authorship == "family"
        )
        for plan in plans:
            self.assertTrue(plan.designated_member_id, plan.name)
            self.assertTrue(plan.network_member_ids.filtered("consent_date"), plan.name)
        roles = set(self._demo_plans().network_member_ids.mapped("role"))
        self.assertTrue(
            {"parent", "youth", "relative", "friend", "neighbour", "volunteer"} <= roles
        )
        kees = self._ref("partner_trainer_kees_demo")
        self.assertEqual(len(kees.fgp_member_ids.plan_id), 2)
        self.assertEqual(kees.fgp_plan_count, 2)

    def test_agreements_and_evaluations(self):
        """Agreements in every state and source, some overdue; evaluations score."""
        agreements = self._demo_plans().agreement_ids
        self.assertEqual(
            set(agreements.mapped("state")), {"open", "done", "missed", "cancelled"}
        )
        self.assertEqual(
            set(agreements.mapped("source")), {"network", "community", "professional"}
        )
        self.assertGreaterEqual(len(agreements.filtered("is_overdue")), 3)
        self.assertTrue(all(a.date_done for a in agreements if a.state == "done"))
        evaluations = self._demo_plans().evaluation_ids
        self.assertGreaterEqual(len(evaluations), 5)
        self.assertEqual(
            set(evaluations.mapped("kind")), {"evaluation", "network_meeting"}
        )
        self.assertTrue(self._ref("plan_bulut_demo").date_next_evaluation)

    def test_chapters(self):
        """Plans that are written have chapters with text."""
        for plan in self._demo_plans().filtered(
            lambda p: p.state in ("submitted", "active", "closed")
        ):
            self.assertTrue(plan.section_ids.filtered("body"), plan.name)
        self.assertEqual(len(self._ref("plan_smits_demo").section_ids), 8)

    def test_repeating_agreement_and_contact_who_missed(self):
        """Peters: opa's Monday evenings, one Monday missed; and opa, the
        network's designated contact, missed an agreement himself: the call
        goes to Sophie, the second contact."""
        monday = self._ref("agreement_peters_monday_demo")
        self.assertEqual(monday.recurrence, "weekly")
        self.assertEqual(
            monday.occurrence_ids.sorted("date").mapped("state"),
            ["done", "missed", "done", "done"],
        )
        self.assertEqual(monday.occurrence_missed_count, 1)
        self.assertEqual(
            {d.weekday() for d in monday.occurrence_ids.mapped("date")}, {0}
        )
        # Opa's Wednesdays ran to their end date: closed done, the missed
        # Wednesday still counts.
        football = self._ref("agreement_peters_football_demo")
        self.assertEqual(football.state, "done")
        self.assertEqual(football.date_done, football.repeat_until)
        self.assertEqual(football.occurrence_missed_count, 1)
        self.assertFalse(football.done_on_time)
        plan = self._ref("plan_peters_demo")
        self.assertEqual(plan.designated_member_id, self._ref("member_opa_peters_demo"))
        self.assertEqual(plan.second_member_id, self._ref("member_sophie_peters_demo"))
        mentor = self._ref("agreement_peters_mentor_demo")
        self.assertTrue(plan._fgp_missed_by_contact(mentor))
        self.assertEqual(plan._fgp_second_contact(), plan.second_member_id)
        call = self._ref("activity_peters_second_contact_demo")
        self.assertEqual(call.fgp_agreement_id, mentor)
        self.assertIn("Sophie Peters", call.note)
