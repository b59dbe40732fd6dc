from odoo.tests import tagged

from .common_portal import FgpPortalCase


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalTours(FgpPortalCase):
    """The family's plan in a real (headless Chromium) browser."""

    def test_tour_parent_writes(self):
        """Marie writes a chapter and an agreement for oma."""
        self.start_tour(
            f"/my/plans/{self.plan.id}",
            "fgp_portal_parent_writes",
            login=self.marie.login,
        )
        section = self.plan.section_ids.filtered(lambda s: s.name == "Wonen")
        self.assertIn("We zoeken een groter huis.", section.body)
        agreement = self.plan.agreement_ids.filtered(
            lambda a: a.description == "Oma past op woensdag op Tim"
        )
        self.assertEqual(agreement.member_id, self.m_oma)

    def test_tour_oma_marks_done(self):
        """Oma marks her agreement done."""
        self.start_tour(
            f"/my/plans/{self.plan.id}", "fgp_portal_oma_done", login=self.oma.login
        )
        self.assertEqual(self.agreement_oma.state, "done")
