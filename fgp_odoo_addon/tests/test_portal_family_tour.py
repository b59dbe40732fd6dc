from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common_portal import FgpPortalCase
from .test_portal_support import pdf_text

LANG = "nl_NL"
# A phone (iPhone 12-15) in portrait.
PHONE = "390x844"


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalFamilyTour(FgpPortalCase):
    """Issue 16's "done when": a mother, invited to the portal, makes the plan with
    her network on her phone; her sister stands behind it; the professional sees
    all of it in the back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang(LANG)
        env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon"], [LANG], overwrite=True
        )
        cls.professional.lang = LANG
        tim = env["res.partner"].create(
            {
                "name": "Tim de Boer",
                "fgp_birthdate": fields.Date.today() - relativedelta(years=8),
            }
        )
        cls.boer = cls._make_plan("Plan familie De Boer")
        cls.boer.youth_ids = tim
        cls.boer.action_prepare()
        cls.anja = env["res.partner"].create(
            {"name": "Anja de Boer", "email": "anja@example.nl", "lang": LANG}
        )
        # The professional records the mother's consent and invites her.
        env["fgp.network.member"].create(
            {
                "plan_id": cls.boer.id,
                "partner_id": cls.anja.id,
                "role": "parent",
                "relation": "moeder",
                "consent_date": fields.Date.today(),
            }
        )
        cls.mother = cls._invite(cls.anja)

    @classmethod
    def _invite(cls, partner):
        """Invite through the plan's own button and Odoo's portal wizard, as the
        professional does, and set the password the invitation lets them choose
        (the login, as start_tour logs in)."""
        action = cls.boer.action_invite_network()
        wizard = cls.env["portal.wizard"].browse(action["res_id"])
        wizard.user_ids.filtered(
            lambda u: u.partner_id == partner
        ).action_grant_access()
        user = partner.with_context(active_test=False).user_ids
        user.write({"password": user.login, "lang": LANG})
        return user

    def pdf_text(self, plan):
        """The family's PDF as the mother's download makes it, through pdftotext
        (Odoo answers the route with the page while it runs its tests)."""
        content, report_type = (
            self.env["report.fgp_odoo_addon.report_family_plan"]
            .with_user(self.mother)
            .with_context(force_report_rendering=True, lang=LANG)
            ._fgp_render_for_family(plan)
        )
        self.assertEqual(report_type, "pdf")
        return pdf_text(content)

    def member(self, name):
        return self.boer.network_member_ids.filtered(
            lambda m: m.partner_id.name == name
        )

    def test_the_family_holds_the_pen(self):
        self.browser_size = PHONE
        self.start_tour(
            "/my", "fgp_portal_mother_makes_the_plan", login=self.mother.login
        )
        self.env.invalidate_all()
        plan = self.boer
        sandra, fatima = self.member("Sandra de Boer"), self.member("Fatima Amrani")
        # Two new contacts, with consent the mother gave (a child of 8)
        self.assertEqual(sandra.relation, "zus")
        self.assertEqual(sandra.partner_id.email, "sandra@example.nl")
        self.assertEqual(fatima.role, "neighbour")
        self.assertEqual(fatima.partner_id.phone, "06-12345678")
        self.assertTrue(sandra.consent_parents_date and fatima.consent_date)
        self.assertEqual(plan.designated_member_id, fatima)
        self.assertEqual(plan.conference_place, "Bij oma thuis")
        self.assertAlmostEqual(plan.conference_time, 19.5)
        self.assertGreater(plan.date_conference, fields.Date.today())
        self.assertEqual(sorted(plan.section_ids.mapped("name")), ["School", "Wonen"])
        self.assertEqual(plan.state, "submitted")
        self.assertFalse(plan.has_family_draft)
        self.assertEqual(plan.version_ids.trigger, "ready")
        types = plan.activity_ids.filtered(
            lambda a: a.user_id == self.professional
        ).activity_type_id
        for xmlid in ("mail_activity_type_fgp_meeting", "mail_activity_type_fgp_align"):
            self.assertIn(self.env.ref(f"fgp_odoo_addon.{xmlid}"), types)
        sources = set(plan.agreement_ids.mapped("source"))
        self.assertEqual(sources, {"community", "professional"})

        # She downloads the PDF: the route answers her (Odoo gives the page
        # instead of the file while it runs tests) ...
        self.authenticate(self.mother.login, self.mother.login)
        response = self.url_open(f"/my/plans/{plan.id}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Buurthuis De Brug", response.text)
        # ... and the file itself, as the route makes it, read back as text.
        text = self.pdf_text(plan)
        for expected in (
            "Plan familie De Boer",
            "Wonen",
            "verhuisdozen",
            "School",
            "Buurthuis De Brug",
            "schulden",
            "Fatima Amrani",
        ):
            self.assertIn(expected, text)
        self.assertRegex(text, r"\b\d{2}-\d{2}-\d{4}\b")

        # The professional invites the sister, who stands behind the plan.
        sister = self._invite(sandra.partner_id)
        self.browser_size = PHONE
        self.start_tour(
            f"/my/plans/{plan.id}",
            "fgp_portal_sister_stands_behind",
            login=sister.login,
        )
        self.env.invalidate_all()
        self.assertEqual(plan.endorsement_ids.member_id, sandra)
        self.assertEqual(plan.endorsement_ids.version_id, plan.version_ids)

        # The professional sees all of it in the back office.
        self.browser_size = "1366x768"
        self.start_tour(
            f"/odoo/action-fgp_odoo_addon.fgp_plan_action/{plan.id}",
            "fgp_backoffice_professional_sees_it",
            login=self.professional.login,
        )
