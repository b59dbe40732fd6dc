from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_access import FgpAccessCase


@tagged("post_install", "-at_install", "fgp_access")
class TestAccessNotes(FgpAccessCase):
    """Case-file notes stay with the team, working notes with their author."""

    def expected_notes(self):
        none = self.env["fgp.professional.note"]
        return {
            self.prof_a: self.notes - self.note_b_team | self.note_a_personal_2,
            self.prof_b: self.note_b_team,
            self.safety_a: self.note_a_team,
            self.manager_a: self.note_a_team | self.note_b_team,
            self.manager_b: self.note_b_team,
            self.admin: self.note_a_team | self.note_b_team | self.note_c_assigned,
            self.sysadmin: self.note_a_team | self.note_b_team | self.note_c_assigned,
            self.portal_member: none,
            self.portal_noconsent: none,
            self.portal_outsider: none,
        }

    def test_search_per_role(self):
        """Each role finds exactly the notes it may see; working notes: the author."""
        all_notes = self.notes | self.note_a_personal_2
        for user, notes in self.expected_notes().items():
            with self.subTest(user=user.login):
                if user.share:
                    with self.assertRaises(AccessError):
                        self.env["fgp.professional.note"].with_user(user).search([])
                    continue
                found = self.visible(user, "fgp.professional.note", all_notes)
                self.assertEqual(found, notes)

    def test_read_refused(self):
        """Reading a note one may not see raises AccessError, also for admins."""
        all_notes = self.notes | self.note_a_personal_2
        for user, notes in self.expected_notes().items():
            for note in all_notes - notes:
                with self.subTest(user=user.login, note=note.name):
                    with self.assertRaises(AccessError):
                        note.with_user(user).read(["body"])

    def test_plan_note_ids(self):
        """The plan's note list shows a colleague only the team's case file."""
        expected = {
            self.safety_a: self.note_a_team,
            self.manager_a: self.note_a_team,
            self.admin: self.note_a_team,
            self.prof_a: self.note_a_team
            | self.note_a_personal
            | self.note_a_personal_2,
        }
        for user, notes in expected.items():
            with self.subTest(user=user.login):
                # A request starts with an empty cache; so does each look here.
                self.env.invalidate_all()
                self.assertEqual(self.plan_a.with_user(user).note_ids, notes)

    def test_write_own_only(self):
        """Only the author edits or deletes a note; colleagues and managers read."""
        self.note_a_team.with_user(self.prof_a).write({"name": "Huisbezoek 2"})
        for user in (self.safety_a, self.manager_a, self.admin, self.prof_b):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.note_a_team.with_user(user).write({"name": "Anders"})
                with self.assertRaises(AccessError):
                    self.note_a_team.with_user(user).unlink()

    def test_create_scope(self):
        """A note is written on a plan in one's scope, in one's own name."""
        Note = self.env["fgp.professional.note"]
        with self.assertRaises(AccessError):
            Note.with_user(self.prof_b).create({"plan_id": self.plan_a.id})
        note = Note.with_user(self.safety_a).create({"plan_id": self.plan_a.id})
        self.assertEqual(note.author_id, self.safety_a)
        for user in self.portal_users:
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Note.with_user(user).create({"plan_id": self.plan_a.id})

    def test_not_mail_thread(self):
        """A note has no chatter, followers or activities to leak through."""
        Note = self.env["fgp.professional.note"]
        self.assertNotIn("message_ids", Note._fields)
        self.assertNotIn("activity_ids", Note._fields)
        self.assertNotIn("message_follower_ids", Note._fields)
        messages = self.env["mail.message"].search(
            [("model", "=", "fgp.plan"), ("res_id", "=", self.plan_a.id)]
        )
        self.assertFalse(
            [m for m in messages if "Teamnotitie" in (m.body or "")],
            "a note's text reached the plan's chatter",
        )

    def test_export_refused(self):
        """Notes are never exported: directly, through the plan or an agreement."""
        with self.assertUserError("cannot be exported"):
            self.note_a_team.with_user(self.prof_a).export_data(["body"])
        with self.assertUserError():
            self.plan_a.with_user(self.prof_a).export_data(["name", "note_ids/body"])
        with self.assertUserError():
            self.agreement_a.with_user(self.prof_a).export_data(
                ["plan_id/note_ids/body"]
            )
        self.assertFalse(self.env["fgp.plan"]._fields["note_ids"].exportable)

    def test_attachment_bound_to_note(self):
        """Files uploaded before the note was saved end up on the note itself."""
        for upload, note in (
            (self.upload_a_team, self.note_a_team),
            (self.upload_a_personal, self.note_a_personal_2),
        ):
            self.assertEqual(upload.res_model, "fgp.professional.note")
            self.assertEqual(upload.res_id, note.id)

    def test_attachment_follows_note(self):
        """A note's file can be read exactly by those who may read the note."""
        cases = {
            self.upload_a_team: self.note_a_team,
            self.upload_a_personal: self.note_a_personal_2,
        }
        for user, notes in self.expected_notes().items():
            for attachment, note in cases.items():
                with self.subTest(user=user.login, file=attachment.name):
                    Attachment = self.env["ir.attachment"].with_user(user)
                    if note in notes:
                        self.assertEqual(
                            attachment.with_user(user).raw, attachment.sudo().raw
                        )
                        self.assertIn(attachment, note.with_user(user).attachment_ids)
                        continue
                    with self.assertRaises(AccessError):
                        attachment.with_user(user).read(["raw"])
                    if user.share:
                        # Portal users have no access to attachments at all.
                        with self.assertRaises(AccessError):
                            Attachment.search([("id", "=", attachment.id)])
                        continue
                    self.assertFalse(Attachment.search([("id", "=", attachment.id)]))
                    self.assertFalse(
                        Attachment.search(
                            [
                                ("res_model", "=", "fgp.professional.note"),
                                ("res_id", "=", note.id),
                            ]
                        )
                    )

    def test_foreign_attachment_refused(self):
        """A note cannot take over a file of another record (or another uploader)."""
        plan_file = self.env["ir.attachment"].create(
            {
                "name": "plan.txt",
                "raw": b"plan file",
                "res_model": "fgp.plan",
                "res_id": self.plan_b.id,
            }
        )
        colleague_upload = self.upload(self.safety_a, "collega.txt", b"x")
        note = self.note_a_personal.with_user(self.prof_a)
        for attachment in (plan_file, colleague_upload):
            with self.subTest(file=attachment.name):
                with self.assertRaises(AccessError):
                    note.write({"attachment_ids": [Command.link(attachment.id)]})
        self.assertEqual(plan_file.res_id, self.plan_b.id)

    def test_upload_on_saved_note(self):
        """Uploading on a saved note needs the right to edit that note."""
        Attachment = self.env["ir.attachment"]
        vals = {
            "name": "later.txt",
            "raw": b"later",
            "res_model": "fgp.professional.note",
            "res_id": self.note_a_team.id,
        }
        Attachment.with_user(self.prof_a).create(vals)
        for user in (self.safety_a, self.prof_b, self.manager_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Attachment.with_user(user).create(vals)

    def test_file_never_public(self):
        """A note's or plan's file cannot be made public (served to anyone by id)."""
        with self.assertRaises(ValidationError):
            self.upload_a_team.with_user(self.prof_a).write({"public": True})
        with self.assertRaises(ValidationError):
            self.env["ir.attachment"].create(
                {
                    "name": "openbaar.txt",
                    "raw": b"x",
                    "public": True,
                    "res_model": "fgp.plan",
                    "res_id": self.plan_a.id,
                }
            )

    def test_message_cannot_carry_note_file(self):
        """A colleague cannot smuggle a note's file out in a message on his plan."""
        with self.assertRaises(AccessError):
            self.plan_b.with_user(self.prof_b).message_post(
                body="Zie bijlage",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=self.upload_a_team.ids,
            )
