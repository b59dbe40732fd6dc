from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.mail.tests.common import MockEmail

from .common_portal import FgpPortalCase
from .world import load_dutch


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalPages(FgpPortalCase):
    """What each person sees at /my and /my/plans."""

    def test_home_counter(self):
        """The portal home counts the plans the user is a consented member of."""
        self.login(self.marie)
        res = self.url_open("/my")
        self.assertEqual(res.status_code, 200)
        self.assertIn("/my/plans", res.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["fgp_plan_count"]}
        )
        self.assertEqual(counters["fgp_plan_count"], 3)
        self.login(self.piet)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["fgp_plan_count"]}
        )
        self.assertEqual(counters["fgp_plan_count"], 0)

    def test_list_own_plans_only(self):
        """The list shows the family's own plans with state, never another family's."""
        self.login(self.marie)
        res = self.url_open("/my/plans")
        self.assertEqual(res.status_code, 200)
        self.assertIn("Plan familie Jansen", res.text)
        self.assertIn("Oud plan familie Jansen", res.text)
        # the state in the family's words, not the back office's
        self.assertIn("We are working with the plan", res.text)
        self.assertNotIn("De Vries", res.text)

    def test_list_without_consent_is_empty(self):
        """A network member without consent sees no plan."""
        self.login(self.piet)
        res = self.url_open("/my/plans")
        self.assertEqual(res.status_code, 200)
        self.assertNotIn("Plan familie Jansen", res.text)

    def test_plan_page(self):
        """The plan page shows chapters, questions, agreements, network and safety."""
        self.login(self.marie)
        res = self.url_open(f"/my/plans/{self.plan.id}")
        self.assertEqual(res.status_code, 200)
        html = res.text
        for text in (
            "Plan familie Jansen",
            "School",
            "Tim gaat graag.",
            "Wie brengt Tim naar school?",
            "Oma brengt Tim op dinsdag naar school",
            "Truus Jansen",
            "oma",
            "Piet Buurman",
            "Tim slaapt elke nacht thuis",
            "In order",
            "Contact person of your network",
            "Next time to look back together",
        ):
            self.assertIn(text, html)
        # Never the professional's notes or assessment, nor others' contact details.
        for secret in (
            "GEHEIME-WERKAANTEKENING",
            "Besproken met Marie.",
            "06-99887766",
            "truus.jansen@example.nl",
            "De Vries",
        ):
            self.assertNotIn(secret, html)

    def test_json_never_gives_professional_notes(self):
        """Through JSON-RPC a portal user reads neither notes nor restricted fields."""
        self.login(self.marie)
        for model, method, args in (
            ("fgp.plan", "read", [[self.plan.id], ["note_ids"]]),
            ("fgp.plan", "read", [[self.plan.id], ["exemption_motivation"]]),
            ("fgp.professional.note", "search_read", [[], ["body"]]),
        ):
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {"model": model, "method": method, "args": args, "kwargs": {}},
                )

    def test_only_own_agreements_have_buttons(self):
        """Marie gets the 'done' button for her own agreement, not for oma's."""
        self.login(self.marie)
        html = self.url_open(f"/my/plans/{self.plan.id}").text
        self.assertIn(f"/agreement/{self.agreement_marie.id}/done", html)
        self.assertNotIn(f"/agreement/{self.agreement_oma.id}/done", html)

    def test_closed_plan_is_read_only(self):
        """A closed plan can be read but shows no forms."""
        self.login(self.marie)
        res = self.url_open(f"/my/plans/{self.closed_plan.id}")
        self.assertEqual(res.status_code, 200)
        self.assertIn("Wonen", res.text)
        self.assertNotIn("/section/save", res.text)


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalRefusals(FgpPortalCase):
    """Whatever is refused leaks nothing and changes nothing."""

    def assertRefused(self, res, *absent):
        self.assertEqual(res.status_code, 200)
        self.assertTrue(res.url.rstrip("/").endswith("/my"), res.url)
        for text in absent:
            self.assertNotIn(text, res.text)

    def test_other_family(self):
        """Marie cannot open the De Vries plan."""
        self.login(self.marie)
        res = self.url_open(f"/my/plans/{self.other_plan.id}")
        self.assertRefused(res, "De Vries", "Karin")

    def test_without_consent(self):
        """Piet is in the network but without consent: refused."""
        self.login(self.piet)
        res = self.url_open(f"/my/plans/{self.plan.id}")
        self.assertRefused(res, "Plan familie Jansen", "Tim gaat graag")

    def test_missing_plan(self):
        """A plan id that does not exist is refused like any other."""
        self.login(self.marie)
        self.assertRefused(self.url_open("/my/plans/999999"))

    def test_access_token_never_widens(self):
        """No access token, wrong or right, opens a plan outside one's network."""
        token = self.plan.sudo()._portal_ensure_token()
        self.login(self.karin)
        res = self.url_open(f"/my/plans/{self.plan.id}?access_token=wrong")
        self.assertRefused(res, "Plan familie Jansen")
        res = self.url_open(f"/my/plans/{self.plan.id}?access_token={token}")
        self.assertRefused(res, "Plan familie Jansen")

    def test_anonymous(self):
        """Without login the portal asks to log in."""
        res = self.url_open(f"/my/plans/{self.plan.id}")
        self.assertIn("/web/login", res.url)
        self.assertNotIn("Tim gaat graag", res.text)

    def test_write_other_family(self):
        """Marie cannot add a chapter to the De Vries plan."""
        self.login(self.marie)
        count = len(self.other_plan.section_ids)
        res = self._post(f"/my/plans/{self.other_plan.id}/section/save", name="Hack")
        self.assertRefused(res, "De Vries")
        self.assertEqual(len(self.other_plan.section_ids), count)

    def test_mark_other_members_agreement(self):
        """Marie cannot mark oma's agreement done."""
        self.login(self.marie)
        res = self._post(
            f"/my/plans/{self.plan.id}/agreement/{self.agreement_oma.id}/done"
        )
        self.assertRefused(res)
        self.assertEqual(self.agreement_oma.state, "open")

    def test_forged_agreement_id(self):
        """An agreement of another plan through this plan's URL is refused."""
        self.login(self.karin)
        res = self._post(
            f"/my/plans/{self.other_plan.id}/agreement/{self.agreement_oma.id}/done"
        )
        self.assertRefused(res, "Oma brengt")
        self.assertEqual(self.agreement_oma.state, "open")
        res = self._post(
            f"/my/plans/{self.other_plan.id}/agreement/{self.agreement_oma.id}/remark",
            remark="Gehackt",
        )
        self.assertRefused(res)
        self.assertFalse(self.agreement_oma.remark)

    def test_forged_section_id(self):
        """A chapter of another plan can be neither changed nor removed."""
        self.login(self.marie)
        res = self._post(
            f"/my/plans/{self.plan.id}/section/save",
            section_id=self.other_section.id,
            name="Overgenomen",
        )
        self.assertRefused(res)
        self.assertEqual(self.other_section.name, "Geld")
        res = self._post(
            f"/my/plans/{self.plan.id}/section/{self.other_section.id}/remove"
        )
        self.assertRefused(res)
        self.assertTrue(self.other_section.exists())

    def test_forged_member_in_agreement(self):
        """An agreement cannot name someone from another family's network."""
        self.login(self.marie)
        count = len(self.plan.agreement_ids)
        res = self._post(
            f"/my/plans/{self.plan.id}/agreement/add",
            description="Karin doet iets",
            member_id=self.m_karin.id,
        )
        self.assertRefused(res)
        self.assertEqual(len(self.plan.agreement_ids), count)

    def test_closed_plan_write(self):
        """A closed plan cannot be changed: a clear message, nothing written."""
        self.login(self.marie)
        count = len(self.closed_plan.section_ids)
        res = self._post(
            f"/my/plans/{self.closed_plan.id}/section/save", name="Nieuw", body="x"
        )
        self.assertEqual(res.status_code, 200)
        self.assertIn("can no longer be changed", res.text)
        self.assertEqual(len(self.closed_plan.section_ids), count)

    def test_without_csrf(self):
        """A POST without CSRF token is rejected and changes nothing."""
        self.login(self.oma)
        res = self.url_open(
            f"/my/plans/{self.plan.id}/agreement/{self.agreement_oma.id}/done",
            data={"x": "1"},
        )
        self.assertEqual(res.status_code, 400)
        self.assertEqual(self.agreement_oma.state, "open")

    def test_get_on_write_route(self):
        """The write routes only accept POST."""
        self.login(self.oma)
        res = self.url_open(
            f"/my/plans/{self.plan.id}/agreement/{self.agreement_oma.id}/done"
        )
        self.assertEqual(res.status_code, 405)
        self.assertEqual(self.agreement_oma.state, "open")


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalWrites(FgpPortalCase):
    """The family writes; every change is in the chatter as done by that person."""

    post_status = 200

    def _last_note(self, plan):
        return plan.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )[:1]

    def test_write_chapter(self):
        """Marie adds and renames a chapter of the active plan."""
        self.login(self.marie)
        res = self._post(
            f"/my/plans/{self.plan.id}/section/save",
            name="Vrije tijd",
            body="Tim wil op voetbal.",
        )
        self.assertIn("Tim wil op voetbal.", res.text)
        section = self.plan.section_ids.filtered(lambda s: s.name == "Vrije tijd")
        self.assertTrue(section)
        self.assertFalse(section.is_family_draft)
        note = self._last_note(self.plan)
        self.assertEqual(note.author_id, self.marie.partner_id)
        self.assertIn("Vrije tijd", note.body)
        self._post(
            f"/my/plans/{self.plan.id}/section/save",
            section_id=section.id,
            name="Sport",
            body="Voetbal op zaterdag.",
        )
        self.assertEqual(section.name, "Sport")
        self.assertIn("Voetbal op zaterdag.", section.body)

    def test_remove_chapter(self):
        """Marie removes a chapter: the family decides its chapters."""
        self.login(self.marie)
        self._post(f"/my/plans/{self.plan.id}/section/{self.section.id}/remove")
        self.assertFalse(self.section.exists())
        self.assertIn("School", self._last_note(self.plan).body)

    def test_add_question_and_agreement(self):
        """Marie adds a help question and an agreement for oma."""
        self.login(self.marie)
        self._post(f"/my/plans/{self.plan.id}/question/add", name="Wie kookt?")
        question = self.plan.question_ids.filtered(lambda q: q.name == "Wie kookt?")
        self.assertTrue(question)
        self._post(
            f"/my/plans/{self.plan.id}/agreement/add",
            description="Oma kookt op woensdag",
            member_id=self.m_oma.id,
            question_id=question.id,
            deadline="2099-01-31",
        )
        agreement = self.plan.agreement_ids.filtered(
            lambda a: a.description == "Oma kookt op woensdag"
        )
        self.assertEqual(agreement.member_id, self.m_oma)
        self.assertEqual(agreement.question_id, question)
        self.assertEqual(self._last_note(self.plan).author_id, self.marie.partner_id)

    def test_invalid_agreement_leaves_nothing(self):
        """A deadline before the offer date is refused with a message, nothing saved."""
        self.login(self.marie)
        count = len(self.plan.agreement_ids)
        res = self._post(
            f"/my/plans/{self.plan.id}/agreement/add",
            description="Te laat",
            member_id=self.m_oma.id,
            deadline="2000-01-01",
        )
        self.assertIn("alert-danger", res.text)
        self.assertEqual(len(self.plan.agreement_ids), count)

    def test_oma_marks_done_and_remarks(self):
        """Oma marks her own agreement done and adds a remark, in her name."""
        self.login(self.oma)
        self._post(f"/my/plans/{self.plan.id}/agreement/{self.agreement_oma.id}/done")
        self.assertEqual(self.agreement_oma.state, "done")
        self.assertTrue(self.agreement_oma.date_done)
        self.assertEqual(self._last_note(self.plan).author_id, self.oma.partner_id)
        self._post(
            f"/my/plans/{self.plan.id}/agreement/{self.agreement_oma.id}/remark",
            remark="Tim was op tijd.",
        )
        self.assertEqual(self.agreement_oma.remark, "Tim was op tijd.")
        note = self._last_note(self.plan)
        self.assertEqual(note.author_id, self.oma.partner_id)
        self.assertIn("Tim was op tijd.", note.body)


@tagged("post_install", "-at_install", "fgp_http")
class TestPrivateFamilyTime(FgpPortalCase):
    """While preparing, the family's portal work is private until shared."""

    post_status = 200

    def test_draft_hidden_until_shared(self):
        """The professional sees that a draft exists, not what it says, until shared."""
        plan = self.draft_plan
        self.login(self.marie)
        self._post(
            f"/my/plans/{plan.id}/section/save",
            name="Ons geheim hoofdstuk",
            body="ALLEEN-VOOR-DE-FAMILIE",
        )
        self._post(f"/my/plans/{plan.id}/question/add", name="PRIVE-VRAAG")
        self._post(
            f"/my/plans/{plan.id}/agreement/add",
            description="PRIVE-AFSPRAAK",
            member_id=self.md_marie.id,
        )
        # Oma, in the same network, sees the draft.
        self.login(self.oma)
        html = self.url_open(f"/my/plans/{plan.id}").text
        self.assertIn("ALLEEN-VOOR-DE-FAMILIE", html)
        self.assertIn("PRIVE-AFSPRAAK", html)

        prof_plan = plan.with_user(self.professional)
        self.assertTrue(prof_plan.has_family_draft)
        self.assertTrue(prof_plan.family_draft_date)
        self.assertFalse(prof_plan.section_ids)
        self.assertFalse(prof_plan.question_ids)
        self.assertFalse(prof_plan.agreement_ids)
        for model in ("fgp.plan.section", "fgp.help.question", "fgp.agreement"):
            self.assertFalse(
                self.env[model]
                .with_user(self.professional)
                .search([("plan_id", "=", plan.id)]),
                model,
            )
        messages = self.env["mail.message"].search(
            [("model", "in", ("fgp.plan", "fgp.agreement"))]
        )
        for secret in ("ALLEEN-VOOR-DE-FAMILIE", "PRIVE-VRAAG", "PRIVE-AFSPRAAK"):
            self.assertFalse(messages.filtered(lambda m, s=secret: s in (m.body or "")))

        # The family shares: now the professional sees it, and who shared it.
        self.login(self.marie)
        self._post(f"/my/plans/{plan.id}/share")
        self.assertFalse(prof_plan.has_family_draft)
        self.assertEqual(prof_plan.section_ids.name, "Ons geheim hoofdstuk")
        self.assertEqual(prof_plan.question_ids.name, "PRIVE-VRAAG")
        self.assertEqual(prof_plan.agreement_ids.description, "PRIVE-AFSPRAAK")
        note = plan.message_ids[:1]
        self.assertEqual(note.author_id, self.marie.partner_id)
        self.assertIn("Ons geheim hoofdstuk", note.body)

    def test_edit_shared_content_becomes_draft(self):
        """A shared chapter the family edits while preparing is a draft again."""
        plan = self.draft_plan
        section = self.env["fgp.plan.section"].create(
            {"plan_id": plan.id, "name": "Gedeeld"}
        )
        self.login(self.marie)
        self._post(
            f"/my/plans/{plan.id}/section/save",
            section_id=section.id,
            name="Gedeeld",
            body="Nieuwe tekst",
        )
        # Not even sudo() sees a draft, unless it acts for the family.
        self.assertTrue(section._fgp_for_family().is_family_draft)
        self.assertFalse(plan.with_user(self.professional).section_ids)

    def test_draft_stays_private_after_preparing(self):
        """A draft not shared before the plan was submitted stays private."""
        plan = self.draft_plan
        self.login(self.marie)
        self._post(
            f"/my/plans/{plan.id}/agreement/add",
            description="PRIVE-AFSPRAAK",
            member_id=self.md_marie.id,
        )
        # What the professional submits is what was shared, not the draft.
        self.env["fgp.plan.section"].create({"plan_id": plan.id, "name": "Hoofdstuk"})
        plan.action_submit()
        agreement = plan._fgp_for_family().agreement_ids
        self._post(
            f"/my/plans/{plan.id}/agreement/{agreement.id}/remark",
            remark="PRIVE-OPMERKING",
        )
        self.assertEqual(agreement.remark, "PRIVE-OPMERKING")
        self.assertTrue(agreement.is_family_draft)
        self.assertFalse(plan.agreement_ids, "sudo() does not see the draft either")
        self.assertFalse(plan.with_user(self.professional).agreement_ids)
        self.assertFalse(
            self.env["mail.message"].search([("body", "ilike", "PRIVE-OPMERKING")])
        )

    def test_professional_cannot_share(self):
        """Only the family shares its draft: the professional cannot clear it."""
        plan = self.draft_plan
        self.login(self.marie)
        self._post(f"/my/plans/{plan.id}/question/add", name="Vraag")
        with self.assertRaises(Exception):  # noqa: B017 - AccessError, any refusal
            plan.with_user(self.professional).action_share_family_draft()
        self.assertTrue(plan.has_family_draft)


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalInvitation(FgpPortalCase, MockEmail):
    """The professional invites the consented network through Odoo's portal wizard."""

    def test_invite_consented_members(self):
        """Only members with consent are proposed; the invitation, in Dutch, names
        the plan."""
        load_dutch(self.env, ("portal", "fgp_odoo_addon"), overwrite=False)
        self.professional.lang = "nl_NL"
        partner = self.env["res.partner"].create(
            {"name": "Henk Jansen", "email": "henk@example.nl", "lang": "nl_NL"}
        )
        no_consent = self.env["res.partner"].create(
            {"name": "Zonder Toestemming", "email": "zonder@example.nl"}
        )
        self.env["fgp.network.member"].create(
            [
                {
                    "plan_id": self.plan.id,
                    "partner_id": partner.id,
                    "role": "relative",
                    "consent_date": "2026-01-01",
                },
                {
                    "plan_id": self.plan.id,
                    "partner_id": no_consent.id,
                    "role": "friend",
                },
            ]
        )
        professional_plan = self.plan.with_user(self.professional).with_context(
            lang="nl_NL"
        )
        action = professional_plan.action_invite_network()
        wizard = self.env["portal.wizard"].browse(action["res_id"])
        self.assertIn(partner, wizard.partner_ids)
        self.assertNotIn(no_consent, wizard.partner_ids)
        self.assertNotIn(self.piet.partner_id, wizard.partner_ids)
        self.assertIn("Je bent uitgenodigd", wizard.welcome_message)
        self.assertIn("Plan familie Jansen", wizard.welcome_message)
        wizard_user = wizard.user_ids.filtered(lambda u: u.partner_id == partner)
        with self.mock_mail_gateway():
            wizard_user.with_user(self.professional).action_grant_access()
        self.assertTrue(wizard_user.user_id._is_portal())
        mail = self._new_mails.filtered(lambda m: "henk@example.nl" in m.email_to)
        self.assertEqual(len(mail), 1)
        self.assertIn("Plan familie Jansen", mail.body_html)
        self.assertIn("Beste Henk Jansen", mail.body_html)
