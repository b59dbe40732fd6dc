from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .privacy_common import PrivacyCommon


class TestConsent(PrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.portal_user = new_test_user(
            cls.env,
            login="priv_portal_parent",
            groups="base.group_portal",
            partner_id=cls.parent.id,
        )

    def _age(self, years):
        self.youth.fgp_birthdate = self.today - relativedelta(years=years, days=1)

    def test_under_twelve_parents_consent(self):
        """Under 12 the parents' consent suffices."""
        self._age(10)
        self.assertEqual(self.member.consent_required, "parents")
        self.member.consent_parents_date = self.today
        self.assertEqual(self.member.consent_date, self.today)

    def test_twelve_to_fifteen_youth_and_parents(self):
        """From 12 to 15 both the young person and the parents must consent."""
        self._age(13)
        self.assertEqual(self.member.consent_required, "youth_parents")
        self.member.consent_parents_date = self.today
        self.assertFalse(self.member.consent_date, "the youth did not consent yet")
        self.member.consent_youth_date = self.today
        self.assertEqual(self.member.consent_date, self.today)

    def test_sixteen_youth_alone(self):
        """From 16 the young person decides alone."""
        self._age(17)
        self.assertEqual(self.member.consent_required, "youth")
        self.member.consent_parents_date = self.today
        self.assertFalse(self.member.consent_date, "parents alone are not enough")
        self.member.consent_youth_date = self.today
        self.assertEqual(self.member.consent_date, self.today)

    def test_unknown_birthdate_asks_both(self):
        """Without a date of birth both consents are needed."""
        self.youth.fgp_birthdate = False
        self.member.consent_parents_date = self.today
        self.assertFalse(self.member.consent_date)

    def test_setting_consent_date_records_required_consents(self):
        """Setting the consent date directly records the consents it needs."""
        self._age(13)
        self.member.consent_date = self.today
        self.assertEqual(self.member.consent_youth_date, self.today)
        self.assertEqual(self.member.consent_parents_date, self.today)

    def test_no_date_over_no_date_keeps_a_partial_consent(self):
        """Writing no consent date where there was none withdraws nothing: the
        young person's consent, given while the parents' is awaited, stays."""
        self._age(13)
        self.member.consent_youth_date = self.today
        self.assertFalse(self.member.consent_date)
        self.member.consent_date = False
        self.assertEqual(self.member.consent_youth_date, self.today)

    def test_consent_changes_are_tracked(self):
        """Giving and withdrawing consent leaves a note in the plan's chatter."""
        self._age(10)
        before = self.plan.message_ids
        self.member.with_context(
            tracking_disable=False
        ).consent_parents_date = self.today
        self.member.consent_parents_date = False
        messages = self.plan.message_ids - before
        self.assertEqual(len(messages), 2)
        self.assertTrue(all(m.is_internal or m.subtype_id.internal for m in messages))
        self.assertIn("withdrawn", messages[0].body)

    def _notes(self, plans, before):
        return self.env["mail.message"].search(
            [
                ("model", "=", "fgp.plan"),
                ("res_id", "in", plans.ids),
                ("id", "not in", before.ids),
            ]
        )

    def test_consent_date_in_the_form_is_one_note(self):
        """Typing the consent date records both consents and leaves one note
        naming both, not one per consent the date records."""
        self._age(13)
        before = self.plan.message_ids
        self.member.consent_date = self.today
        notes = self._notes(self.plan, before)
        self.assertEqual(len(notes), 1)
        self.assertIn(self.parent.name, notes.body)
        self.assertIn("young person", notes.body)
        self.assertIn("parents", notes.body)

    def test_note_in_the_language_of_who_records_it(self):
        """The note is in the language of who records the consent, its date
        written as that language writes dates (Dutch: 23-11-2026)."""
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon"], ["nl_NL"], overwrite=True
        )
        self._age(10)
        before = self.plan.message_ids
        self.member.with_context(lang="nl_NL").consent_date = fields.Date.to_date(
            "2026-11-23"
        )
        self.assertIn(
            "Toestemming van de ouders gegeven op 23-11-2026.",
            self._notes(self.plan, before).body,
        )

    def test_context_cannot_switch_the_note_off(self):
        """A call's context (JSON, no flag) does not skip the consent note."""
        self._age(10)
        before = self.plan.message_ids
        self.member.with_context(
            fgp_consent_noted=True
        ).consent_parents_date = self.today
        self.assertEqual(len(self._notes(self.plan, before)), 1)

    def test_batch_create_is_one_note_per_plan(self):
        """Members created in one batch with a consent date (the generator, an
        import) record their consents as the form does, with one note per plan
        listing them; a member without consent is not in it."""
        self._age(10)
        other = self.plan.copy({"name": "Plan familie Visser 2"})
        Partner = self.env["res.partner"]
        people = Partner.create([{"name": f"Buur {i} <b>"} for i in range(4)])
        before = (self.plan | other).message_ids
        members = self.env["fgp.network.member"].create(
            [
                {
                    "plan_id": plan.id,
                    "partner_id": person.id,
                    "role": "neighbour",
                    "consent_date": self.today if i < 3 else False,
                }
                for i, (plan, person) in enumerate(
                    zip((self.plan, self.plan, other, other), people, strict=True)
                )
            ]
        )
        self.assertEqual(
            members.mapped("consent_parents_date"),
            [self.today, self.today, self.today, False],
        )
        self.assertEqual(members.mapped("consent_date")[:3], [self.today] * 3)
        self.assertFalse(any(members.mapped("consent_youth_date")))
        notes = self._notes(self.plan | other, before)
        self.assertEqual(
            sorted(notes.mapped("res_id")), sorted((self.plan | other).ids)
        )
        first = notes.filtered(lambda m: m.res_id == self.plan.id)
        self.assertEqual(first.body.count("<li>"), 2)
        self.assertIn("Buur 0 &lt;b&gt;", first.body)
        self.assertNotIn("<b>", first.body)
        self.assertNotIn("Buur 3", notes.filtered(lambda m: m.res_id == other.id).body)

    def test_create_with_consent_date_and_a_later_consent(self):
        """A member imported with a consent date and a later consent of the
        young person (both columns of an import, as text) is shared from the
        last consent needed, as the form would have it."""
        self._age(13)
        later = self.today - relativedelta(days=2)
        member = self.env["fgp.network.member"].create(
            {
                "plan_id": self.plan.id,
                "partner_id": self.env["res.partner"].create({"name": "Tante Els"}).id,
                "role": "relative",
                "consent_youth_date": fields.Date.to_string(later),
                "consent_date": fields.Date.to_string(later - relativedelta(days=5)),
            }
        )
        self.assertEqual(member.consent_youth_date, later)
        self.assertEqual(member.consent_parents_date, later - relativedelta(days=5))
        self.assertEqual(member.consent_date, later)
        self.env.invalidate_all()
        self.assertEqual(member.consent_date, later, "stored as computed")

    def test_withdrawal_cuts_portal_access(self):
        """A parent with consent reads the plan in the portal; once the consent is
        withdrawn, the next request is refused."""
        self._age(10)
        self.member.consent_parents_date = self.today
        plan = self.plan.with_user(self.portal_user)
        plan.check_access("read")
        self.assertEqual(plan.name, "Plan familie Visser")
        self.member.consent_parents_date = False
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.plan.with_user(self.portal_user).check_access("read")
        self.assertFalse(
            self.env["fgp.plan"].with_user(self.portal_user).search([]),
            "the plan no longer shows in the portal list",
        )

    def test_turning_twelve_needs_the_youths_own_consent(self):
        """The daily job withdraws sharing that only the parents consented to
        once the young person turned 12, until the youth consents too."""
        self.youth.fgp_birthdate = self.today - relativedelta(years=11, months=11)
        self.member.consent_parents_date = self.today
        self.assertEqual(self.member.consent_date, self.today)
        with freeze_time(self.today + relativedelta(months=2)):
            self.env["fgp.network.member"]._cron_fgp_consent_age()
            self.assertFalse(self.member.consent_date)

    def _followers(self):
        return self.plan.sudo().message_partner_ids

    def test_withdrawal_ends_following(self):
        """A parent who follows the plan stops following it when consent is
        withdrawn; a colleague in the network keeps following."""
        self._age(10)
        colleague = new_test_user(
            self.env,
            login="priv_colleague",
            groups="fgp_odoo_addon.group_fgp_professional",
        )
        colleague_member = self.env["fgp.network.member"].create(
            {
                "plan_id": self.plan.id,
                "partner_id": colleague.partner_id.id,
                "role": "professional",
            }
        )
        self.member.consent_parents_date = self.today
        self.plan.message_subscribe(
            partner_ids=[self.parent.id, colleague.partner_id.id]
        )
        self.member.with_user(self.professional).consent_parents_date = False
        self.assertNotIn(self.parent, self._followers())
        self.assertIn(colleague.partner_id, self._followers())
        self.assertFalse(colleague_member.consent_date)

    def test_leaving_the_network_ends_following(self):
        """Removing a member from the network removes them as follower."""
        self.plan.message_subscribe(partner_ids=self.parent.ids)
        self.member.with_user(self.professional).unlink()
        self.assertNotIn(self.parent, self._followers())

    def test_turning_twelve_ends_following_until_the_youth_consents(self):
        """The daily job's withdrawal ends the following too."""
        self.youth.fgp_birthdate = self.today - relativedelta(years=11, months=11)
        self.member.consent_parents_date = self.today
        self.plan.message_subscribe(partner_ids=self.parent.ids)
        with freeze_time(self.today + relativedelta(months=2)):
            self.env["fgp.network.member"]._cron_fgp_consent_age()
        self.assertNotIn(self.parent, self._followers())
