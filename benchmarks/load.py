"""Many families and professionals at once, against `bash scripts/run_scaled.sh`.

    bash scripts/bench.sh load [--url http://127.0.0.1:8069] [--users 10,50,100]
                               [--think 1,5] [--duration 20] [--max-requests 20000]

On the generated municipality (`bash scripts/bench.sh generate --scale 0.05`), with the
server of scripts/run_scaled.sh on the same database. Each simulated user has a session
of their own, logged in once as a different user:

- families (portal users on network members with consent, made here when missing)
  open /my/plans and their plan page, add an agreement and mark one of their own done;
- professionals open the plan list, a plan form and the agreement list with
  web_search_read / web_read and the specifications of the views, and save a note;
- a manager downloads the agreements overview (XLSX) of their team;
- the follow-up job is triggered at the start of every level and runs on the cron
  workers meanwhile.

Every level runs twice. First as people work: each user reads what they got for a
think time drawn between --think seconds (1 to 5: a family reading its plan page on a
phone takes longer) before the next request. Then as a closed loop without think time,
which shows what the server does at and past saturation. The portal's response-time
goal is measured on the first, the throughput past saturation on the second.

Load comes from httpx on asyncio (one process, one connection per user). Each level is
bounded by --duration seconds and --max-requests requests; traffic goes to localhost
only. The lines `name: value (goal ...)` end with `load_and_faults: all goals met` or
`load_and_faults: not met: <names>`. Every write that got its answer is looked up
afterwards: it must be in the database exactly once.
"""

import argparse
import asyncio
import functools
import logging
import os
import random
import re
import resource
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from common import functional_admin, open_registry

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Benchmark users' passwords are their logins, hashed with few rounds: logging in a
# hundred sessions must not be what the machine spends its time on.
HASH_ROUNDS = 1000
FAMILY_LOGIN = "fgp_load_family_{}"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TIMEOUT = httpx.Timeout(120.0, connect=10.0)
# Odoo's logging configuration would print every request httpx sends.
logging.getLogger("httpx").setLevel(logging.WARNING)


# -- set-up on the database ----------------------------------------------------
@functools.cache
def registry():
    """The benchmark database's registry (Odoo's configuration is parsed once)."""
    return open_registry()


def _set_passwords(env, users):
    from passlib.hash import pbkdf2_sha512

    for user in users:
        env.cr.execute(
            "UPDATE res_users SET password = %s WHERE id = %s",
            [pbkdf2_sha512.using(rounds=HASH_ROUNDS).hash(user.login), user.id],
        )


def cheap_passwords(logins):
    """Hash the benchmark users' passwords with few rounds again: Odoo
    re-hashes a password with its own (600,000) rounds at each log-in."""
    from odoo import SUPERUSER_ID, api

    with registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        _set_passwords(env, env["res.users"].search([("login", "in", list(logins))]))


def _view_spec(env, model, view_type):
    """The specification the web client sends for a view: its own fields (not
    those of embedded sub-views), many2one and x2many with their display name."""
    from lxml import etree

    Model = env[model]
    arch = Model.get_views([(False, view_type)])["views"][view_type]["arch"]
    fields = Model.fields_get(attributes=["type"])
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name = node.get("name")
        kind = fields.get(name, {}).get("type")
        if kind in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        elif kind:
            spec[name] = {}
    return spec


def prepare(n_families, n_professionals):
    """Users, their plans and the view specifications; committed."""
    from odoo import SUPERUSER_ID, api

    registry_ = registry()
    from odoo.addons.fgp_odoo_addon.models.fgp_plan import FINISHED_STATES

    with registry_.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        admin = functional_admin(env)
        cr.execute(
            """
            SELECT DISTINCT ON (m.partner_id) m.id, m.plan_id, m.partner_id
            FROM fgp_network_member m
            JOIN fgp_plan p ON p.id = m.plan_id
            JOIN res_partner rp ON rp.id = m.partner_id
            WHERE m.consent_date IS NOT NULL AND p.state != ALL(%s)
              AND NOT rp.is_company AND rp.active
              AND NOT EXISTS (SELECT 1 FROM res_users u
                              WHERE u.partner_id = m.partner_id
                                AND u.login NOT LIKE 'fgp_load_family_%%')
            ORDER BY m.partner_id, m.id
            LIMIT %s
            """,
            [list(FINISHED_STATES), n_families],
        )
        members = cr.fetchall()
        if len(members) < n_families:
            raise SystemExit(
                f"Only {len(members)} network members with consent on open plans: "
                "generate a larger municipality (generate --scale 0.05 or more)."
            )
        Users = env["res.users"].with_context(no_reset_password=True)
        portal = env.ref("base.group_portal")
        families = []
        for member_id, plan_id, partner_id in members:
            login = FAMILY_LOGIN.format(partner_id)
            user = Users.with_context(active_test=False).search([("login", "=", login)])
            if not user:
                user = Users.create(
                    {
                        "login": login,
                        "partner_id": partner_id,
                        "groups_id": [(6, 0, portal.ids)],
                    }
                )
            families.append({"login": login, "plan": plan_id, "member": member_id})
        family_users = Users.search([("login", "in", [f["login"] for f in families])])
        professional = env.ref("fgp_odoo_addon.group_fgp_professional")
        manager = env.ref("fgp_odoo_addon.group_fgp_manager")
        pros = Users.search(
            [("groups_id", "in", professional.ids), ("login", "like", "fgp%@%")],
            limit=n_professionals,
            order="id",
        )
        boss = Users.search([("groups_id", "in", manager.ids)], limit=1, order="id")
        _set_passwords(env, family_users | pros | boss | admin)
        professionals = []
        for user in pros:
            plans = env["fgp.plan"].with_user(user).search([], limit=20).ids
            if plans:
                professionals.append({"login": user.login, "plans": plans})
        overview = env["fgp.agreement"].with_user(boss).search([], limit=300).ids
        specs = {
            "plan_list": _view_spec(env, "fgp.plan", "list"),
            "plan_form": _view_spec(env, "fgp.plan", "form"),
            "agreement_list": _view_spec(env, "fgp.agreement", "list"),
        }
        manager = {"login": boss.login, "agreements": overview}
        cr.commit()
    return {
        "db": registry_.db_name,
        "families": families,
        "professionals": professionals,
        "manager": manager,
        "specs": specs,
    }


def trigger_follow_up():
    """Ask the cron workers to run the follow-up job now; its last call before."""
    from odoo import SUPERUSER_ID, api

    with registry().cursor() as cr:
        cron = api.Environment(cr, SUPERUSER_ID, {}).ref(
            "fgp_odoo_addon.ir_cron_fgp_follow_up"
        )
        lastcall = cron.lastcall
        cron._trigger()
        cr.commit()
    return lastcall


def follow_up_lastcall():
    with registry().cursor() as cr:
        cr.execute(
            "SELECT c.lastcall FROM ir_cron c JOIN ir_model_data d "
            "ON d.res_id = c.id AND d.model = 'ir.cron' "
            "WHERE d.module = 'fgp_odoo_addon' AND d.name = 'ir_cron_fgp_follow_up'"
        )
        return cr.fetchone()[0]


# -- measuring -----------------------------------------------------------------
@dataclass
class Stats:
    """Latencies and errors per page kind."""

    samples: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    error_kinds: dict = field(default_factory=dict)
    requests: int = 0

    def add(self, kind, seconds, error=None):
        self.requests += 1
        self.samples.setdefault(kind, []).append(seconds)
        if error:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.error_kinds[error] = self.error_kinds.get(error, 0) + 1

    def total_errors(self):
        return sum(self.errors.values())


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Client:
    """One user's session: an httpx client with its own cookies. A level gives it
    its ``stats``, ``budget`` and ``think`` time (seconds, min and max)."""

    def __init__(self, url, stats, budget):
        self.http = httpx.AsyncClient(
            base_url=url,
            timeout=TIMEOUT,
            limits=httpx.Limits(max_connections=1),
            follow_redirects=False,
        )
        self.stats = stats
        self.budget = budget
        self.think = None

    async def close(self):
        await self.http.aclose()

    async def login(self, db, login, attempts=3):
        """Log in (not measured); a 503 of the load balancer's queue is tried
        again, as a user would, up to ``attempts`` times."""
        for attempt in range(attempts):
            response = await self.http.post(
                "/web/session/authenticate",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"db": db, "login": login, "password": login},
                },
            )
            if response.status_code == 503 and attempt + 1 < attempts:
                print(f"  {login}: log-in got 503 (queue full), trying again")
                await asyncio.sleep(2)
                continue
            break
        try:
            body = response.json()
        except ValueError:
            body = {"error": f"HTTP {response.status_code} {response.text[:200]}"}
        if "error" in body or not body.get("result", {}).get("uid"):
            raise SystemExit(f"{login} could not log in: {body.get('error')}")

    async def request(self, kind, method, path, ok=(200,), **kwargs):
        """Send one request and record it; the response, or None on an error."""
        self.budget["left"] -= 1
        start = time.monotonic()
        error = None
        response = None
        try:
            response = await self.http.request(method, path, **kwargs)
            if response.status_code not in ok:
                error = f"HTTP {response.status_code}"
                if response.is_redirect:
                    target = urlsplit(response.headers["Location"]).path
                    error = f"{error} to {target}"
            elif kwargs.get("json") is not None and "error" in response.json():
                data = response.json()["error"].get("data", {})
                error = f"JSON-RPC {data.get('name') or 'error'}"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        self.stats.add(kind, time.monotonic() - start, error)
        if self.think:
            await asyncio.sleep(random.uniform(*self.think))
        return None if error else response

    async def call(self, kind, model, method, args, kwargs):
        response = await self.request(
            kind,
            "POST",
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs,
                },
            },
        )
        return response.json()["result"] if response is not None else None


@dataclass
class Writes:
    """What was written under load: answered (must exist once) or not (at most once)."""

    agreements: list = field(default_factory=list)
    agreements_unanswered: list = field(default_factory=list)
    done: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    notes_unanswered: list = field(default_factory=list)


DONE_FORM = r'action="/my/plans/{plan}/agreement/(\d+)/done"'


async def family_loop(client, family, writes, tag, running):
    plan = family["plan"]
    done_form = re.compile(DONE_FORM.format(plan=plan))
    n = 0
    while running():
        await client.request("portal: /my/plans", "GET", "/my/plans")
        page = await client.request("portal: plan page", "GET", f"/my/plans/{plan}")
        if page is None or not running():
            continue
        csrf = CSRF.search(page.text)
        if not csrf:
            client.stats.add("portal: plan page", 0, "no plan page (redirected?)")
            continue
        n += 1
        description = f"{tag} {family['login']} {n}"
        saved = await client.request(
            "portal: add agreement",
            "POST",
            f"/my/plans/{plan}/agreement/add",
            ok=(303,),
            data={
                "csrf_token": csrf.group(1),
                "description": description,
                "source": "network",
                "member_id": str(family["member"]),
            },
        )
        (writes.agreements if saved else writes.agreements_unanswered).append(
            description
        )
        page = await client.request("portal: plan page", "GET", f"/my/plans/{plan}")
        if page is None or not running():
            continue
        open_ids = done_form.findall(page.text)
        csrf = CSRF.search(page.text)
        if open_ids and csrf:
            agreement = int(random.choice(open_ids))
            marked = await client.request(
                "portal: mark done",
                "POST",
                f"/my/plans/{plan}/agreement/{agreement}/done",
                ok=(303,),
                data={"csrf_token": csrf.group(1)},
            )
            if marked:
                writes.done.append(agreement)


async def professional_loop(client, pro, specs, writes, tag, running):
    n = 0
    while running():
        await client.call(
            "back office: plan list",
            "fgp.plan",
            "web_search_read",
            [],
            {
                "specification": specs["plan_list"],
                "domain": [],
                "offset": 0,
                "limit": 80,
                "order": "",
                "count_limit": 10001,
            },
        )
        plan = random.choice(pro["plans"])
        await client.call(
            "back office: plan form",
            "fgp.plan",
            "web_read",
            [[plan]],
            {"specification": specs["plan_form"]},
        )
        await client.call(
            "back office: agreement list",
            "fgp.agreement",
            "web_search_read",
            [],
            {
                "specification": specs["agreement_list"],
                "domain": [("plan_id", "=", plan)],
                "offset": 0,
                "limit": 80,
                "order": "",
                "count_limit": 10001,
            },
        )
        if not running():
            break
        n += 1
        name = f"{tag} {pro['login']} {n}"
        saved = await client.call(
            "back office: save note",
            "fgp.professional.note",
            "web_save",
            [[], {"plan_id": plan, "name": name, "body": "<p>Gebeld.</p>"}],
            {"specification": {"display_name": {}}},
        )
        (writes.notes if saved else writes.notes_unanswered).append(name)


async def manager_loop(client, manager, running):
    ids = ",".join(map(str, manager["agreements"]))
    while running():
        await client.request(
            "manager: agreements overview",
            "GET",
            f"/report/xlsx/fgp_odoo_addon.agreement_overview_xlsx/{ids}",
        )
        await asyncio.sleep(1)  # reads the sheet before the next download


def mix(users):
    """How many families, professionals and managers make ``users``."""
    managers = 1
    professionals = max(1, round((users - managers) * 0.4))
    return users - managers - professionals, professionals, managers


class Sessions:
    """Every user's session, logged in once for the whole run: a level uses the
    first families, professionals and the manager it needs."""

    def __init__(self, url, setup, users):
        n_fam, n_pro, _n_man = mix(users)
        self.setup = setup
        self.families = setup["families"][:n_fam]
        # one user may have two sessions (more sessions than professionals)
        self.pros = [
            setup["professionals"][i % len(setup["professionals"])]
            for i in range(n_pro)
        ]
        self.clients = {
            "family": [Client(url, None, None) for _ in self.families],
            "pro": [Client(url, None, None) for _ in self.pros],
            "manager": [Client(url, None, None)],
        }

    async def login(self):
        logins = [f["login"] for f in self.families] + [p["login"] for p in self.pros]
        logins.append(self.setup["manager"]["login"])
        # Odoo hashes a password again (600,000 rounds) at a log-in: once per user
        # before the sessions are made, never while one of them is open.
        cheap_passwords(logins)
        clients = [*self.clients["family"], *self.clients["pro"]]
        clients.append(self.clients["manager"][0])
        at_once = asyncio.Semaphore(4)

        async def login(client, login):
            async with at_once:
                await client.login(self.setup["db"], login)

        await asyncio.gather(
            *(login(c, u) for c, u in zip(clients, logins, strict=True))
        )

    async def close(self):
        for group in self.clients.values():
            for client in group:
                await client.close()

    def level(self, users, stats, budget, think):
        """The clients of a level, given its stats, budget and think time."""
        n_fam, n_pro, _n_man = mix(users)
        chosen = {
            "family": self.clients["family"][:n_fam],
            "pro": self.clients["pro"][:n_pro],
            "manager": self.clients["manager"],
        }
        for group in chosen.values():
            for client in group:
                client.stats, client.budget, client.think = stats, budget, think
        return chosen


async def run_level(sessions, users, think, duration, max_requests, writes, tag):
    """One level: ``users`` sessions at once for ``duration`` seconds, each
    pausing a ``think`` time (or none) after every answer."""
    stats = Stats()
    budget = {"left": max_requests}
    clients = sessions.level(users, stats, budget, think)
    setup = sessions.setup
    lastcall = trigger_follow_up()
    deadline = time.monotonic() + duration

    def running():
        return time.monotonic() < deadline and budget["left"] > 0

    usage = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = server_cpu_seconds()
    start = time.monotonic()
    await asyncio.gather(
        *(
            family_loop(c, f, writes, tag, running)
            for c, f in zip(clients["family"], sessions.families, strict=False)
        ),
        *(
            # each session names its notes
            professional_loop(c, p, setup["specs"], writes, f"{tag} s{i}", running)
            for i, (c, p) in enumerate(zip(clients["pro"], sessions.pros, strict=False))
        ),
        manager_loop(clients["manager"][0], setup["manager"], running),
    )
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (
        after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    ) / wall
    server = (server_cpu_seconds() - server_cpu) / wall if server_cpu else None
    return stats, wall, client_cpu, server, lastcall


async def run_levels(args, setup, levels, writes, tag):
    """Log every session in, warm up, then each level (users, think time)."""
    sessions = Sessions(args.url, setup, max(users for users, _think in levels))
    await sessions.login()
    results = {}
    try:
        if args.warmup:
            # every worker loads its registry and assets before anything is measured
            await run_level(
                sessions, 6, None, args.warmup, 1000, writes, f"{tag}-warmup"
            )
        for users, think in levels:
            level_tag = f"{tag}-{users}-{'think' if think else 'closed'}"
            result = await run_level(
                sessions,
                users,
                think,
                args.duration,
                args.max_requests,
                writes,
                level_tag,
            )
            report_level(users, think, *result[:4])
            results[users, think] = result
    finally:
        await sessions.close()
    return results


def server_pids():
    """The Odoo servers of scripts/run_scaled.sh (pid files in .local) and their
    workers."""
    import psutil

    local = os.path.join(os.path.dirname(__file__), "..", ".local")
    procs = []
    for name in sorted(os.listdir(local)):
        if name.startswith("scaled-server-") and name.endswith(".pid"):
            try:
                with open(os.path.join(local, name)) as pidfile:
                    master = psutil.Process(int(pidfile.read().strip()))
                procs.append(master)
                procs.extend(master.children(recursive=True))
            except (ValueError, OSError, psutil.Error):
                continue
    return procs


def server_cpu_seconds():
    """CPU seconds of the Odoo processes so far (0 when none are found)."""
    import psutil

    total = 0.0
    for proc in server_pids():
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def verify(writes):
    """Every answered write exactly once; an unanswered one at most once."""
    with registry().cursor() as cr:

        def counts(table, column, values):
            if not values:
                return {}
            cr.execute(
                f"SELECT {column}, count(*) FROM {table} "  # noqa: S608 (fixed names)
                f"WHERE {column} = ANY(%s) GROUP BY {column}",
                [list(values)],
            )
            return dict(cr.fetchall())

        agreements = counts("fgp_agreement", "description", writes.agreements)
        lost = [d for d in writes.agreements if agreements.get(d, 0) != 1]
        notes = counts("fgp_professional_note", "name", writes.notes)
        lost += [n for n in writes.notes if notes.get(n, 0) != 1]
        doubled = [
            d
            for d, c in counts(
                "fgp_agreement", "description", writes.agreements_unanswered
            ).items()
            if c > 1
        ]
        doubled += [
            n
            for n, c in counts(
                "fgp_professional_note", "name", writes.notes_unanswered
            ).items()
            if c > 1
        ]
        done = set(writes.done)
        if done:
            cr.execute(
                "SELECT count(*) FROM fgp_agreement WHERE id = ANY(%s) "
                "AND state = 'done'",
                [list(done)],
            )
            not_done = len(done) - cr.fetchone()[0]
        else:
            not_done = 0
    answered = len(writes.agreements) + len(writes.notes) + len(done)
    return answered, lost, doubled, not_done


def portal_pages(stats):
    """The latencies of the family's pages (not its saves)."""
    return [
        v
        for kind, values in stats.samples.items()
        if kind.startswith("portal: ")
        and kind not in ("portal: add agreement", "portal: mark done")
        for v in values
    ]


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def report_level(users, think, stats, wall, client_cpu, server_cpu):
    how = f"think time {think[0]:g}-{think[1]:g} s" if think else "closed loop"
    print(
        f"\n## {users} concurrent users, {how} ({wall:.0f} s, load average {loadavg()})"
    )
    for kind in sorted(stats.samples):
        values = stats.samples[kind]
        print(
            f"  {kind}: {len(values) / wall:.1f} req/s"
            f", p50 {ms(statistics.median(values))}"
            f", p95 {ms(percentile(values, 0.95))}, p99 {ms(percentile(values, 0.99))}"
            f", errors {stats.errors.get(kind, 0)}"
        )
    if stats.error_kinds:
        print(f"  errors by kind: {stats.error_kinds}")
    print(
        f"  all: {stats.requests / wall:.1f} req/s; load generator CPU "
        f"{client_cpu * 100:.0f} % of one core"
        + (f"; Odoo servers CPU {server_cpu * 100:.0f} %" if server_cpu else "")
    )


class Goals:
    def __init__(self):
        self.failed = []
        self.not_applicable = []

    def line(self, name, value, goal, met):
        print(f"{name}: {value} (goal {goal})")
        if not met:
            self.failed.append(name)

    def skip(self, name, why):
        """A goal this set-up cannot measure: said so, not counted as failed."""
        print(f"{name}: skipped, {why} (not applicable)")
        self.not_applicable.append(name)

    def verdict(self):
        skipped = (
            f" (not applicable: {', '.join(self.not_applicable)})"
            if self.not_applicable
            else ""
        )
        if self.failed:
            print(f"load_and_faults: not met: {', '.join(self.failed)}{skipped}")
            return 1
        print(f"load_and_faults: all goals met{skipped}")
        return 0


def check_local(url):
    host = urlsplit(url).hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"Load is sent to localhost only, not to {host}.")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url",
        default=os.environ.get(
            "FGP_HTTP_URL", f"http://127.0.0.1:{os.environ.get('FGP_HTTP_PORT', 8069)}"
        ),
    )
    parser.add_argument("--users", default="10,50,100")
    parser.add_argument(
        "--think",
        default="1,5",
        help="s a user pauses after each answer, min,max (0,0: closed loop only)",
    )
    parser.add_argument("--duration", type=float, default=20.0, help="s per level")
    parser.add_argument("--max-requests", type=int, default=20000, help="per level")
    parser.add_argument(
        "--warmup", type=float, default=5.0, help="s of unmeasured load first"
    )
    args = parser.parse_args(argv)
    check_local(args.url)
    users_levels = [int(u) for u in args.users.split(",")]
    top = max(users_levels)
    print(f"load against {args.url}, load average {loadavg()}, {os.cpu_count()} cores")
    setup = prepare(mix(top)[0], mix(top)[1])
    print(
        f"{len(setup['families'])} families, {len(setup['professionals'])} "
        f"professionals, manager {setup['manager']['login']}"
    )
    tag = f"load-{uuid.uuid4().hex[:8]}"
    writes = Writes()
    think = tuple(float(t) for t in args.think.split(","))
    levels = [(users, think) for users in users_levels if think[1] > 0]
    levels += [(users, None) for users in users_levels]
    results = asyncio.run(run_levels(args, setup, levels, writes, tag))

    goals = Goals()
    for (users, level_think), (stats, *_rest) in results.items():
        how = "with think time" if level_think else "closed loop"
        goals.line(
            f"errors at {users} users, {how}",
            stats.total_errors(),
            "0",
            not stats.total_errors(),
        )
    closed = {u: r for (u, t), r in results.items() if t is None}
    throughput = {u: r[0].requests / r[1] for u, r in closed.items()}
    peak = max(throughput.values())
    at_top = throughput[top]
    goals.line(
        f"throughput at {top} users, closed loop",
        f"{at_top:.1f} req/s, {at_top / peak * 100:.0f} % of the peak {peak:.1f}",
        ">= 90 % of the peak",
        at_top >= 0.9 * peak,
    )
    for (users, level_think), (stats, *_rest) in results.items():
        if users != 50:
            continue
        p95 = percentile(portal_pages(stats), 0.95)
        if level_think:
            goals.line(
                "portal pages p95 at 50 users, with think time",
                ms(p95),
                "< 500 ms",
                p95 < 0.5,
            )
        else:
            print(
                f"portal pages p95 at 50 users, closed loop: {ms(p95)} (no goal: "
                "users that never pause wait for each other)"
            )
    cpu = max(r[2] for r in results.values())
    goals.line(
        "load generator CPU (highest level)",
        f"{cpu * 100:.0f} % of one core",
        "< 50 %, so that the server is what is measured",
        cpu < 0.5,
    )
    answered, lost, doubled, not_done = verify(writes)
    goals.line(
        "writes under load found exactly once",
        f"{answered - len(lost) - not_done} of {answered}"
        + (f" (missing or doubled: {lost[:3]})" if lost else "")
        + (f" ({not_done} marked done but not done)" if not_done else ""),
        "all",
        not lost and not not_done,
    )
    goals.line(
        "unanswered writes stored twice",
        len(doubled),
        "0",
        not doubled,
    )
    # the job was triggered at each level's start; it ran if its last call moved
    first_lastcall = results[levels[0]][4]
    ran = follow_up_lastcall() != first_lastcall
    goals.line("follow-up job ran during the load", "yes" if ran else "no", "yes", ran)
    print(f"load average at the end: {loadavg()}")
    return goals.verdict()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
