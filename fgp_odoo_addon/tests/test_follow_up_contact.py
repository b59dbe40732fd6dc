from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError

from .common_follow_up import FollowUpCase


class TestFollowUpContact(FollowUpCase):
    """The designated contact (Oma) is the one who did not keep the agreement:
    she is not asked to convene the network about herself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon"], ["nl_NL"], overwrite=True
        )
        cls.mama = cls.env["res.partner"].create(
            {"name": "Mama Bakker", "phone": "06 87654321"}
        )
        cls.plan.network_member_ids = [
            Command.create(
                {"partner_id": cls.mama.id, "role": "parent", "relation": "moeder"}
            )
        ]
        cls.member_mama = cls.plan.network_member_ids.filtered(
            lambda m: m.partner_id == cls.mama
        )

    def _oma_agreement(self):
        return self.env["fgp.agreement"].create(
            {
                "plan_id": self.plan.id,
                "description": "Oma kookt op vrijdag",
                "source": "network",
                "member_id": self.member_oma.id,
                "deadline": date(2026, 2, 1),
            }
        )

    def test_second_contact_is_called(self):
        self.plan.second_member_id = self.member_opa
        agreement = self._oma_agreement()
        self._run(date(2026, 3, 1))
        activity = self._activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.summary,
            "Bel de tweede contactpersoon: de aangewezen persoon heeft een "
            "afspraak niet nagekomen",
        )
        self.assertIn("Opa Bakker", activity.note)
        self.assertIn("Oma Bakker", activity.note)
        self.assertIn("vraag haar of hem niet", activity.note)
        # Oma gets no mail asking her to convene the network about herself.
        self.assertFalse(self._mails_to(self.oma))
        log = agreement.message_ids.filtered(lambda m: "tweede" in (m.body or ""))
        self.assertTrue(log, "the chatter says who is called instead")

    def test_parent_without_second_contact(self):
        self._oma_agreement()
        self._run(date(2026, 3, 1))
        activity = self._activities()
        self.assertEqual(len(activity), 1)
        self.assertIn("Mama Bakker", activity.note)
        self.assertIn("06 87654321", activity.note)
        self.assertFalse(self._mails_to(self.oma))

    def test_nobody_else_asks_for_a_second_contact(self):
        self.member_mama.unlink()
        self._oma_agreement()
        self._run(date(2026, 3, 1))
        self.assertFalse(self._activities())
        request = self._activities(xmlid="mail_activity_type_fgp_designate_contact")
        self.assertEqual(len(request), 1)
        self.assertEqual(
            request.summary, "Vraag het netwerk een tweede contactpersoon te noemen"
        )
        self.assertFalse(self._mails_to(self.oma))

    def test_others_still_call_the_designated_contact(self):
        self._agreement(date(2026, 2, 1))
        self._run(date(2026, 3, 1))
        activity = self._activities()
        self.assertEqual(activity.summary, "Bel de aangewezen persoon van het netwerk")
        self.assertTrue(self._mails_to(self.oma))

    def test_second_contact_is_checked(self):
        with self.assertRaises(ValidationError):
            self.plan.second_member_id = self.member_oma
        other = self._make_active_plan("Plan familie Smit")
        with self.assertRaises(ValidationError):
            self.plan.second_member_id = other.network_member_ids[:1]
