from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields
from odoo.tests import TransactionCase


class AdultClientCase(TransactionCase):
    """A personal plan (Wmo) of Gerard Smit, with his daughter in the network."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.today = fields.Date.context_today(cls.env["fgp.plan"])
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "Gerard Smit"})
        cls.daughter = Partner.create({"name": "Ineke Smit"})
        cls.plan = cls.env["fgp.plan"].create(
            {
                "name": "Persoonlijk plan meneer Smit",
                "plan_type": "personal",
                "youth_ids": [Command.set(cls.client.ids)],
            }
        )
        Member = cls.env["fgp.network.member"]
        cls.client_member = Member.create(
            {"plan_id": cls.plan.id, "partner_id": cls.client.id, "role": "youth"}
        )
        cls.member = Member.create(
            {"plan_id": cls.plan.id, "partner_id": cls.daughter.id, "role": "relative"}
        )


class TestAdultClient(AdultClientCase):
    """A personal plan (Wmo) is about an adult: the client is named client, only
    the client's consent is asked, and an unknown birth date is an adult's."""

    def test_client_without_birth_date_consents_alone(self):
        """No birth date in a personal plan: an adult, whose consent suffices;
        the parents are not asked."""
        self.assertEqual(self.member.consent_required, "client")
        self.member.consent_youth_date = self.today
        self.assertEqual(self.member.consent_date, self.today)

    def test_parents_alone_do_not_share(self):
        """The parents' consent does not share an adult's plan."""
        self.member.consent_parents_date = self.today
        self.assertFalse(self.member.consent_date)

    def test_adult_client_with_birth_date(self):
        """A client of 40 consents alone."""
        self.client.fgp_birthdate = self.today - relativedelta(years=40)
        self.assertEqual(self.member.consent_required, "client")

    def test_minor_in_a_personal_plan_follows_the_age_rule(self):
        """A known birth date under 16 still asks for the parents (Jeugdwet)."""
        self.client.fgp_birthdate = self.today - relativedelta(years=14)
        self.assertEqual(self.member.consent_required, "youth_parents")

    def test_youth_plan_without_birth_date_asks_both(self):
        """In a family group plan an unknown birth date still asks for both."""
        self.plan.plan_type = "family_group"
        self.assertEqual(self.member.consent_required, "youth_parents")

    def test_client_named_client(self):
        """The back office calls the person a personal plan is about 'Client',
        in the network and in the chatter; a youth plan keeps 'Young person'."""
        self.assertEqual(self.client_member.display_name, "Gerard Smit (Client)")
        self.member.with_context(tracking_disable=False).consent_youth_date = self.today
        self.assertIn("the client", self.plan.message_ids[:1].body)
        self.plan.plan_type = "family_group"
        self.client_member.invalidate_recordset(["display_name"])
        self.assertEqual(self.client_member.display_name, "Gerard Smit (Young person)")

    def test_plan_form_labels(self):
        """The plan form labels the people 'Client' in a personal plan and
        'Young people' otherwise, and hides youth participation for an adult."""
        arch = etree.fromstring(
            self.env["fgp.plan"].get_views([(False, "form")])["views"]["form"]["arch"]
        )
        labels = {
            node.get("string"): node.get("invisible")
            for node in arch.xpath("//field[@name='youth_ids']")
        }
        self.assertEqual(labels["Client"], "plan_type != 'personal'")
        self.assertEqual(labels["Young people"], "plan_type == 'personal'")
        group = arch.xpath("//group[.//field[@name='youth_participation']]")[0]
        self.assertEqual(group.get("invisible"), "plan_type == 'personal'")


class TestConsentInOneStep(AdultClientCase):
    """Consent is recorded per person in the dialog the network list opens,
    which shows whose consent is needed; the list takes no typed shared date."""

    def test_network_list_date_is_read_only(self):
        arch = etree.fromstring(
            self.env["fgp.plan"].get_views([(False, "form")])["views"]["form"]["arch"]
        )
        tree = arch.xpath("//field[@name='network_member_ids']/list")[0]
        date = tree.xpath("field[@name='consent_date']")[0]
        self.assertEqual(date.get("readonly"), "1")
        self.assertFalse(tree.get("editable"), "a row opens the person's dialog")
        self.assertTrue(tree.xpath("field[@name='consent_required']"))

    def test_dialog(self):
        """The person's form: whose consent, a date for each, the shared date
        as their outcome."""
        arch = etree.fromstring(
            self.env["fgp.network.member"].get_views([(False, "form")])["views"][
                "form"
            ]["arch"]
        )
        self.assertTrue(arch.xpath("//field[@name='consent_required']"))
        self.assertTrue(arch.xpath("//label[@string='Consent of the client']"))
        date = arch.xpath("//field[@name='consent_date']")[0]
        self.assertEqual(date.get("readonly"), "1")
