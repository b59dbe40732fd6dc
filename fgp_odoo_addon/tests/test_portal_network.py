from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_portal import FgpPortalCase

LANG = "nl_NL"


def born(years):
    return fields.Date.today() - relativedelta(years=years, days=30)


class NetworkCase(FgpPortalCase):
    """The portal world with its families reading Dutch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon"], [LANG], overwrite=True
        )
        (cls.marie | cls.oma | cls.piet | cls.karin).lang = LANG

    def post(self, plan, path, **data):
        data["csrf_token"] = http.Request.csrf_token(self)
        response = self.url_open(f"/my/plans/{plan.id}/{path}", data=data)
        # what the request wrote, not this test's cache of before it
        self.env.invalidate_all()
        return response


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalNetwork(NetworkCase):
    """The family holds the pen: network, contact person, meeting, ready plan
    and who stands behind it, in the portal (models/fgp_plan_network.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tim = cls.env["res.partner"].create(
            {"name": "Tim Jansen", "fgp_birthdate": born(8)}
        )
        cls.draft_plan.youth_ids = cls.tim
        cls.existing = cls.env["res.partner"].create(
            {"name": "Els Jansen", "email": "els@example.nl", "phone": "0612345678"}
        )

    def notes(self, plan):
        return plan.message_ids.filtered(lambda m: m.message_type == "comment")

    def add_els(self, **extra):
        data = {
            "name": "Els Jansen",
            "relation": "tante",
            "email": "els@example.nl",
            "role": "relative",
        }
        return self.post(self.draft_plan, "network/add", **dict(data, **extra))

    def member(self, name, plan=None):
        return (plan or self.draft_plan).network_member_ids.filtered(
            lambda m: m.partner_id.name == name
        )

    def test_add_member_makes_a_new_contact_and_asks_consent(self):
        """A parent adds her sister: a new contact (never the existing one with
        the same name and e-mail, even when its id is sent), consent asked from
        the parent for a child under 12, the change in the chatter."""
        self.login(self.marie)
        response = self.add_els(partner_id=str(self.existing.id))
        self.assertEqual(response.status_code, 200)
        self.assertIn("De persoon is toegevoegd", response.text)
        els = self.member("Els Jansen")
        self.assertEqual(len(els), 1)
        self.assertNotEqual(els.partner_id, self.existing)
        self.assertEqual(els.partner_id.email, "els@example.nl")
        self.assertEqual(els.relation, "tante")
        self.assertFalse(els.consent_date)
        self.assertIn("Els Jansen", self.notes(self.draft_plan)[0].body)
        self.assertEqual(
            self.notes(self.draft_plan)[0].author_id, self.marie.partner_id
        )
        # The request on the plan page, and the consent it records
        self.assertIn("o_fgp_consent_request", response.text)
        response = self.post(self.draft_plan, "network/consent", member_id=str(els.id))
        self.assertIn("Je toestemming is opgeslagen", response.text)
        # the day as the member who gave it has it
        today = fields.Date.context_today(els.with_user(self.marie))
        self.assertEqual(els.consent_parents_date, today)
        self.assertTrue(els.consent_date)
        note = self.notes(self.draft_plan)[0]
        self.assertEqual(note.author_id, self.marie.partner_id)
        self.assertIn("Els Jansen", note.body)
        self.assertNotIn("o_fgp_consent_request", response.text)
        log = self.env["fgp.access.log"].search(
            [
                ("res_model", "=", "fgp.network.member"),
                ("res_id", "=", els.id),
                ("user_id", "=", self.marie.id),
            ]
        )
        self.assertTrue(log, "the portal's writes are in the access log")

    def test_bad_input_is_refused_next_to_the_field(self):
        """Empty name, bad phone or e-mail, no way to invite, a role the family
        cannot give: a Dutch message next to the field, nothing written."""
        self.login(self.marie)
        before = len(self.draft_plan.network_member_ids)
        for data, field, text in (
            ({"name": " "}, "name", "Schrijf de naam"),
            ({"phone": "bel me"}, "phone", "telefoonnummer"),
            ({"email": "geen adres"}, "email", "e-mailadres"),
            ({"email": ""}, "phone", "telefoonnummer of een e-mailadres"),
            ({"role": "parent"}, "role", "Kies een rol"),
            ({"relation": "x" * 600}, "relation", "te lang"),
        ):
            with self.subTest(field=field):
                response = self.add_els(**data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(text, response.text)
                self.assertIn('id="fgp_member_add_message"', response.text)
                self.assertRegex(
                    response.text,
                    rf'name="{field}"[^>]*aria-describedby="fgp_member_add_message"'
                    rf'|aria-describedby="fgp_member_add_message"[^>]*name="{field}"'
                    rf'|name="{field}"[^>]*aria-invalid="true"',
                )
                self.draft_plan.invalidate_recordset()
                self.assertEqual(len(self.draft_plan.network_member_ids), before)

    def test_contact_person(self):
        """The network chooses its contact person and changes it; only someone
        who may see the plan."""
        self.login(self.marie)
        oma = self.member("Truus Jansen")
        response = self.post(
            self.draft_plan, "network/contact_person", member_id=str(oma.id)
        )
        self.assertIn("De contactpersoon is opgeslagen", response.text)
        self.assertEqual(self.draft_plan.designated_member_id, oma)
        self.add_els()
        els = self.member("Els Jansen")
        response = self.post(
            self.draft_plan, "network/contact_person", member_id=str(els.id)
        )
        self.assertIn("nog geen toestemming", response.text)
        self.assertEqual(self.draft_plan.designated_member_id, oma)
        self.post(self.draft_plan, "network/consent", member_id=str(els.id))
        self.post(self.draft_plan, "network/contact_person", member_id=str(els.id))
        self.draft_plan.invalidate_recordset()
        self.assertEqual(self.draft_plan.designated_member_id, els)
        self.assertFalse(oma.is_designated)

    def test_remove_member(self):
        """Taking someone out of the network; not yourself, not a parent, not
        someone who still has agreements."""
        self.login(self.marie)
        self.add_els()
        els = self.member("Els Jansen")
        response = self.post(self.draft_plan, "network/remove", member_id=str(els.id))
        self.assertIn("uit het netwerk gehaald", response.text)
        self.assertFalse(els.exists())
        self.assertIn("Els Jansen", self.notes(self.draft_plan)[0].body)
        me = self.member("Marie Jansen")
        response = self.post(self.draft_plan, "network/remove", member_id=str(me.id))
        self.assertIn("Ouders", response.text)
        self.assertTrue(me.exists())
        # Another plan's member is no choice here
        response = self.post(
            self.draft_plan, "network/remove", member_id=str(self.m_karin.id)
        )
        self.assertIn("hoort niet bij dit plan", response.text)
        self.assertTrue(self.m_karin.exists())

    def test_meeting(self):
        """The family proposes date, time and place; every member sees it, the
        professional gets an activity."""
        self.login(self.marie)
        day = fields.Date.today() + relativedelta(days=10)
        for data, text in (
            ({"date": "morgen"}, "dag-maand-jaar"),
            ({"date": "01-01-2020"}, "vanaf vandaag"),
            ({"time": "25:00"}, "uren:minuten"),
            ({"place": ""}, "Schrijf waar"),
        ):
            with self.subTest(data=data):
                values = dict(
                    {"date": day.isoformat(), "time": "19:30", "place": "Bij oma"},
                    **data,
                )
                response = self.post(self.draft_plan, "meeting", **values)
                self.assertIn(text, response.text)
                self.assertIn('id="fgp_meeting_message"', response.text)
                self.assertFalse(self.draft_plan.date_conference)
        response = self.post(
            self.draft_plan,
            "meeting",
            date=day.strftime("%d-%m-%Y"),
            time="19:30",
            place="Bij oma thuis",
        )
        self.assertIn("De bijeenkomst is opgeslagen", response.text)
        self.assertEqual(self.draft_plan.date_conference, day)
        self.assertEqual(self.draft_plan.conference_place, "Bij oma thuis")
        self.assertAlmostEqual(self.draft_plan.conference_time, 19.5)
        activity = self.draft_plan.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("fgp_odoo_addon.mail_activity_type_fgp_meeting")
        )
        self.assertEqual(activity.user_id, self.professional)
        # Oma, not a parent, sees it but cannot change it
        self.login(self.oma)
        page = self.url_open(f"/my/plans/{self.draft_plan.id}").text
        self.assertIn("Bij oma thuis", page)
        self.assertIn("19:30", page)
        self.assertNotIn('action="/my/plans/%d/meeting"' % self.draft_plan.id, page)
        response = self.post(self.draft_plan, "meeting", date=day.isoformat())
        self.assertIn("Alleen een ouder", response.text)

    def test_ready_and_endorse(self):
        """ "Ons plan is klaar" shares the drafts and submits the plan through the
        lifecycle; each member then stands behind that version, once."""
        self.login(self.marie)
        response = self.post(self.draft_plan, "ready")
        self.assertIn("geen hoofdstukken", response.text)
        self.assertEqual(self.draft_plan.state, "preparing")
        self.post(
            self.draft_plan, "section/save", name="Wonen", body="We blijven hier."
        )
        self.assertTrue(self.draft_plan.has_family_draft)
        response = self.post(self.draft_plan, "ready")
        self.assertIn("Je plan is klaar", response.text)
        self.draft_plan.invalidate_recordset()
        self.assertEqual(self.draft_plan.state, "submitted")
        self.assertFalse(self.draft_plan.has_family_draft)
        version = self.draft_plan.version_ids
        self.assertEqual(version.trigger, "ready")
        self.assertIn("Wonen", version.snapshot_html)
        align = self.env.ref("fgp_odoo_addon.mail_activity_type_fgp_align")
        self.assertIn(align, self.draft_plan.activity_ids.activity_type_id)
        self.assertIn("Ik sta achter dit plan", response.text)
        response = self.post(self.draft_plan, "endorse")
        self.assertIn("Je staat achter dit plan", response.text)
        self.login(self.oma)
        self.post(self.draft_plan, "endorse")
        response = self.post(self.draft_plan, "endorse")
        self.assertIn("al gezegd", response.text)
        endorsements = self.draft_plan.endorsement_ids
        self.assertEqual(
            endorsements.member_id.partner_id,
            self.marie.partner_id | self.oma.partner_id,
        )
        self.assertEqual(endorsements.version_id, version)
        self.assertEqual(version.endorsement_ids, endorsements)

    def test_relink_by_the_professional(self):
        """Only the professional, after checking, links the family's new contact
        to an existing contact of the organisation."""
        self.login(self.marie)
        self.add_els()
        els = self.member("Els Jansen")
        added = els.partner_id
        wizard = (
            self.env["fgp.network.member.relink"]
            .with_user(self.professional)
            .create({"member_id": els.id, "partner_id": self.existing.id})
        )
        with self.assertRaises(UserError):
            wizard.action_relink()
        wizard.confirmed = True
        wizard.action_relink()
        self.assertEqual(els.partner_id, self.existing)
        self.assertFalse(added.active)
        self.assertIn("Els Jansen", self.draft_plan.message_ids[0].body)


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackPortalNetwork(NetworkCase):
    """Consent and roles on the network routes: who may not, changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.youth_user = cls._make_user(
            "fgp_youth14", "Sem Jansen", "base.group_portal"
        )
        cls.youth_user.lang = LANG
        cls.youth_user.partner_id.fgp_birthdate = born(14)
        cls.older_user = cls._make_user(
            "fgp_youth17", "Lot Jansen", "base.group_portal"
        )
        cls.older_user.lang = LANG
        cls.older_user.partner_id.fgp_birthdate = born(17)
        cls.draft_plan.youth_ids = cls.youth_user.partner_id | cls.older_user.partner_id
        for user in (cls.youth_user, cls.older_user):
            member = cls._member(cls.draft_plan, user, "youth", "kind", True)
            member.write(
                {
                    "consent_youth_date": fields.Date.today(),
                    "consent_parents_date": fields.Date.today(),
                }
            )
        cls._member(cls.draft_plan, cls.piet, "neighbour", "buurman", False)
        cls.existing = cls.env["res.partner"].create(
            {"name": "Bestaand Contact", "email": "bestaand@example.nl"}
        )

    def state(self):
        self.env.invalidate_all()
        plan = self.draft_plan
        return (
            tuple(plan.network_member_ids.mapped("partner_id").ids),
            plan.designated_member_id.id,
            plan.date_conference,
            plan.state,
            len(plan.endorsement_ids),
            len(plan.message_ids),
        )

    def routes(self):
        member = str(self.m_oma.id)
        return (
            (
                "network/add",
                {"name": "Indringer", "email": "x@example.nl", "role": "friend"},
            ),
            ("network/remove", {"member_id": member}),
            ("network/contact_person", {"member_id": member}),
            ("network/consent", {"member_id": member}),
            ("meeting", {"date": "31-12-2030", "place": "Ergens"}),
            ("ready", {}),
            ("endorse", {}),
        )

    def test_outsiders_change_nothing(self):
        """A member without consent, a parent of another plan: every network
        route of this plan changes nothing and shows nothing."""
        for user in (self.piet, self.karin):
            self.login(user)
            for path, data in self.routes():
                with self.subTest(user=user.login, path=path):
                    before = self.state()
                    response = self.post(self.draft_plan, path, **data)
                    self.assertNotEqual(response.status_code, 500)
                    self.assertNotIn("Nieuw plan familie Jansen", response.text)
                    self.assertEqual(self.state(), before)

    def test_youth_under_16_does_not_manage_the_network(self):
        """A young person of 14 reads the plan but does not change the network,
        the contact person, the meeting or submit the plan; at 17 they do."""
        self.login(self.youth_user)
        for path, data in self.routes()[:3] + self.routes()[4:6]:
            with self.subTest(path=path):
                before = self.state()
                response = self.post(self.draft_plan, path, **data)
                self.assertIn("Alleen een ouder, of een jongere van 16", response.text)
                self.assertEqual(self.state(), before)
        self.login(self.older_user)
        path, data = self.routes()[0]
        response = self.post(self.draft_plan, path, **data)
        self.assertIn("De persoon is toegevoegd", response.text)

    def test_no_link_to_an_existing_partner(self):
        """Whatever ids a portal user sends, the person added is a new contact:
        no existing partner ends up in the family's network."""
        self.login(self.marie)
        for key in ("partner_id", "partner", "member_id", "id"):
            with self.subTest(key=key):
                self.post(
                    self.draft_plan,
                    "network/add",
                    name="Bestaand Contact",
                    email="bestaand@example.nl",
                    role="friend",
                    **{key: str(self.existing.id)},
                )
        self.assertNotIn(self.existing, self.draft_plan.network_member_ids.partner_id)
        self.assertFalse(self.existing.sudo().fgp_is_client)

    def test_consent_only_from_the_right_person(self):
        """For a young person of 14 and one of 17, the young people's consent is
        theirs: a parent's click records only the parents' consent; oma's
        records nothing."""
        self.login(self.marie)
        self.post(
            self.draft_plan,
            "network/add",
            name="Buurvrouw Ans",
            phone="0611111111",
            role="neighbour",
        )
        ans = self.draft_plan.network_member_ids.filtered(
            lambda m: m.partner_id.name == "Buurvrouw Ans"
        )
        self.post(self.draft_plan, "network/consent", member_id=str(ans.id))
        self.assertTrue(ans.consent_parents_date)
        self.assertFalse(ans.consent_youth_date)
        self.assertFalse(ans.consent_date)
        self.login(self.oma)
        response = self.post(self.draft_plan, "network/consent", member_id=str(ans.id))
        self.assertIn("niet gevraagd", response.text)
        self.login(self.youth_user)
        self.post(self.draft_plan, "network/consent", member_id=str(ans.id))
        self.assertTrue(ans.consent_youth_date)
        self.assertTrue(ans.consent_date)
        self.assertEqual(
            self.draft_plan.message_ids[0].author_id, self.youth_user.partner_id
        )

    def test_relink_is_the_professionals(self):
        """A portal user cannot use the re-link wizard."""
        member = self.member_of_plan()
        with self.assertRaises(AccessError):
            self.env["fgp.network.member.relink"].with_user(self.marie).create(
                {"member_id": member.id, "partner_id": self.existing.id}
            )
        self.assertNotEqual(member.partner_id, self.existing)

    def member_of_plan(self):
        return self.draft_plan.network_member_ids[:1]
