"""Hardening for an organisation that puts the portal on the internet: no free
sign-up, a password reset that does not tell who has an account, a session
cookie that cross-site requests do not carry, and pages no other site frames."""

import re

from odoo.tests import tagged

from .common_attack import AttackCase
from .world import DUTCH, load_dutch


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackHardening(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_dutch(cls.env, ("auth_signup", "fgp_odoo_addon"))
        cls.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.reset_password", "True"
        )

    def csrf_of(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def test_free_signup_is_off(self):
        """Families are invited: there is no sign-up form for strangers."""
        self.assertEqual(
            self.env["res.users"]._get_signup_invitation_scope(),
            "b2b",
        )
        self.authenticate(None, None)
        self.assertEqual(self.url_open("/web/signup").status_code, 404)
        self.assertNotIn("/web/signup", self.url_open("/web/login").text)

    def reset(self, login):
        self.opener.cookies.clear()
        self.opener.cookies.set("frontend_lang", DUTCH)
        page = self.url_open("/web/reset_password")
        self.assertEqual(page.status_code, 200)
        response = self.url_open(
            "/web/reset_password",
            data={"login": login, "csrf_token": self.csrf_of(page.text)},
        )
        self.assertEqual(response.status_code, 200)
        return response.text.replace(login, "LOGIN")

    def alert(self, html):
        match = re.search(r'class="alert[^"]*"[^>]*>(.*?)</', html, re.S)
        return match and match.group(1).strip()

    def test_reset_password_does_not_tell(self):
        """A known login, an e-mail address and an unknown login get one and
        the same Dutch answer."""
        known = self.alert(self.reset(self.portal_member.login))
        by_email = self.alert(self.reset(self.portal_member.email or "x@example.nl"))
        unknown = self.alert(self.reset("niemand-bekend@example.nl"))
        self.assertTrue(known)
        self.assertEqual(known, unknown)
        self.assertEqual(known, by_email)
        self.assertIn("e-mail", known)
        self.assertNotIn("No account", known)
        self.assertIn("Hoort er", known, "the answer is in Dutch")

    def test_signup_email_does_not_reveal_the_login(self):
        """The reset form's signup_email shortcut does not redirect a known
        address to the login form with its login filled in."""
        self.opener.cookies.clear()
        response = self.url_open(
            f"/web/reset_password?signup_email={self.portal_member.email}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.portal_member.login, response.text)

    def test_session_cookie_is_same_site_lax(self):
        """Logging in sets the session cookie with SameSite=Lax (and HttpOnly)."""
        self.opener.cookies.clear()
        page = self.url_open("/web/login")
        response = self.url_open(
            "/web/login",
            data={
                "login": self.portal_member.login,
                "password": self.portal_member.login,
                "csrf_token": self.csrf_of(page.text),
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        cookies = [
            c
            for c in response.raw.headers.getlist("Set-Cookie")
            if c.startswith("session_id=")
        ]
        self.assertTrue(cookies)
        for cookie in cookies:
            self.assertIn("SameSite=Lax", cookie)
            self.assertIn("HttpOnly", cookie)

    def assert_not_framed(self, response):
        self.assertIn(response.headers.get("X-Frame-Options"), ("SAMEORIGIN", "DENY"))
        self.assertIn(
            "frame-ancestors 'self'",
            response.headers.get("Content-Security-Policy", ""),
        )

    def test_frame_headers(self):
        """Every /my page (from the routing map), the login and reset pages
        tell the browser no other site may frame them."""
        # A stranger asking for /my pages is sent to the login page: that page,
        # and the reset page, must not be framed.
        public = ["/web/login", "/web/reset_password", "/my", "/my/plans"]
        for url in public:
            with self.subTest(user="public", url=url):
                self.authenticate(None, None)
                response = self.url_open(url)
                self.assertIn("/web/", response.url)
                self.assert_not_framed(response)
        pages = []
        for rule in self.env["ir.http"].routing_map().iter_rules():
            methods = rule.endpoint.routing.get("methods") or ["GET"]
            if (
                rule.rule.startswith("/my")
                and "GET" in methods
                and set(rule.arguments) <= {"plan_id", "page"}
                and rule.endpoint.routing["type"] == "http"
            ):
                pages.append(
                    rule.build(
                        {"plan_id": self.plan_a.id, "page": 1}, append_unknown=False
                    )[1]
                )
        self.assertIn(f"/my/plans/{self.plan_a.id}", pages)
        self.login(self.portal_member)
        for url in pages:
            with self.subTest(user="Po+", url=url):
                self.assert_not_framed(self.url_open(url, allow_redirects=False))
