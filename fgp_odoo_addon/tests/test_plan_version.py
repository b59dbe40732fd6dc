from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common_follow_up import FollowUpCase


class TestPlanVersion(FollowUpCase):
    def test_agreed_version_is_kept(self):
        """Accepting the plan keeps version 1 with the agreed content."""
        version = self.plan.version_ids
        self.assertEqual(len(version), 1)
        self.assertEqual(version.version, 1)
        self.assertEqual(version.trigger, "agreed")
        self.assertEqual(version.plan_state, "active")
        self.assertEqual(version.user_id, self.env.user)
        self.assertEqual(version.snapshot["sections"][0]["name"], "Veiligheid")
        self.assertIn("Thuis veilig", version.snapshot_html)

    def test_revision_keeps_versions_and_reactivation_adds_one(self):
        """Revising goes back to preparing and keeps the version in force; agreeing
        the revised plan keeps the next version."""
        agreement = self._agreement(date(2026, 4, 1))
        self.plan.action_revise()
        self.assertEqual(self.plan.state, "preparing")
        versions = self.plan.version_ids.sorted("version", reverse=True)
        self.assertEqual(versions.mapped("version"), [2, 1])
        revision = self.plan.version_ids.filtered(lambda v: v.version == 2)
        self.assertEqual(revision.trigger, "revision")
        self.assertEqual(revision.plan_state, "active")
        self.assertEqual(revision.snapshot["agreements"][0]["id"], agreement.id)
        self.assertIn("version 2", self.plan.message_ids[0].body)

        self.plan.section_ids.body = "<p>Thuis veilig, ook 's avonds</p>"
        self.plan.action_submit()
        self.plan.action_activate()
        versions = self.plan.version_ids.sorted("version", reverse=True)
        self.assertEqual(versions.mapped("version"), [3, 2, 1])
        self.assertEqual(versions[0].trigger, "agreed")

    def test_revision_without_changes_keeps_no_duplicate(self):
        """Nothing changed since the agreement: the agreed version is the one kept."""
        self.plan.action_revise()
        self.assertEqual(len(self.plan.version_ids), 1)

    def test_lifecycle_allows_active_to_preparing_only(self):
        """Active may go back to preparing (revision), closed may not."""
        self.plan.write({"state": "preparing"})
        self.assertEqual(self.plan.state, "preparing")
        other = self._make_active_plan("Plan familie Gesloten")
        other.action_close()
        with self.assertRaises(UserError):
            other.write({"state": "preparing"})
        with self.assertRaises(UserError):
            other.action_revise()

    def test_compare_highlights_differences(self):
        """Comparing two versions marks changed, added and removed items."""
        v1 = self.plan.version_ids
        self.plan.section_ids.body = "<p>Thuis veilig, ook 's avonds</p>"
        self.plan.question_ids.filtered(lambda q: q.name.startswith("Wie")).unlink()
        self._agreement(date(2026, 4, 1), description="Buurvrouw kookt op woensdag")
        self.plan.action_revise()
        v2 = self.plan.version_ids - v1
        parts = dict(v1._compare(v2))
        self.assertEqual([r["status"] for r in parts["sections"]], ["changed"])
        self.assertEqual(
            sorted(r["status"] for r in parts["questions"]), ["removed", "same"]
        )
        self.assertEqual([r["status"] for r in parts["agreements"]], ["added"])

        wizard = self.env["fgp.plan.version.compare"].create(
            {"plan_id": self.plan.id, "version_a_id": v1.id, "version_b_id": v2.id}
        )
        html = str(wizard.comparison_html)
        self.assertIn("table-warning", html)
        self.assertIn("table-success", html)
        self.assertIn("table-danger", html)
        self.assertIn("ook 's avonds", html)
        self.assertIn("Buurvrouw kookt op woensdag", html)
        action = self.plan.action_compare_versions()
        self.assertEqual(action["context"]["default_version_a_id"], v1.id)
        self.assertEqual(action["context"]["default_version_b_id"], v2.id)

    def test_professional_reads_versions_but_cannot_change_them(self):
        """Versions are kept as they were: the team's professional reads them and
        cannot change or delete them; another team's professional cannot read them."""
        version = self.plan.version_ids.with_user(self.professional)
        self.assertTrue(version.snapshot)
        with self.assertRaises(AccessError):
            version.write({"version": 9})
        with self.assertRaises(AccessError):
            version.unlink()
        stranger = self.env["res.users"].create(
            {
                "name": "Other team",
                "login": "fgp_follow_stranger",
                "groups_id": [
                    Command.set(
                        [self.env.ref("fgp_odoo_addon.group_fgp_professional").id]
                    )
                ],
            }
        )
        with self.assertRaises(AccessError):
            self.plan.version_ids.with_user(stranger).read(["snapshot"])

    def test_professional_can_revise(self):
        """The case professional starts the revision and the version is theirs."""
        self._agreement(date(2026, 4, 1))
        self.plan.with_user(self.professional).action_revise()
        latest = self.plan.version_ids.sorted("version")[-1]
        self.assertEqual(latest.user_id, self.professional)
