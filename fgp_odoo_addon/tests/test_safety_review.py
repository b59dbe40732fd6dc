from odoo import Command, http
from odoo.tests import new_test_user, tagged

from .common_portal import FgpPortalCase


@tagged("post_install", "-at_install", "fgp_http")
class TestSafetyAfterAcceptance(FgpPortalCase):
    """The Jansen plan is active, its condition met by an authorised
    professional. A change to what the condition was assessed on sends the plan
    back to that professional; other changes do not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.safety = new_test_user(
            cls.env,
            login="fgp_review_safety",
            name="Bea Bevoegd",
            groups="fgp_odoo_addon.group_fgp_safety",
        )
        cls.team.member_ids = [Command.link(cls.safety.id)]
        cls.condition.with_user(cls.safety).action_met()

    def _post(self, url, **data):
        data["csrf_token"] = http.Request.csrf_token(self)
        res = self.url_open(url, data=data)
        self.assertEqual(res.status_code, 200)
        return res

    def _reassess_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "fgp.plan"),
                ("res_id", "=", self.plan.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "fgp_odoo_addon.mail_activity_type_fgp_reassess_safety"
                    ).id,
                ),
            ]
        )

    def assertReopened(self):
        self.assertEqual(self.condition.state, "open")
        self.assertFalse(self.condition.assessed_by_id)
        self.assertEqual(self.plan.state, "submitted")
        activity = self._reassess_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.safety)
        self.assertIn(self.condition.description, activity.note)

    def assertUntouched(self):
        self.assertEqual(self.condition.state, "met")
        self.assertEqual(self.plan.state, "active")
        self.assertFalse(self._reassess_activities())

    def test_family_removes_the_chapter(self):
        """The family removes a chapter of the active plan in the portal: made,
        not refused, and the condition is assessed again."""
        self.login(self.marie)
        res = self._post(f"/my/plans/{self.plan.id}/section/{self.section.id}/remove")
        self.assertFalse(self.section.exists())
        self.assertReopened()
        # The family reads it on its page: the plan waits for the professional.
        self.assertIn("alert-warning", res.text)
        note = self.plan.message_ids.filtered(lambda m: "School" in (m.body or ""))
        self.assertTrue(note)

    def test_family_rewrites_the_chapter(self):
        self.login(self.marie)
        self._post(
            f"/my/plans/{self.plan.id}/section/save",
            section_id=self.section.id,
            name="School",
            body="Tim gaat niet meer.",
        )
        self.assertReopened()

    def test_same_text_again_changes_nothing(self):
        self.login(self.marie)
        self._post(
            f"/my/plans/{self.plan.id}/section/save",
            section_id=self.section.id,
            name="School",
            body="Tim gaat graag.",
        )
        self.assertUntouched()

    def test_adding_ticking_and_remarks_are_no_change(self):
        self.login(self.marie)
        self._post(
            f"/my/plans/{self.plan.id}/section/save", name="Vrije tijd", body="Voetbal"
        )
        self._post(f"/my/plans/{self.plan.id}/agreement/{self.agreement_marie.id}/done")
        self._post(
            f"/my/plans/{self.plan.id}/agreement/{self.agreement_marie.id}/remark",
            remark="Gebeld",
        )
        self.assertUntouched()

    def test_condition_on_named_chapters_only(self):
        """A condition that names its chapters opens again only for those."""
        other = self.env["fgp.plan.section"].create(
            {"plan_id": self.plan.id, "name": "Veiligheid", "body": "<p>Thuis</p>"}
        )
        self.condition.with_user(self.safety).section_ids = other
        self.login(self.marie)
        self._post(f"/my/plans/{self.plan.id}/section/{self.section.id}/remove")
        self.assertUntouched()
        self._post(f"/my/plans/{self.plan.id}/section/{other.id}/remove")
        self.assertReopened()

    def test_professional_cancels_the_agreement(self):
        """In the back office too: a cancelled agreement the condition relies on."""
        self.condition.with_user(self.safety).agreement_ids = self.agreement_oma
        self.agreement_marie.with_user(self.professional).action_cancel()
        self.assertUntouched()
        self.agreement_oma.with_user(self.professional).action_cancel()
        self.assertReopened()

    def test_assessed_again_and_active_again(self):
        self.section.with_user(self.professional).unlink()
        self.assertReopened()
        self.condition.with_user(self.safety).action_met()
        self.plan.with_user(self.safety).action_activate()
        self.assertEqual(self.plan.state, "active")
        self.assertEqual(self.plan.version_ids.mapped("trigger").count("agreed"), 2)

    def test_drafts_and_other_states(self):
        """A plan that is not active has nothing accepted to reopen."""
        self.plan.with_user(self.professional).action_revise()
        self.section.with_user(self.professional).unlink()
        self.assertEqual(self.condition.state, "met")
        self.assertFalse(self._reassess_activities())
