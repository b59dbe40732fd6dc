"""Class 2: a token is no key. Only a consented network member, logged in, reaches
a plan, through /my/plans; nothing of the plan's chatter, activities, followers or
files reaches a portal or public user through Odoo's own mail and portal routes,
with or without the plan's access token, hash or pid.

The routes attacked are taken from the routing map: every /my/plans route, and
every /mail/* and /portal/* route that takes a thread, a message, an attachment,
a follower or a token, so a route added later (by Odoo or by us) is attacked too."""

import inspect
import json
import uuid
from urllib.parse import urlencode

from odoo import http
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_attack import AttackCase, concrete_models

CANARY_CHATTER = "KANARIE-CHATTER-7F3A"
# A message between the family and the professional (models/fgp_plan_support.py):
# its members read it on the plan page only, never through /mail/*.
CANARY_FAMILY = "KANARIE-GEZINSBERICHT-41C8"
CANARY_NOTE = "Bel oma Jansen (06 12345678) KANARIE-ACTIVITEIT"
CANARY_EMAIL = "kanarie.volger@example.nl"
CANARY_FILE = "kanarie-bijlage.txt"
CANARY_CONTENT = b"KANARIE-BESTAND-9C2E"
INJECTED = "INGESCHOTEN-TEKST-5D1B"
# Plan A's own content, as its portal page would show it.
PLAN_A_TEXTS = ("Plan familie Geheimnaam", "Ons plan", "Oma brengt Sanne")
# Parameters by which a route reaches a record's thread or passes a token.
THREAD_PARAMS = {
    "thread_model",
    "thread_id",
    "model",
    "res_id",
    "message_id",
    "attachment_id",
    "follower_id",
    "access_token",
    "token",
    "_hash",
    "pid",
}


def endpoint_signature(rule):
    func = getattr(rule.endpoint, "original_endpoint", rule.endpoint)
    return inspect.signature(func).parameters


def endpoint_params(rule):
    return [
        name
        for name, param in endpoint_signature(rule).items()
        if name != "self" and param.kind is not inspect.Parameter.VAR_KEYWORD
    ]


def accepts_any(rule):
    """Whether the route takes any parameter (``**kwargs``): then it gets the
    token, hash and pid too."""
    return any(
        param.kind is inspect.Parameter.VAR_KEYWORD
        for param in endpoint_signature(rule).values()
    )


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackPortal(AttackCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.follower = cls.env["res.partner"].create(
            {"name": "Kanarie Volger", "email": CANARY_EMAIL}
        )
        cls.canaries = {}
        for record in cls._thread_records():
            cls.canaries[record] = cls._plant_canaries(record)
        cls.family_message = cls.plan_a.message_post(
            body=CANARY_FAMILY,
            message_type="comment",
            subtype_xmlid="fgp_odoo_addon.mt_fgp_family_message",
        )
        # A token from before this fix, or leaked: it must open nothing.
        cls.token = str(uuid.uuid4())
        cls.plan_a.sudo().write({"access_token": cls.token})
        cls.attackers = {
            "Po-": cls.portal_noconsent,
            "Po0": cls.portal_outsider,
            "public": None,
        }

    @classmethod
    def _thread_records(cls):
        """One record of plan A (or of the world) for every family-plan model
        with a chatter."""
        thread = cls.env.registry["mail.thread"]
        records = []
        for name in concrete_models(
            cls.env,
            lambda model: model._name.startswith("fgp.") and issubclass(model, thread),
        ):
            model = cls.env[name]
            if name == "fgp.plan":
                record = cls.plan_a
            elif "plan_id" in model._fields:
                record = model.search([("plan_id", "=", cls.plan_a.id)], limit=1)
            elif name == "fgp.team":
                record = cls.team_a
            else:
                record = model.search([], limit=1)
            if record:
                records.append(record)
        return records

    @classmethod
    def _plant_canaries(cls, record):
        message = record.message_post(
            body=f"{CANARY_CHATTER} {record._name}",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        attachment = cls.env["ir.attachment"].create(
            {
                "name": CANARY_FILE,
                "raw": CANARY_CONTENT,
                "res_model": record._name,
                "res_id": record.id,
            }
        )
        message.attachment_ids = attachment
        if "activity_ids" in record._fields:
            record.activity_schedule(
                "mail.mail_activity_data_todo", note=CANARY_NOTE, user_id=cls.prof_a.id
            )
        record.message_subscribe(cls.follower.ids)
        follower = cls.env["mail.followers"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("partner_id", "=", cls.follower.id),
            ]
        )
        return {"message": message, "attachment": attachment, "follower": follower}

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def login_as(self, user):
        if user:
            self.login(user)
        else:
            self.authenticate(None, None)

    def routes(self, prefixes):
        for rule in self.env["ir.http"].routing_map().iter_rules():
            if rule.rule.startswith(prefixes):
                yield rule

    def thread_routes(self):
        for rule in self.routes(("/mail/", "/portal/")):
            if THREAD_PARAMS & (set(endpoint_params(rule)) | set(rule.arguments)):
                yield rule

    def credentials(self, record):
        """The plan's token, and the hash and pid of a consented member's
        invitation link: everything a forwarded e-mail could hand over."""
        pid = self.portal_member.partner_id.id
        sign = self.plan_a.sudo()._sign_token(pid)
        return {
            "access_token": self.token,
            "token": self.token,
            "hash": sign,
            "_hash": sign,
            "pid": pid,
        }

    def values(self, record):
        canary = self.canaries[record]
        return {
            "thread_model": record._name,
            "thread_id": record.id,
            "model": record._name,
            "res_id": record.id,
            "plan_id": self.plan_a.id,
            "message_id": canary["message"].id,
            "attachment_id": canary["attachment"].id,
            "follower_id": canary["follower"].id,
            "section_id": self.section_a.id,
            "agreement_id": self.agreement_a.id,
            "request_list": [
                "activities",
                "attachments",
                "followers",
                "scheduledMessages",
                "suggestedRecipients",
            ],
            "post_data": {
                "body": INJECTED,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
                "attachment_ids": [],
            },
            "body": INJECTED,
            "name": INJECTED,
            "description": INJECTED,
            "remark": INJECTED,
            "deadline": "31-12-2026",
            "member_id": self.member_consent.id,
            "question_id": self.question_a.id,
            "attachment_ids": [],
            "attachment_tokens": [],
            "partner_ids": [],
            "content": "👍",
            "action": "add",
            "is_internal": False,
            "limit": 30,
            "page": 1,
            "width": 50,
            "height": 50,
            # Without the plan's credentials: wrong ones, as a guessing stranger.
            "access_token": "wrong",
            "token": "wrong",
            "pid": self.portal_outsider.partner_id.id,
        }

    def call(self, rule, values, creds=None):
        """Call the route the way a client would, with the values it takes;
        ``creds`` (token, hash, pid) go to every route that takes them."""
        creds = creds or {}
        values = dict(values, **creds)
        routing = rule.endpoint.routing
        url_values = {
            arg: values.get(arg, values["res_id"] if arg == "id" else 1)
            for arg in rule.arguments
        }
        if rule.rule.startswith("/mail/avatar/mail.message/"):
            url_values["res_id"] = values["message_id"]
        url = rule.build(url_values, append_unknown=False)[1]
        names = set(endpoint_params(rule))
        if accepts_any(rule):
            names |= set(creds)
        params = {
            name: values[name]
            for name in names
            if name in values and name not in rule.arguments
        }
        if routing["type"] == "json":
            return self.url_open(
                url,
                data=json.dumps(
                    {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
                ),
                headers={"Content-Type": "application/json"},
            )
        methods = routing.get("methods") or ["GET"]
        flat = {
            k: v for k, v in params.items() if isinstance(v, str | int) and k != "ufile"
        }
        if "POST" in methods:
            flat["csrf_token"] = http.Request.csrf_token(self)
            files = (
                {"ufile": (INJECTED, INJECTED.encode())}
                if "ufile" in endpoint_params(rule)
                else None
            )
            return self.url_open(url, data=flat, files=files)
        return self.url_open(f"{url}?{urlencode(flat)}")

    def snapshot(self):
        """What an attack must not change: every canary and every count."""
        self.env.invalidate_all()
        state = {}
        for record, canary in self.canaries.items():
            key = (record._name, record.id)
            domain = [("model", "=", record._name), ("res_id", "=", record.id)]
            messages = self.env["mail.message"].search(domain)
            state[key] = (
                len(messages),
                tuple(messages.mapped("body")),
                tuple(messages.mapped("is_internal")),
                self.env["ir.attachment"].search_count(
                    [("res_model", "=", record._name), ("res_id", "=", record.id)]
                ),
                self.env["mail.message.reaction"].search_count(
                    [("message_id", "in", messages.ids)]
                ),
                tuple(
                    sorted(
                        self.env["mail.followers"]
                        .search(
                            [
                                ("res_model", "=", record._name),
                                ("res_id", "=", record.id),
                            ]
                        )
                        .partner_id.ids
                    )
                ),
                canary["attachment"].exists().raw,
            )
        plan = self.plan_a
        state["plan_a"] = (
            tuple(plan.section_ids.mapped("name")),
            tuple(plan.question_ids.mapped("name")),
            tuple(plan.agreement_ids.mapped("description")),
            tuple(plan.agreement_ids.mapped("state")),
            tuple(plan.agreement_ids.mapped("remark")),
        )
        return state

    def assert_nothing_leaks(self, response, texts=()):
        body = response.content
        for secret in (
            CANARY_CHATTER,
            "06 12345678",
            CANARY_EMAIL,
            CANARY_FILE,
            CANARY_CONTENT.decode(),
            *texts,
        ):
            self.assertNotIn(secret.encode(), body, secret)

    # ------------------------------------------------------------------
    # The attacks
    # ------------------------------------------------------------------
    def test_thread_models_are_closed(self):
        """Every family-plan model with a chatter closes it to share users, and
        the plan never hands out a token (so a later model is covered too)."""
        registry = self.env.registry
        closed = registry["fgp.internal.thread.mixin"]
        for name in registry:
            model = self.env[name]
            if name.startswith("fgp.") and isinstance(model, registry["mail.thread"]):
                with self.subTest(model=name):
                    self.assertIsInstance(model, closed)
            if name.startswith("fgp.") and isinstance(model, registry["portal.mixin"]):
                with self.subTest(model=name, check="token"):
                    self.assertFalse(model.browse()._portal_ensure_token())
        self.assertTrue(self.canaries, "no thread records to attack")

    def test_portal_url_never_carries_a_token(self):
        """The plan's URLs (portal, share, e-mail button) carry no token, hash or
        pid, and asking for them creates no token."""
        plan = self.plan_b
        for url in (
            plan.get_portal_url(),
            plan.get_portal_url(suffix="/versions", anchor="x"),
            plan._get_share_url(),
            plan._get_share_url(redirect=True, pid=self.portal_member.partner_id.id),
        ):
            with self.subTest(url=url):
                self.assertNotIn("access_token", url)
                self.assertNotIn("hash=", url)
                self.assertNotIn("pid=", url)
        self.assertEqual(plan.get_portal_url(), f"/my/plans/{plan.id}")
        self.assertFalse(plan.access_token)

    def test_notification_link_carries_no_token(self):
        """A consented member following the plan is mailed a link without the
        plan's token (even one it still has from before)."""
        self.plan_a.message_subscribe(self.portal_member.partner_id.ids)
        with self.mock_mail_gateway():
            self.plan_a.with_user(self.prof_a).message_post(
                body="Nieuws voor het netwerk",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        mails = self._new_mails.filtered(
            lambda m: self.portal_member.partner_id in m.recipient_ids
        )
        self.assertTrue(mails)
        for mail in mails:
            self.assertNotIn(self.token, mail.body_html)
            self.assertNotIn("access_token", mail.body_html)
            self.assertNotIn("hash=", mail.body_html)

    def test_family_messages_only_on_the_plan_page(self):
        """A consented member reads the family's messages on the plan page,
        which renders them; not through the mail routes nor over JSON-RPC.
        Someone outside the network reads them nowhere."""
        self.login(self.portal_member)
        page = self.url_open(f"/my/plans/{self.plan_a.id}")
        self.assertIn(CANARY_FAMILY, page.text)
        for route, params in (
            (
                "/mail/thread/messages",
                {"thread_model": "fgp.plan", "thread_id": self.plan_a.id},
            ),
            (
                "/mail/thread/data",
                {
                    "thread_model": "fgp.plan",
                    "thread_id": self.plan_a.id,
                    "request_list": ["activities", "followers"],
                },
            ),
        ):
            with self.subTest(route=route):
                response = self.url_open(
                    route,
                    data=json.dumps(
                        {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
                    ),
                    headers={"Content-Type": "application/json"},
                )
                self.assertNotIn(CANARY_FAMILY, response.text)
        text, _json = self.rpc_raw(
            "mail.message",
            "search_read",
            [("id", "=", self.family_message.id)],
            ["body"],
        )
        self.assertNotIn(CANARY_FAMILY, text)
        self.login(self.portal_outsider)
        page = self.url_open(f"/my/plans/{self.plan_a.id}")
        self.assertNotIn(CANARY_FAMILY, page.text)

    def test_my_plans_routes(self):
        """Every /my/plans route, as Po-, Po0 and a public user, with and without
        the plan's token: nothing of plan A shows, nothing is written."""
        rules = list(self.routes(("/my/plans",)))
        self.assertGreaterEqual(len(rules), 10)
        before = self.snapshot()
        values = self.values(self.plan_a)
        for role, user in self.attackers.items():
            self.login_as(user)
            for rule in rules:
                for creds in ({}, self.credentials(self.plan_a)):
                    with self.subTest(role=role, route=rule.rule, token=bool(creds)):
                        response = self.call(rule, values, creds)
                        self.assertNotEqual(response.status_code, 500)
                        self.assert_nothing_leaks(response, PLAN_A_TEXTS)
                        self.assertEqual(self.snapshot(), before)

    def test_public_routes_show_no_family(self):
        """Every route of this addon open without login (the accessibility
        statement, and any added later), as Po-, Po0, a public user and a
        consented member, with and without plan A's token: nothing of any plan
        shows, nothing is written."""
        rules = [
            rule
            for rule in self.env["ir.http"].routing_map().iter_rules()
            if rule.endpoint.routing["auth"] in ("public", "none")
            and getattr(
                rule.endpoint, "original_endpoint", rule.endpoint
            ).__module__.startswith("odoo.addons.fgp_odoo_addon.")
        ]
        self.assertIn("/toegankelijkheid", [rule.rule for rule in rules])
        before = self.snapshot()
        values = self.values(self.plan_a)
        for role, user in dict(self.attackers, **{"Po+": self.portal_member}).items():
            self.login_as(user)
            for rule in rules:
                for creds in ({}, self.credentials(self.plan_a)):
                    with self.subTest(role=role, route=rule.rule, token=bool(creds)):
                        response = self.call(rule, values, creds)
                        self.assertNotEqual(response.status_code, 500)
                        self.assert_nothing_leaks(response, PLAN_A_TEXTS)
                        self.assertEqual(self.snapshot(), before)

    def test_mail_and_portal_routes(self):
        """Every /mail and /portal route that takes a thread, message, file,
        follower or token, on every family-plan chatter, as Po-, Po0, a public
        user and Po+ (a consented member, who works in /my/plans and has no
        chatter either), with and without the plan's token, hash and pid:
        no canary (message, activity note, follower address, file) comes out
        and nothing is posted, changed or removed."""
        rules = list(self.thread_routes())
        urls = {rule.rule for rule in rules}
        for expected in (
            "/mail/thread/data",
            "/mail/thread/messages",
            "/mail/message/post",
            "/mail/message/update_content",
            "/mail/attachment/upload",
            "/mail/view",
            "/portal/chatter_init",
            "/mail/chatter_fetch",
        ):
            self.assertIn(expected, urls)
        before = self.snapshot()
        attackers = dict(self.attackers, **{"Po+": self.portal_member})
        for role, user in attackers.items():
            self.login_as(user)
            for record in self.canaries:
                values = self.values(record)
                variants = [{}]
                if record == self.plan_a:
                    variants.append(self.credentials(record))
                for rule in rules:
                    for creds in variants:
                        with self.subTest(
                            role=role,
                            model=record._name,
                            route=rule.rule,
                            token=bool(creds),
                        ):
                            response = self.call(rule, values, creds)
                            self.assert_nothing_leaks(response)
                            self.assertEqual(self.snapshot(), before)

    def test_files_by_token(self):
        """/web/content and /web/image with the plan's token serve none of its
        files nor its fields."""
        attachment = self.canaries[self.plan_a]["attachment"]
        urls = [
            f"/web/content/{attachment.id}",
            f"/web/image/{attachment.id}",
            "/web/content",
            f"/web/content/fgp.plan/{self.plan_a.id}/youth_voice",
        ]
        params = {
            "access_token": self.token,
            "model": "ir.attachment",
            "id": attachment.id,
            "field": "raw",
        }
        for role, user in dict(self.attackers, **{"Po+": self.portal_member}).items():
            self.login_as(user)
            for url in urls:
                with self.subTest(role=role, url=url):
                    response = self.url_open(f"{url}?{urlencode(params)}")
                    self.assert_nothing_leaks(response)

    def test_plan_pages_are_logged_by_their_check(self):
        """Each /my/plans page that shows the plan's content is logged for the
        consented member, by the one access check; a refused one is not."""
        Log = self.env["fgp.access.log"]
        pages = {
            "/my/plans/<int:plan_id>": "portal_view",
            "/my/plans/<int:plan_id>/versions": "portal_view",
        }
        routes = {r.rule for r in self.routes(("/my/plans/<int:plan_id>",))}
        for url in pages:
            self.assertIn(url, routes)
        for url, operation in pages.items():
            path = url.replace("<int:plan_id>", str(self.plan_a.id))
            for user, logged in (
                (self.portal_member, True),
                (self.portal_noconsent, False),
                (self.portal_outsider, False),
            ):
                with self.subTest(url=url, user=user.login):
                    self.login_as(user)
                    domain = [
                        ("plan_id", "=", self.plan_a.id),
                        ("operation", "=", operation),
                        ("user_id", "=", user.id),
                    ]
                    count = Log.sudo().search_count(domain)
                    self.url_open(f"{path}?access_token={self.token}")
                    self.assertEqual(
                        Log.sudo().search_count(domain), count + int(logged)
                    )
