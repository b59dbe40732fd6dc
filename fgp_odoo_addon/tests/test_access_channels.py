from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_access import FgpAccessCase

REPLY = """From: Collega Extern <collega@example.com>
To: plan@example.com
Subject: Re: {subject}
Message-ID: <reply-{token}@example.com>
In-Reply-To: {parent}
References: {parent}
Content-Type: text/plain; charset="utf-8"

Antwoord op de interne notitie: {token}
"""


@tagged("post_install", "-at_install", "fgp_access")
class TestAccessChannels(FgpAccessCase):
    """The separation holds on every way data leaves the plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Tracking and notifications on, as in production.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.plan_a = cls.plan_a.with_env(cls.env)
        # End the set-up's "no tracking" for the records it created.
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    # -- read_group ----------------------------------------------------
    def test_read_group_counts(self):
        """Grouped counts and sums only cover what the role may read."""
        cases = {
            self.prof_a: (1, 6),
            self.prof_b: (1, 0),
            self.manager_b: (1, 0),
            self.manager_a: (2, 6),
            self.portal_member: (1, 6),
        }
        for user, (agreements, score) in cases.items():
            with self.subTest(user=user.login):
                groups = (
                    self.env["fgp.agreement"]
                    .with_user(user)
                    .read_group(
                        [("id", "in", (self.agreement_a | self.agreement_b).ids)],
                        ["team_id"],
                        ["team_id"],
                    )
                )
                self.assertEqual(sum(g["team_id_count"] for g in groups), agreements)
                total = (
                    self.env["fgp.plan.evaluation"]
                    .with_user(user)
                    .read_group([], ["score:sum"], [])
                )
                self.assertEqual(total[0]["score"] or 0, score)

    def test_web_read_group_plans(self):
        """The grouped list of plans counts only visible plans per state."""
        result = (
            self.env["fgp.plan"]
            .with_user(self.prof_b)
            .web_read_group([("id", "in", self.plans.ids)], ["state"], ["state"])
        )
        self.assertEqual(sum(g["state_count"] for g in result["groups"]), 1)

    def test_read_group_notes(self):
        """Grouping notes by author does not count others' working notes."""
        groups = (
            self.env["fgp.professional.note"]
            .with_user(self.manager_a)
            .read_group([], ["author_id"], ["author_id"])
        )
        counts = {g["author_id"][0]: g["author_id_count"] for g in groups}
        self.assertEqual(counts.get(self.prof_a.id), 1)
        self.assertEqual(counts.get(self.prof_b.id), 1)

    # -- exports -------------------------------------------------------
    def test_export(self):
        """Exports contain only visible records and never restricted fields."""
        Plan = self.env["fgp.plan"]
        rows = (
            Plan.with_user(self.prof_b)
            .search([("id", "in", self.plans.ids)])
            .export_data(["name", "team_id"])["datas"]
        )
        self.assertEqual([r[0] for r in rows], ["Plan familie Bakker"])
        portal_plans = Plan.with_user(self.portal_member).search([])
        self.assertEqual(
            portal_plans.export_data(["name"])["datas"], [["Plan familie Geheimnaam"]]
        )
        for path in ("exemption_motivation", "exemption_reason", "note_ids/body"):
            with self.subTest(path=path):
                with self.assertRaises(AccessError):
                    portal_plans.export_data([path])
        with self.assertRaises(AccessError):
            self.agreement_a.with_user(self.portal_member).export_data(
                ["plan_id/exemption_motivation"]
            )

    # -- name_search and relations ------------------------------------
    def test_name_search_targets(self):
        """Many2one look-ups find only what the role may read."""
        Member = self.env["fgp.network.member"]
        found = {mid for mid, _name in Member.with_user(self.prof_b).name_search("")}
        self.assertNotIn(self.member_consent.id, found)
        found = {mid for mid, _name in Member.with_user(self.prof_a).name_search("")}
        self.assertIn(self.member_consent.id, found)
        Question = self.env["fgp.help.question"]
        self.assertFalse(Question.with_user(self.prof_b).name_search("Sanne"))
        Partner = self.env["res.partner"].with_user(self.portal_outsider)
        self.assertFalse(Partner.name_search("Geheimnaam"))
        Note = self.env["fgp.professional.note"]
        self.assertFalse(Note.with_user(self.manager_a).name_search("Werkaantekening"))

    def test_related_and_computed(self):
        """Related and computed fields show only what the role may read."""
        agreement = self.agreement_a.with_user(self.portal_member)
        self.assertEqual(agreement.team_id.id, self.team_a.id)
        self.assertEqual(agreement.plan_state, "offered")
        plan = self.plan_a.with_user(self.portal_member)
        self.assertEqual(plan.network_member_count, 2)
        self.assertEqual(plan.open_condition_count, 1)
        # Team plan counts follow the reader's rules.
        self.env.invalidate_all()
        self.assertEqual(self.team_b.with_user(self.prof_a).plan_count, 0)
        self.env.invalidate_all()
        self.assertEqual(self.team_b.with_user(self.manager_a).plan_count, 1)
        # A contact's plan count only counts plans the reader may see.
        partner = self.portal_member.partner_id
        self.env.invalidate_all()
        self.assertEqual(partner.with_user(self.prof_b).fgp_plan_count, 0)
        self.env.invalidate_all()
        self.assertEqual(partner.with_user(self.prof_a).fgp_plan_count, 1)
        with self.assertRaises(AccessError):
            partner.with_user(self.portal_member).read(["fgp_member_ids"])

    # -- chatter, tracking, followers ---------------------------------
    def plan_messages(self, user):
        return (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "fgp.plan"), ("res_id", "=", self.plan_a.id)])
        )

    def test_tracking_of_restricted_fields(self):
        """Tracking of exemption_motivation is never readable by portal users."""
        self.plan_a.with_user(self.prof_a).write(
            {"exemption_motivation": "Gevaar voor Sanne: geheim"}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        trackings = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "fgp.plan"),
                ("mail_message_id.res_id", "=", self.plan_a.id),
                ("field_id.name", "=", "exemption_motivation"),
            ]
        )
        self.assertTrue(trackings)
        portal_env = self.env(user=self.portal_member)
        self.assertFalse(trackings._filter_has_field_access(portal_env))
        self.assertFalse(trackings._filter_free_field_access())
        self.assertTrue(trackings._filter_has_field_access(self.env(user=self.prof_a)))
        for message in self.plan_messages(self.portal_member):
            with self.subTest(message=message.id):
                self.assertNotIn("geheim", message.sudo().body or "")
                self.assertNotIn(message, trackings.mail_message_id)
        with self.assertRaises(AccessError):
            trackings.with_user(self.portal_member).read(["new_value_char"])
        with self.assertRaises(AccessError):
            trackings.with_user(self.prof_a).read(["new_value_char"])

    def test_messages(self):
        """Portal users read no message of the plan, not even a public one (the
        chatter is the organisation's: the family is mailed what is meant for
        it); other teams read none."""
        plan = self.plan_a.with_user(self.prof_a)
        public = plan.message_post(
            body="Openbaar bericht",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        internal = plan.message_post(
            body="Interne notitie", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        portal_seen = self.plan_messages(self.portal_member)
        self.assertNotIn(public, portal_seen)
        self.assertNotIn(internal, portal_seen)
        with self.assertRaises(AccessError):
            public.with_user(self.portal_member).read(["body"])
        with self.assertRaises(AccessError):
            internal.with_user(self.portal_member).read(["body"])
        self.assertFalse(self.plan_messages(self.prof_b))
        with self.assertRaises(AccessError):
            public.with_user(self.prof_b).read(["body"])
        self.assertFalse(self.plan_messages(self.portal_outsider))

    def notified(self, message):
        return (
            self.env["mail.notification"]
            .search([("mail_message_id", "=", message.id)])
            .res_partner_id
        )

    def test_followers_notifications(self):
        """Internal notes never reach portal followers; public ones reach only
        followers with consent."""
        member, noconsent = (
            self.portal_member.partner_id,
            self.portal_noconsent.partner_id,
        )
        self.plan_a.message_subscribe((member | noconsent | self.prof_b.partner_id).ids)
        plan = self.plan_a.with_user(self.prof_a)
        internal = plan.message_post(
            body="Interne notitie", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self.notified(internal) & (member | noconsent))
        public = plan.message_post(
            body="Openbaar bericht",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn(member, self.notified(public))
        self.assertNotIn(noconsent, self.notified(public))

    def test_mail_reply_to_internal_note(self):
        """A reply by mail to an internal note stays internal: portal followers
        are not notified and cannot read it."""
        self.plan_a.message_subscribe(self.portal_member.partner_id.ids)
        internal = self.plan_a.with_user(self.prof_a).message_post(
            body="Interne notitie",
            subject="Zorg",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        token = "antwoord-intern-42"
        raw = REPLY.format(subject="Zorg", parent=internal.message_id, token=token)
        thread_id = self.env["mail.thread"].message_process("fgp.plan", raw)
        self.assertEqual(thread_id, self.plan_a.id)
        reply = self.env["mail.message"].search(
            [("model", "=", "fgp.plan"), ("body", "ilike", token)]
        )
        self.assertEqual(len(reply), 1)
        self.assertTrue(reply.subtype_id.internal)
        self.assertNotIn(self.portal_member.partner_id, self.notified(reply))
        self.assertNotIn(reply, self.plan_messages(self.portal_member))

    # -- activities, followers, attachments ---------------------------
    def test_activities(self):
        """Activities of a plan are seen by who may see the plan, never by portal."""
        activity = self.plan_a.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Bel de oma",
            user_id=self.prof_a.id,
        )
        Activity = self.env["mail.activity"]
        self.assertIn(activity, Activity.with_user(self.safety_a).search([]))
        self.assertNotIn(activity, Activity.with_user(self.prof_b).search([]))
        with self.assertRaises(AccessError):
            activity.with_user(self.prof_b).read(["summary"])
        with self.assertRaises(AccessError):
            Activity.with_user(self.portal_member).search([])
        with self.assertRaises(AccessError):
            Activity.with_user(self.prof_b).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("fgp.plan"),
                    "res_id": self.plan_a.id,
                    "summary": "Inbreken",
                    "user_id": self.prof_b.id,
                }
            )

    def test_followers(self):
        """Followers of a plan are hidden from other teams and the portal."""
        self.plan_a.message_subscribe(self.portal_member.partner_id.ids)
        Followers = self.env["mail.followers"]
        domain = [("res_model", "=", "fgp.plan"), ("res_id", "=", self.plan_a.id)]
        followers = Followers.search(domain)
        self.assertEqual(Followers.with_user(self.prof_a).search(domain), followers)
        self.assertFalse(Followers.with_user(self.prof_b).search(domain))
        self.assertFalse(
            Followers.with_user(self.prof_b).search(
                [("partner_id", "=", self.portal_member.partner_id.id)]
            )
        )
        with self.assertRaises(AccessError):
            followers.with_user(self.prof_b).read(["partner_id"])
        followers.with_user(self.prof_a).read(["partner_id"])
        # A colleague outside family plans (a CRM user) learns nothing either.
        crm_user = new_test_user(
            self.env, login="fgp_crm_user", groups="base.group_user"
        )
        self.assertFalse(Followers.with_user(crm_user).search(domain))
        with self.assertRaises(AccessError):
            followers.with_user(crm_user).read(["partner_id"])
        Partner = self.env["res.partner"].with_user(crm_user)
        with self.assertRaises(AccessError):
            Partner.search([("fgp_member_ids", "!=", False)])
        with self.assertRaises(AccessError):
            Followers.with_user(self.portal_member).search(domain)

    def test_plan_attachments(self):
        """Files on a plan are read by who may read the plan; portal users not by id."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "plan.txt",
                "raw": b"plan file",
                "res_model": "fgp.plan",
                "res_id": self.plan_a.id,
            }
        )
        self.assertEqual(attachment.with_user(self.prof_a).raw, b"plan file")
        for user in (self.prof_b, self.manager_b, self.portal_member):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    attachment.with_user(user).read(["raw"])

    # -- bisection: searching and ordering on what one may not read ----
    def test_search_on_restricted_fields(self):
        """Searching, ordering or grouping on a restricted field is refused to
        portal users; a domain on others' notes does not match for colleagues."""
        Plan = self.env["fgp.plan"].with_user(self.portal_member)
        domains = (
            [("exemption_motivation", "ilike", "Vertrouw")],
            [("exemption_reason", "=", "harms_youth")],
            [("note_ids.body", "ilike", "Teamnotitie")],
            [("note_ids", "!=", False)],
            [("note_ids", "=", False)],
            [("note_ids", "in", self.notes.ids)],
            [("exemption_reason", "=", False)],
        )
        for domain in domains:
            with self.subTest(domain=domain):
                with self.assertRaises(AccessError):
                    Plan.search(domain)
                with self.assertRaises(AccessError):
                    Plan.search_count(domain)
        with self.assertRaises(AccessError):
            Plan.search([], order="exemption_motivation")
        with self.assertRaises(AccessError):
            Plan.read_group([], ["exemption_reason"], ["exemption_reason"])
        Agreement = self.env["fgp.agreement"].with_user(self.portal_member)
        with self.assertRaises(AccessError):
            Agreement.search([("plan_id.exemption_motivation", "ilike", "V")])
        with self.assertRaises(AccessError):
            self.env["fgp.safety.condition"].with_user(self.portal_member).search(
                [("plan_id.note_ids.body", "ilike", "Teamnotitie")]
            )
        # Colleagues who may read the plan cannot probe working notes by search.
        for user in (self.safety_a, self.manager_a, self.admin):
            with self.subTest(user=user.login):
                found = (
                    self.env["fgp.plan"]
                    .with_user(user)
                    .search(
                        [("note_ids.body", "ilike", "Persoonlijke werkaantekening")]
                    )
                )
                self.assertNotIn(self.plan_a, found)
                self.assertFalse(
                    self.env["fgp.professional.note"]
                    .with_user(user)
                    .search([("body", "ilike", "Persoonlijke")])
                )
        found = (
            self.env["fgp.plan"]
            .with_user(self.prof_a)
            .search([("note_ids.body", "ilike", "Persoonlijke werkaantekening")])
        )
        self.assertIn(self.plan_a, found)
