import base64
import io

from odoo import http
from odoo.tests import tagged
from odoo.tools.image import Image

from .common_attack import AttackCase


def png(color):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), color).save(buffer, "PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install", "fgp_http")
class TestAccessHttp(AttackCase):
    """Note files by id over HTTP (/web/content, /web/image) follow the note."""

    def upload_and_save(self, user, filename, raw, visibility):
        """Upload as the form does before the note is saved, then save it."""
        self.login(user)
        response = self.url_open(
            "/web/binary/upload_attachment",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "model": "fgp.professional.note",
                "id": "0",
            },
            files={"ufile": (filename, raw)},
        )
        self.assertEqual(response.status_code, 200)
        attachment_id = response.json()[0]["id"]
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/fgp.professional.note/web_save",
            {
                "model": "fgp.professional.note",
                "method": "web_save",
                "args": [
                    [],
                    {
                        "plan_id": self.plan_a.id,
                        "name": filename,
                        "visibility": visibility,
                        "attachment_ids": [[4, attachment_id]],
                    },
                ],
                "kwargs": {"specification": {"id": {}}},
            },
        )
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.res_model, "fgp.professional.note")
        self.assertEqual(attachment.res_id, result[0]["id"])
        return attachment

    def assert_served(self, user, attachment, raw, served):
        for route in (f"/web/content/{attachment.id}", f"/web/image/{attachment.id}"):
            with self.subTest(user=user.login, route=route):
                self.login(user)
                response = self.url_open(route)
                if served:
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response.content, raw)
                else:
                    self.assertNotEqual(response.content, raw)

    def test_team_note_file(self):
        """A case-file note's file: the team and its manager, nobody else."""
        raw = png("red")
        attachment = self.upload_and_save(self.prof_a, "team.png", raw, "team")
        for user in (self.prof_a, self.safety_a, self.manager_a):
            self.assert_served(user, attachment, raw, served=True)
        for user in (self.prof_b, self.manager_b) + tuple(self.portal_users):
            self.assert_served(user, attachment, raw, served=False)

    def test_personal_note_file(self):
        """A working note's file: only its author, not colleagues, not admins."""
        raw = png("blue")
        attachment = self.upload_and_save(self.prof_a, "eigen.png", raw, "personal")
        self.assert_served(self.prof_a, attachment, raw, served=True)
        for user in (
            self.safety_a,
            self.manager_a,
            self.admin,
            self.sysadmin,
            self.portal_member,
        ):
            self.assert_served(user, attachment, raw, served=False)

    def test_plan_file_not_for_portal_by_id(self):
        """A file on the plan is not served to a portal member by its id."""
        raw = b"interne bijlage bij het plan"
        attachment = self.env["ir.attachment"].create(
            {
                "name": "intern.txt",
                "datas": base64.b64encode(raw),
                "res_model": "fgp.plan",
                "res_id": self.plan_a.id,
            }
        )
        self.login(self.portal_member)
        response = self.url_open(f"/web/content/{attachment.id}")
        self.assertNotEqual(response.content, raw)
        self.login(self.prof_b)
        response = self.url_open(f"/web/content/{attachment.id}")
        self.assertNotEqual(response.content, raw)
