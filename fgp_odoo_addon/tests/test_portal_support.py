import re
import subprocess
import tempfile
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields, http
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_portal import FgpPortalCase

DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


def pdf_text(content):
    """The text a reader of the PDF sees (pdftotext, as the issue asks)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


class SupportCase(FgpPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.write({"phone": "053-1234567", "email": "wijkteam@example.nl"})
        cls.professional.partner_id.phone = "06-11223344"
        # Tim (14) has his own login: a young person of the active plan.
        cls.tim = cls._make_user("fgp_tim", "Tim Jansen", "base.group_portal")
        today = fields.Date.context_today(cls.env["fgp.plan"])
        cls.tim.partner_id.fgp_birthdate = today - relativedelta(years=14)
        cls.plan.youth_ids = [Command.link(cls.tim.partner_id.id)]
        cls.m_tim = cls._member(cls.plan, cls.tim, "youth", "zoon", consent=True)

    def post(self, url, **data):
        data["csrf_token"] = http.Request.csrf_token(self)
        response = self.url_open(url, data=data)
        self.assertEqual(response.status_code, 200)
        return response


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalSolutions(SupportCase):
    """Solutions of all three kinds, and the professional's answer."""

    def test_community_facility_is_a_new_contact(self):
        """An agreement with the community centre: a new organisation, never an
        existing contact of the same name."""
        existing = self.env["res.partner"].create({"name": "Buurthuis De Brug"})
        self.login(self.marie)
        self.post(
            f"/my/plans/{self.plan.id}/agreement/add",
            description="Tim gaat naar huiswerkbegeleiding",
            source="community",
            provider_name="Buurthuis De Brug",
            provider_description="Huiswerkhulp op woensdag",
            member_id=self.m_tim.id,
        )
        agreement = self.plan.agreement_ids.filtered(
            lambda a: a.description == "Tim gaat naar huiswerkbegeleiding"
        )
        self.assertEqual(agreement.source, "community")
        self.assertNotEqual(agreement.provider_id, existing)
        self.assertEqual(agreement.provider_id.name, "Buurthuis De Brug")
        self.assertTrue(agreement.provider_id.is_company)
        self.assertEqual(agreement.provider_description, "Huiswerkhulp op woensdag")
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn("Huiswerkhulp op woensdag", page)

    def test_community_needs_a_name(self):
        self.login(self.marie)
        count = len(self.plan.agreement_ids)
        page = self.post(
            f"/my/plans/{self.plan.id}/agreement/add",
            description="Naar het buurthuis",
            source="community",
        ).text
        self.assertIn("alert-danger", page)
        self.assertEqual(len(self.plan.agreement_ids), count)

    def test_question_for_professional_help(self):
        """A question for professional help becomes an activity for the case
        professional, who answers it in the plan; the family reads the answer."""
        self.login(self.marie)
        self.post(
            f"/my/plans/{self.plan.id}/agreement/add",
            description="Wij willen hulp bij de schulden",
            source="professional",
        )
        agreement = self.plan.agreement_ids.filtered(
            lambda a: a.description == "Wij willen hulp bij de schulden"
        )
        self.assertEqual(agreement.source, "professional")
        self.assertFalse(agreement.member_id)
        activity = self.plan.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("fgp_odoo_addon.mail_activity_type_fgp_help_request")
        )
        self.assertEqual(activity.user_id, self.professional)
        self.assertIn("Wij willen hulp bij de schulden", activity.note)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn("The professional has not answered yet.", page)
        agreement.with_user(
            self.professional
        ).professional_answer = "Ik bel de schuldhulp voor jullie."
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn("Ik bel de schuldhulp voor jullie.", page)

    def test_draft_question_waits_until_shared(self):
        """In private family time the question reaches the professional only
        when the family shares its draft."""
        self.login(self.marie)
        self.post(
            f"/my/plans/{self.draft_plan.id}/agreement/add",
            description="Hulp bij opvoeden",
            source="professional",
        )
        help_type = self.env.ref("fgp_odoo_addon.mail_activity_type_fgp_help_request")
        self.assertFalse(
            self.draft_plan.activity_ids.filtered(
                lambda a: a.activity_type_id == help_type
            )
        )
        self.post(f"/my/plans/{self.draft_plan.id}/share")
        self.draft_plan.invalidate_recordset()
        self.assertTrue(
            self.draft_plan.activity_ids.filtered(
                lambda a: a.activity_type_id == help_type
            )
        )

    def test_feedback_next_to_the_agreement(self):
        """The message after "I did this" is in the agreement's card, read out,
        and the redirect scrolls there."""
        self.login(self.oma)
        url = f"/my/plans/{self.plan.id}/agreement/{self.agreement_oma.id}/done"
        response = self.url_open(
            url,
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertTrue(
            response.headers["Location"].endswith(
                f"#fgp_agreement_{self.agreement_oma.id}"
            )
        )
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        card = page.split(f'id="fgp_agreement_{self.agreement_oma.id}"', 1)[1]
        card = card.split('id="fgp_agreement_', 1)[0]
        self.assertIn("aria-live", card)
        self.assertIn("Well done!", card)

    def test_undo_done_the_same_day(self):
        """ "I did this" is taken back the same day; not a day later."""
        self.login(self.oma)
        base = f"/my/plans/{self.plan.id}/agreement/{self.agreement_oma.id}"
        self.post(f"{base}/done")
        self.assertIn(
            "o_fgp_undo_done", self.url_open(f"/my/plans/{self.plan.id}").text
        )
        self.post(f"{base}/undo")
        self.assertEqual(self.agreement_oma.state, "open")
        self.assertFalse(self.agreement_oma.date_done)
        self.post(f"{base}/done")
        self.agreement_oma.date_done -= timedelta(days=1)
        page = self.post(f"{base}/undo").text
        self.assertIn("alert-danger", page)
        self.assertEqual(self.agreement_oma.state, "done")

    def test_undo_only_own_agreement(self):
        self.agreement_oma.state = "done"
        self.login(self.marie)
        self.post(f"/my/plans/{self.plan.id}/agreement/{self.agreement_oma.id}/undo")
        self.assertEqual(self.agreement_oma.state, "done")

    def test_removing_a_chapter_asks_first(self):
        self.login(self.marie)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn("Do you really want to remove this chapter?", page)
        self.assertIn("o_fgp_confirm_remove", page)


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalYouthVoice(SupportCase):
    """The young person's own words, marked as theirs and counted."""

    def test_young_person_writes_own_words(self):
        self.login(self.tim)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn("This is your plan too.", page)
        self.post(
            f"/my/plans/{self.plan.id}/youth_voice",
            youth_voice="Ik wil bij mama wonen.",
        )
        self.assertEqual(self.plan.youth_voice, "Ik wil bij mama wonen.")
        self.assertEqual(self.plan.youth_voice_by_id, self.tim)
        self.assertTrue(self.plan.youth_voice_date)
        self.assertEqual(self.plan.youth_participation, "co_author")
        self.login(self.marie)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn("Ik wil bij mama wonen.", page)
        self.assertIn("Written by Tim Jansen", page)
        # Someone else changing the text: the words are no longer marked his.
        self.plan.with_user(self.professional).youth_voice = "Tim wil thuis wonen."
        self.assertFalse(self.plan.youth_voice_by_id)
        self.assertFalse(self.plan.youth_voice_date)

    def test_only_the_young_person(self):
        """A parent does not write the young person's words; nor a child under 12."""
        self.login(self.marie)
        page = self.post(
            f"/my/plans/{self.plan.id}/youth_voice", youth_voice="Namens Tim"
        ).text
        self.assertIn("alert-danger", page)
        self.assertFalse(self.plan.youth_voice)
        today = fields.Date.context_today(self.env["fgp.plan"])
        self.tim.partner_id.fgp_birthdate = today - relativedelta(years=11)
        self.login(self.tim)
        self.post(f"/my/plans/{self.plan.id}/youth_voice", youth_voice="Ik ben 11")
        self.assertFalse(self.plan.youth_voice)

    def test_system_fields_refused(self):
        """Nobody marks words as the young person's by hand."""
        with self.assertRaises(UserError):
            self.plan.with_user(self.professional).write(
                {"youth_voice_by_id": self.tim.id}
            )


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalMessages(SupportCase):
    """Reaching the professional: contacts and messages on the plan page."""

    def test_contacts_on_the_plan_page(self):
        self.login(self.marie)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        for text in (
            "Sanne Hulpverlener",
            "06-11223344",
            "fgp_portal_prof@example.nl",
            "Wijkteam Portaal",
            "053-1234567",
            "wijkteam@example.nl",
        ):
            self.assertIn(text, page)

    def test_message_and_reply(self):
        """Marie writes; oma reads it; the professional gets it and answers from
        the back office; never a professional note."""
        family = self.env.ref("fgp_odoo_addon.mt_fgp_family_message")
        notes = self.env["fgp.professional.note"].search_count([])
        self.login(self.marie)
        self.post(f"/my/plans/{self.plan.id}/message", body="Kunt u mij bellen?")
        message = self.plan.message_ids.filtered(lambda m: m.subtype_id == family)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.marie.partner_id)
        self.assertIn(self.professional.partner_id, message.partner_ids)
        self.assertEqual(self.env["fgp.professional.note"].search_count([]), notes)
        action = self.plan.with_user(self.professional).action_fgp_message_family()
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.professional)
            .with_context(**action["context"])
        )
        composer.body = "Ik bel u morgen om tien uur."
        composer.save().action_send_mail()
        self.login(self.oma)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn("Kunt u mij bellen?", page)
        self.assertIn("Ik bel u morgen om tien uur.", page)
        # A member without consent and another family read nothing of it.
        for user in (self.piet, self.karin):
            self.login(user)
            page = self.url_open(f"/my/plans/{self.plan.id}").text
            self.assertNotIn("Kunt u mij bellen?", page)

    def test_empty_message(self):
        self.login(self.marie)
        page = self.post(f"/my/plans/{self.plan.id}/message", body="  ").text
        self.assertIn("alert-danger", page)


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalHelpAndPaper(SupportCase):
    """Help with making the plan, and the plan on paper."""

    def test_help_page(self):
        self.login(self.marie)
        page = self.url_open(f"/my/plans/{self.plan.id}/help").text
        for text in (
            "A right, not a duty",
            "Eigen Kracht Centrale",
            "Eigen Plan",
            "Familiegroepsplan.nl",
            "Who makes sure the children are safe?",
        ):
            self.assertIn(text, page)
        self.env["ir.config_parameter"].set_param(
            "fgp_odoo_addon.help_text_right", "Eigen tekst van de gemeente"
        )
        page = self.url_open(f"/my/plans/{self.plan.id}/help").text
        self.assertIn("Eigen tekst van de gemeente", page)
        self.login(self.karin)
        response = self.url_open(f"/my/plans/{self.plan.id}/help")
        self.assertNotIn("Eigen Kracht Centrale", response.text)

    def test_family_downloads_its_pdf(self):
        """Marie's copy, in Dutch, with 23-11-2026 dates, her drafts, the contact
        person, the safety conditions and lines to sign; printing is logged."""
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon"], ["nl_NL"], overwrite=True
        )
        self.marie.lang = "nl_NL"
        self.env["fgp.plan.section"].create(
            {
                "plan_id": self.draft_plan.id,
                "name": "Concept van Marie",
                "body": "<p>Alleen voor ons</p>",
                "is_family_draft": True,
            }
        )
        self.login(self.marie)
        # Through the page: the route answers the report (as HTML while the
        # tests run: wkhtmltopdf cannot fetch the styles from a server whose
        # one test cursor the request itself holds).
        response = self.url_open(f"/my/plans/{self.plan.id}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Oma brengt Tim op dinsdag naar school", response.text)
        # The file itself, as the route makes it, read back with pdftotext.
        text = self.family_pdf(self.plan)
        for expected in (
            "Plan familie Jansen",
            "Hulpvragen",
            "Wie brengt Tim naar school?",
            "Oma brengt Tim op dinsdag naar school",
            "Truus Jansen",
            "Tim slaapt elke nacht thuis (In orde)",
            "Handtekening",
        ):
            self.assertIn(expected, text)
        # The family's words for a condition's state, not the back office's.
        self.assertNotIn("Voldaan", text)
        self.assertNotIn("GEHEIME-WERKAANTEKENING", text)
        self.assertNotIn("Besproken met Marie.", text)
        self.assertRegex(text, DATE)
        self.assertNotRegex(text, r"\d{4}-\d{2}-\d{2}")
        logged = self.env["fgp.access.log"].search(
            [
                ("res_model", "=", "fgp.plan"),
                ("res_id", "=", self.plan.id),
                ("operation", "=", "print"),
                ("user_id", "=", self.marie.id),
            ]
        )
        self.assertTrue(logged)
        # Her own draft is on her copy of the plan she is preparing.
        self.assertIn("Concept van Marie", self.family_pdf(self.draft_plan))
        # The professional's print of the same plan has no unshared draft.
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.professional)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "fgp_odoo_addon.fgp_family_plan_report", self.draft_plan.ids
            )
        )
        self.assertNotIn("Concept van Marie", pdf_text(pdf))

    def family_pdf(self, plan):
        pdf, report_type = (
            self.env["report.fgp_odoo_addon.report_family_plan"]
            .with_user(self.marie)
            .with_context(force_report_rendering=True, lang="nl_NL")
            ._fgp_render_for_family(plan)
        )
        self.assertEqual(report_type, "pdf")
        return pdf_text(pdf)

    def test_plan_page_links(self):
        self.login(self.marie)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        for url in ("pdf", "versions", "help", "download"):
            self.assertIn(f"/my/plans/{self.plan.id}/{url}", page)
        self.assertIn("What we keep about you", page)
        self.login(self.oma)
        page = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertNotIn("What we keep about you", page)

    def test_no_pdf_outside_the_network(self):
        for user in (self.piet, self.karin):
            self.login(user)
            response = self.url_open(f"/my/plans/{self.plan.id}/pdf")
            self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalSupportTour(SupportCase):
    """Marie on a phone-sized screen, in a real browser."""

    browser_size = "375x667"
    touch_enabled = True

    def test_tour_phone(self):
        self.start_tour(
            f"/my/plans/{self.plan.id}", "fgp_portal_support_phone", login="fgp_marie"
        )
        agreement = self.plan.agreement_ids.filtered(
            lambda a: a.description == "Tim gaat naar huiswerkbegeleiding"
        )
        self.assertEqual(agreement.source, "community")
        self.assertEqual(self.agreement_marie.state, "open")
        self.assertFalse(self.section.exists())
