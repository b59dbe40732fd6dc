"""Class 5: a family's download holds its own plan only.

A parent of plan A who is also in another plan (without consent there, and that
plan's young person) downloads plan A: nothing of the other plan's file may be
in it. The other plan's texts are collected from every record of its file
(``_fgp_file_records``: every model that is part of a plan), so a part of the
plan added later is checked too."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common_attack import AttackCase

TEXT_TYPES = ("char", "text", "html")


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackDownload(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_consent.role = "parent"
        cls.person = cls.portal_member.partner_id
        reader = new_test_user(
            cls.env,
            login="fgp_kanarie_lezer",
            name="Kanarie Lezer",
            groups="fgp_odoo_addon.group_fgp_admin",
        )
        # Another plan of the same person: they are its young person and in its
        # network, but gave no consent to share it.
        cls.plan_x = cls.env["fgp.plan"].create(
            {
                "name": "Plan KANARIE-X familie Anders",
                "team_id": cls.team_b.id,
                "professional_id": cls.prof_b.id,
                "youth_ids": [Command.set(cls.person.ids)],
                "youth_voice": "KANARIE-X stem van de jongere",
            }
        )
        member_x = cls.env["fgp.network.member"].create(
            {
                "plan_id": cls.plan_x.id,
                "partner_id": cls.person.id,
                "role": "parent",
                "relation": "KANARIE-X relatie",
            }
        )
        cls.env["fgp.plan.section"].create(
            {
                "plan_id": cls.plan_x.id,
                "name": "KANARIE-X hoofdstuk",
                "body": "<p>KANARIE-X tekst van het hoofdstuk</p>",
            }
        )
        question = cls.env["fgp.help.question"].create(
            {"plan_id": cls.plan_x.id, "name": "KANARIE-X hulpvraag"}
        )
        cls.env["fgp.agreement"].create(
            {
                "plan_id": cls.plan_x.id,
                "description": "KANARIE-X afspraak van deze persoon",
                "member_id": member_x.id,
                "question_id": question.id,
            }
        )
        cls.env["fgp.safety.condition"].create(
            {"plan_id": cls.plan_x.id, "description": "KANARIE-X voorwaarde"}
        )
        # Someone opened plan X: an entry about this person, of another plan.
        cls.plan_x.with_user(reader)._fgp_log("read")

    def download(self):
        self.login(self.portal_member)
        response = self.url_open(f"/my/plans/{self.plan_a.id}/download")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        return response.text

    def file_texts(self, plan):
        """Every text of every record of the plan's file."""
        texts = set()
        for model_name, ids in plan._fgp_file_records().items():
            records = self.env[model_name].browse(list(ids))
            fields = [
                name
                for name, field in records._fields.items()
                if field.type in TEXT_TYPES and field.store
            ]
            for values in records.read(fields):
                texts.update(
                    str(value) for key, value in values.items() if key != "id" and value
                )
        return texts

    def test_download_holds_this_plan_only(self):
        html = self.download()
        # Plan A's own content is there.
        for text in ("Plan familie Geheimnaam", "Ons plan", "Oma brengt Sanne"):
            self.assertIn(text, html)
        # Nothing of the other plan: no text of its file, not its name, not who
        # read it.
        secrets = self.file_texts(self.plan_x) - self.file_texts(self.plan_a)
        secrets = {s for s in secrets if len(s) >= 10 and s != self.person.name}
        self.assertIn("KANARIE-X afspraak van deze persoon", secrets)
        for secret in sorted(secrets) + ["KANARIE-X", "Kanarie Lezer"]:
            with self.subTest(secret=secret):
                self.assertNotIn(secret, html)
        # Nor of another family's plan the person has nothing to do with.
        for text in ("Plan familie Bakker", "Tim gaat naar de voetbalclub"):
            self.assertNotIn(text, html)

    def test_download_holds_what_the_family_may_see(self):
        """Never the professionals' notes or the legal ground of plan A."""
        html = self.download()
        for secret in (
            "Teamnotitie A",
            "Persoonlijke werkaantekening A",
            "Vertrouwelijke motivering A",
        ):
            self.assertNotIn(secret, html)

    def test_other_plan_is_not_downloadable(self):
        """The person gave no consent for plan X: its download is refused."""
        self.login(self.portal_member)
        response = self.url_open(f"/my/plans/{self.plan_x.id}/download")
        self.assertNotIn("KANARIE-X", response.text)
        self.assertTrue(response.url.rstrip("/").endswith("/my"), response.url)
