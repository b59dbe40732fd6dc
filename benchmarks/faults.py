"""Faults under load, against `bash scripts/run_scaled.sh` on the project-local cluster.

    bash scripts/bench.sh faults [--url http://127.0.0.1:8069] [--only NAME,...]

Each fault is a scripted test that prints its result as `name: value (goal ...)` lines;
the last line is `load_and_faults: all goals met` or `load_and_faults: not met: ...`:

- replica_lag: replay on the replica paused (pg_wal_replay_pause()): a professional and
  a family who just saved read their own change; a session that did not write reads
  the replica's older value; the access-log entry of its read-only request is on the
  primary.
- worker_kill: kill -9 of an HTTP worker while families save agreements: the master
  respawns it; every save is answered with success or a clear message (haproxy's Dutch
  502 page) and is stored once or not at all, never half-written.
- cron_kill: kill -9 of the cron worker in the middle of a batch of the follow-up job:
  the next run finishes the work, and no agreement gets a second call activity or mail.
- pg_restart: the primary restarted (pg_ctl restart -m fast) under load: Odoo recovers
  by itself, no answered write is lost, failed requests got no traceback.
- replica_stop: the replica stopped under load: reads fall back to the primary (Odoo
  retries the replica after 20 minutes), not a storm of errors; then it starts again.
- two_servers: with two Odoo servers or more (FGP_SERVERS=2; with one it is skipped as
  not applicable), each spoken to on its own port, not through haproxy. A family logged
  in on server 1 is the same user on server 2 with the same cookie and finds their plan
  in /my/plans there; an agreement they save through server 2, with the form of server
  1's page, is read back through server 1. A professional uploads a note's file through
  server 1 (/web/binary/upload_attachment, then the note's web_save) and downloads it
  through server 2: the same bytes, one file in the one data_dir. 3,000 agreements for
  the follow-up job, with a second job running the same method triggered at the same
  moment (Odoo runs one call of a job at a time): each server's cron worker takes
  batches (told by the transaction id on each batch's agreements), no call fails, and
  every agreement is followed up once.

It kills and restarts processes of this project only: the Odoo servers whose pid files
scripts/run_scaled.sh writes (.local/scaled-server-*.pid) and the project-local
PostgreSQL cluster and replica in .local/pg (never a server given as PGHOST);
two_servers adds a copy of the follow-up job and removes it again. Every fault is
bounded (about a minute); the whole run takes a few minutes.
"""

import argparse
import asyncio
import configparser
import contextlib
import datetime
import hashlib
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
from common import BENCH_ADMIN_LOGIN
from load import (
    CSRF,
    Client,
    Goals,
    Stats,
    Writes,
    cheap_passwords,
    check_local,
    loadavg,
    prepare,
    registry,
    verify,
)

ROOT = Path(__file__).resolve().parent.parent
PG = ROOT / ".local" / "pg"
DUTCH_FAILURE = "Dit is niet gelukt"
# A clear answer to a request that failed: haproxy's pages (502: the server died
# mid-request, 503: no server in time, 504: too slow) or the addon's 503 when the
# database connection broke (a page, or a JSON-RPC error with code 503).
CLEAR_FAILURES = ("HTTP 502", "HTTP 503", "HTTP 504", "JSON-RPC error 503")
TRACEBACK = "Traceback (most recent call last)"


# -- processes of this project --------------------------------------------------
def pg_ctl(*args):
    """pg_ctl of the project-local cluster, as its owner (postgres when root)."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    command = [str(bins[-1]), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def replica_conninfo():
    port = int(os.environ.get("FGP_REPLICA_PORT") or int(os.environ["PGPORT"]) + 1)
    host = os.environ.get("FGP_REPLICA_HOST") or str(PG / "replica-run")
    return host, port


def sql(query, replica=False, db=None):
    import psycopg2

    host, port = (
        replica_conninfo() if replica else (os.environ["PGHOST"], os.environ["PGPORT"])
    )
    conn = psycopg2.connect(
        host=host, port=port, dbname=db or os.environ["FGP_BENCH_DB"], user="odoo"
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(query)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


def masters():
    local = ROOT / ".local"
    return [
        int(p.read_text().strip()) for p in sorted(local.glob("scaled-server-*.pid"))
    ]


def http_workers():
    return [p for p in _children() if _listens(p)]


def cron_workers():
    return [p for p in _children() if not _listens(p)]


def _children():
    """The forked workers of every Odoo master (not the gevent process)."""
    found = []
    for pid in masters():
        try:
            for child in psutil.Process(pid).children():
                if "gevent" not in child.cmdline():
                    found.append(child)
        except psutil.Error:
            continue
    return found


def _listens(proc):
    try:
        return any(c.status == psutil.CONN_LISTEN for c in proc.connections("tcp"))
    except psutil.Error:
        return False


async def wait_for(condition, seconds, step=0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(step)
    return condition()


# -- sessions ------------------------------------------------------------------
class Session(Client):
    """A client that also keeps what failed requests answered."""

    def __init__(self, url, stats):
        super().__init__(url, stats, {"left": 10**9})
        self.failures = []

    async def request(self, kind, method, path, ok=(200,), **kwargs):
        self.budget["left"] = 10**9
        try:
            response = await self.http.request(method, path, **kwargs)
        except Exception as exc:  # noqa: BLE001 (every failure is a result here)
            self.stats.add(kind, 0, type(exc).__name__)
            self.failures.append((kind, type(exc).__name__, ""))
            return None
        error = None
        if response.status_code not in ok:
            error = f"HTTP {response.status_code}"
        elif kwargs.get("json") is not None and "error" in response.json():
            error = f"JSON-RPC error {response.json()['error'].get('code')}"
        self.stats.add(kind, 0, error)
        if error:
            self.failures.append((kind, error, response.text))
            return None
        return response


async def save_agreement(session, family, description, csrf):
    """A family adds an agreement with their plan page's form (``csrf``: the
    page's token); the answer (a redirect), or None when it failed."""
    return await session.request(
        "save",
        "POST",
        f"/my/plans/{family['plan']}/agreement/add",
        ok=(303,),
        data={
            "csrf_token": csrf,
            "description": description,
            "source": "network",
            "member_id": str(family["member"]),
        },
    )


async def family_saves(session, family, writes, tag, running, pause=0.0):
    """A family that keeps adding agreements (the save under test)."""
    plan, n = family["plan"], 0
    while running():
        page = await session.request("plan page", "GET", f"/my/plans/{plan}")
        csrf = CSRF.search(page.text) if page is not None else None
        if not csrf:
            await asyncio.sleep(0.2)
            continue
        n += 1
        description = f"{tag} {family['login']} {n}"
        saved = await save_agreement(session, family, description, csrf.group(1))
        (writes.agreements if saved else writes.agreements_unanswered).append(
            description
        )
        await asyncio.sleep(pause)


async def professional_reads(session, pro, running):
    while running():
        await session.call(
            "web_search_read",
            "fgp.plan",
            "web_search_read",
            [],
            {"specification": {"name": {}, "state": {}}, "domain": [], "limit": 80},
        )
        await session.call(
            "web_read",
            "fgp.plan",
            "web_read",
            [[pro["plans"][0]]],
            {"specification": {"name": {}, "state": {}}},
        )


async def sessions(url, setup, n_families, n_pros, stats):
    fams = [Session(url, stats) for _ in range(n_families)]
    pros = [Session(url, stats) for _ in range(n_pros)]
    for session, family in zip(fams, setup["families"], strict=False):
        await session.login(setup["db"], family["login"])
    for session, pro in zip(pros, setup["professionals"], strict=False):
        await session.login(setup["db"], pro["login"])
    return fams, pros


def failure_summary(all_sessions):
    """Failures by kind, how many carried a traceback or the Dutch failure page;
    one example of each kind is printed."""
    kinds, tracebacks, clear = {}, 0, 0
    for session in all_sessions:
        for kind, error, text in session.failures:
            if error not in kinds:
                example = re.sub(r"\s+", " ", text)[:160]
                print(f"  example of {error} ({kind}): {example or '(no answer)'}")
            kinds[error] = kinds.get(error, 0) + 1
            tracebacks += TRACEBACK in text
            clear += error in CLEAR_FAILURES
    return kinds, tracebacks, clear


def half_written(tag):
    """Agreements of this run that lack what a family's save writes with them."""
    rows = sql(
        "SELECT count(*) FROM fgp_agreement WHERE description LIKE "
        f"'{tag} %' AND (member_id IS NULL OR plan_id IS NULL OR source IS NULL)"
    )
    return rows[0][0]


# -- the faults ----------------------------------------------------------------
async def replica_lag(url, setup, goals):
    from load import Stats as _Stats

    stats = _Stats()
    pro = setup["professionals"][0]
    writer, reader = Session(url, stats), Session(url, stats)
    await writer.login(setup["db"], pro["login"])
    # the functional administrator reads every team's plans
    await reader.login(setup["db"], BENCH_ADMIN_LOGIN)
    family = Session(url, stats)
    fam = setup["families"][0]
    await family.login(setup["db"], fam["login"])
    plan = pro["plans"][0]
    spec = {"specification": {"name": {}}}

    def name_of(result):
        return result[0]["name"] if result else None

    old = name_of(await writer.call("read", "fgp.plan", "web_read", [[plan]], spec))
    # the reader has not written: its web_read goes to the replica (logged)
    logged = sql(
        "SELECT count(*) FROM fgp_access_log WHERE operation = 'read' "
        f"AND plan_id = {plan}"
    )[0][0]
    sql("SELECT pg_wal_replay_pause()", replica=True)
    try:
        new = f"{old} ({uuid.uuid4().hex[:6]})"
        await writer.call("write", "fgp.plan", "write", [[plan], {"name": new}], {})
        seen = name_of(
            await writer.call("read", "fgp.plan", "web_read", [[plan]], spec)
        )
        stale = name_of(
            await reader.call("read", "fgp.plan", "web_read", [[plan]], spec)
        )
        await asyncio.sleep(1)
        logged_after = sql(
            "SELECT count(*) FROM fgp_access_log WHERE operation = 'read' "
            f"AND plan_id = {plan}"
        )[0][0]
        # the family: a save, then the next read-only request of the same session
        page = await family.request("page", "GET", f"/my/plans/{fam['plan']}")
        description = f"lag-{uuid.uuid4().hex[:8]}"
        await save_agreement(family, fam, description, CSRF.search(page.text).group(1))
        page = await family.request("page", "GET", f"/my/plans/{fam['plan']}")
        family_sees = page is not None and description in page.text
        # put the name back (on the primary; the replica catches up on resume)
        await writer.call("write", "fgp.plan", "write", [[plan], {"name": old}], {})
    finally:
        sql("SELECT pg_wal_replay_resume()", replica=True)
        for session in (writer, reader, family):
            await session.close()
    goals.line(
        "replica_lag: a session that did not write reads the replica",
        "old value" if stale == old else f"new value ({stale!r})",
        "old value: the lag is real",
        stale == old,
    )
    goals.line(
        "replica_lag: the professional reads their own write",
        "yes" if seen == new else f"no ({seen!r})",
        "yes",
        seen == new,
    )
    goals.line(
        "replica_lag: the family sees their own new agreement",
        "yes" if family_sees else "no",
        "yes",
        family_sees,
    )
    goals.line(
        "replica_lag: access-log entry of the replica read on the primary",
        f"+{logged_after - logged}",
        ">= 1",
        logged_after > logged,
    )


async def worker_kill(url, setup, goals, seconds=15):
    stats, writes, tag = Stats(), Writes(), f"kill-{uuid.uuid4().hex[:8]}"
    fams, _pros = await sessions(url, setup, 12, 0, stats)
    before = {p.pid for p in http_workers()}
    deadline = time.monotonic() + seconds

    def running():
        return time.monotonic() < deadline

    async def killer():
        # kill -9 a worker that is busy with a request (it uses CPU)
        await asyncio.sleep(4)
        for _attempt in range(20):
            for proc in http_workers():
                if proc.cpu_percent(interval=0.05) > 5:
                    proc.kill()
                    return proc.pid
        victim = http_workers()[0]
        victim.kill()
        return victim.pid

    results = await asyncio.gather(
        killer(),
        *(
            family_saves(s, f, writes, tag, running)
            for s, f in zip(fams, setup["families"], strict=False)
        ),
    )
    victim = results[0]
    respawned = await wait_for(
        lambda: len(http_workers()) >= len(before)
        and victim not in {p.pid for p in http_workers()},
        15,
    )
    kinds, tracebacks, clear = failure_summary(fams)
    for session in fams:
        await session.close()
    answered, lost, doubled, _nd = verify(writes)
    failed = sum(kinds.values())
    goals.line(
        "worker_kill: worker respawned", "yes" if respawned else "no", "yes", respawned
    )
    goals.line(
        "worker_kill: saves answered",
        f"{answered} saved, {failed} failed {kinds or ''}".strip(),
        "every failure a clear message",
        failed == clear and not tracebacks,
    )
    goals.line(
        "worker_kill: saved exactly once, failed at most once, none half-written",
        f"lost {len(lost)}, doubled {len(doubled)}, half-written {half_written(tag)}",
        "0, 0, 0",
        not lost and not doubled and not half_written(tag),
    )


def make_follow_up_work(count):
    """``count`` open agreements past their grace period on active plans with a
    designated contact: work for the follow-up job (batches of 1,000)."""
    from odoo import SUPERUSER_ID, api

    tag = f"cron-{uuid.uuid4().hex[:8]}"
    with registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        # offered long enough ago for a deadline past the grace period
        offered_before = datetime.date.today() - datetime.timedelta(days=60)
        plans = env["fgp.plan"].search(
            [
                ("state", "=", "active"),
                ("designated_member_id", "!=", False),
                ("date_offered", "<", offered_before),
            ],
            limit=50,
        )
        if not plans:
            raise SystemExit("No active plan with a designated contact to follow up.")
        vals = [
            {
                "plan_id": plan.id,
                "description": f"{tag} {i}",
                "source": "network",
                "member_id": plan.designated_member_id.id,
                "deadline": plan.date_offered + datetime.timedelta(days=1),
            }
            for i, plan in ((i, plans[i % len(plans)]) for i in range(count))
        ]
        env["fgp.agreement"].create(vals)
        cr.commit()
    return tag


def follow_up_counts(tag):
    rows = sql(
        f"""
        SELECT count(*) FILTER (WHERE a.state = 'missed'),
               count(*),
               (SELECT count(*) FROM (
                    SELECT fgp_agreement_id FROM mail_activity act
                    JOIN fgp_agreement x ON x.id = act.fgp_agreement_id
                    WHERE x.description LIKE '{tag} %'
                    GROUP BY fgp_agreement_id HAVING count(*) > 1) d),
               (SELECT count(*) FROM (
                    SELECT m.res_id FROM mail_mail mm JOIN mail_message m
                    ON m.id = mm.mail_message_id
                    JOIN fgp_agreement x
                    ON x.id = m.res_id AND m.model = 'fgp.agreement'
                    WHERE x.description LIKE '{tag} %'
                    GROUP BY m.res_id HAVING count(*) > 1) d),
               (SELECT count(*) FROM mail_activity act
                    JOIN fgp_agreement x ON x.id = act.fgp_agreement_id
                    WHERE x.description LIKE '{tag} %')
        FROM fgp_agreement a WHERE a.description LIKE '{tag} %'
        """
    )
    return rows[0]


async def cron_kill(url, setup, goals, count=3000):
    from load import follow_up_lastcall, trigger_follow_up

    tag = make_follow_up_work(count)
    trigger_follow_up()
    # wait for the first committed batch, then kill the cron worker that runs it
    started = await wait_for(lambda: follow_up_counts(tag)[0] > 0, 90)
    busy = [
        row[0]
        for row in sql(
            "SELECT application_name FROM pg_stat_activity WHERE state != 'idle' "
            "AND application_name LIKE 'odoo-%%'"
        )
    ]
    victims = [p for p in cron_workers() if f"odoo-{p.pid}" in busy] or cron_workers()
    missed_at_kill = follow_up_counts(tag)[0]
    for proc in victims:
        proc.kill()
    mid_batch = started and 0 < missed_at_kill < count
    # the next run: the master respawns the cron worker; the job is triggered again
    await asyncio.sleep(3)
    lastcall = follow_up_lastcall()
    trigger_follow_up()
    finished = await wait_for(lambda: follow_up_counts(tag)[0] == count, 240, step=2)
    missed, total, double_activities, double_mails, activities = follow_up_counts(tag)
    goals.line(
        "cron_kill: killed mid-batch",
        f"{missed_at_kill} of {count} missed when the worker was killed",
        "some but not all",
        mid_batch,
    )
    goals.line(
        "cron_kill: the next run finishes the work",
        f"{missed} of {total} missed"
        + (", job ran again" if follow_up_lastcall() != lastcall else ""),
        f"{count} of {count}",
        finished,
    )
    goals.line(
        "cron_kill: agreements with two call activities or two mails",
        f"{double_activities} and {double_mails} ({activities} activities)",
        "0 and 0",
        not double_activities and not double_mails,
    )


async def under_load(url, setup, fault, seconds, n_families=8, n_pros=6):
    """Run families' saves and professionals' reads for ``seconds`` while
    ``fault`` (a coroutine function) runs; the sessions and what they wrote."""
    stats, writes, tag = Stats(), Writes(), f"fault-{uuid.uuid4().hex[:8]}"
    fams, pros = await sessions(url, setup, n_families, n_pros, stats)
    deadline = time.monotonic() + seconds
    successes = []

    def running():
        return time.monotonic() < deadline

    async def track():
        # the time of each answered request, to see when service came back
        last = 0
        while running():
            total = stats.requests - stats.total_errors()
            if total > last:
                successes.append(time.monotonic())
                last = total
            await asyncio.sleep(0.1)

    results = await asyncio.gather(
        fault(),
        track(),
        *(
            family_saves(s, f, writes, tag, running, 0.1)
            for s, f in zip(fams, setup["families"], strict=False)
        ),
        *(
            professional_reads(s, p, running)
            for s, p in zip(pros, setup["professionals"], strict=False)
        ),
    )
    for session in fams + pros:
        await session.close()
    return results[0], stats, writes, fams + pros, successes, tag


async def pg_restart(url, setup, goals):
    async def fault():
        await asyncio.sleep(5)
        start = time.monotonic()
        result = pg_ctl(
            "-D",
            str(PG / "data"),
            "-w",
            "-t",
            "60",
            "-m",
            "fast",
            "restart",
            "-l",
            str(PG / "server.log"),
        )
        return start, time.monotonic(), result.returncode

    (
        (start, restarted, code),
        stats,
        writes,
        all_sessions,
        successes,
        tag,
    ) = await under_load(url, setup, fault, 30)
    back = [t for t in successes if t > restarted]
    recovery = (back[0] - start) if back else None
    kinds, tracebacks, clear = failure_summary(all_sessions)
    answered, lost, doubled, _nd = verify(writes)
    goals.line(
        "pg_restart: PostgreSQL restarted",
        "yes" if code == 0 else f"no ({code})",
        "yes",
        code == 0,
    )
    goals.line(
        "pg_restart: first answer after the restart began",
        f"{recovery:.1f} s" if recovery is not None else "not within the run",
        "recovers by itself (< 15 s)",
        recovery is not None and recovery < 15,
    )
    goals.line(
        "pg_restart: failed requests",
        f"{sum(kinds.values())} of {stats.requests}, {clear} with a clear message "
        f"{kinds or ''}".strip(),
        "each a clear message (503), none with a traceback",
        clear == sum(kinds.values()) and not tracebacks,
    )
    goals.line(
        "pg_restart: answered writes found exactly once",
        f"{answered - len(lost)} of {answered}, unanswered stored twice {len(doubled)}",
        "all, 0",
        not lost and not doubled and not half_written(tag),
    )


async def replica_stop(url, setup, goals):
    host, port = replica_conninfo()
    data = PG / "replica"

    async def fault():
        await asyncio.sleep(4)
        pg_ctl("-D", str(data), "-w", "-m", "fast", "stop")
        return time.monotonic()

    stopped, stats, writes, all_sessions, successes, tag = await under_load(
        url, setup, fault, 20, n_families=4, n_pros=8
    )
    after = [t for t in successes if t > stopped + 2]
    kinds, tracebacks, _dutch = failure_summary(all_sessions)
    answered, lost, doubled, _nd = verify(writes)
    restarted = (
        pg_ctl(
            "-D",
            str(data),
            "-l",
            str(PG / "replica.log"),
            "-w",
            "-t",
            "60",
            "start",
            "-o",
            f"-p {port} -k {host} -c listen_addresses='' -c hot_standby=on "
            "-c fsync=off",
        ).returncode
        == 0
    )
    goals.line(
        "replica_stop: reads served after the stop",
        "yes (on the primary)" if after else "no",
        "fall back to the primary",
        bool(after),
    )
    goals.line(
        "replica_stop: failed requests",
        f"{sum(kinds.values())} of {stats.requests} {kinds or ''}".strip(),
        "a few at the moment of the stop (< 5), none with a traceback",
        sum(kinds.values()) < 5 and not tracebacks,
    )
    goals.line(
        "replica_stop: answered writes found exactly once",
        f"{answered - len(lost)} of {answered}",
        "all",
        not lost and not doubled,
    )
    goals.line(
        "replica_stop: replica started again",
        "yes" if restarted else "no",
        "yes",
        restarted,
    )


# -- two servers on one database and one data_dir --------------------------------
# The name of the follow-up job in Odoo's log lines (also of its copy).
FOLLOW_UP_JOB = "Job 'Family group plan: follow-up"
# The web client's CSRF token, in the page /odoo serves (odoo.__session_info__).
WEB_CSRF = re.compile(r'csrf_token: "([^"]+)"')


def _argument(cmdline, name):
    return cmdline[cmdline.index(name) + 1] if name in cmdline else None


def own_servers():
    """The running Odoo masters of scripts/run_scaled.sh, each with its own HTTP
    address (the port the master listens on, not haproxy's), its log file and the
    data_dir of the configuration it was started with."""
    found = []
    for number, pid in enumerate(masters(), 1):
        try:
            master = psutil.Process(pid)
            cmdline = master.cmdline()
            ports = [
                c.laddr.port
                for c in master.connections("tcp")
                if c.status == psutil.CONN_LISTEN
            ]
        except psutil.Error:
            continue
        if not ports:
            continue
        conf = configparser.ConfigParser()
        conf.read(_argument(cmdline, "-c") or [])
        found.append(
            {
                "name": f"server {number}",
                "pid": pid,
                "url": f"http://127.0.0.1:{ports[0]}",
                "log": Path(_argument(cmdline, "--logfile")),
                "data_dir": conf.get("options", "data_dir", fallback=None),
            }
        )
    return found


def same_browser(session, url, stats):
    """A client of the server at ``url`` that sends ``session``'s cookie: the same
    browser, which the load balancer sends to another server."""
    other = Session(url, stats)
    other.http.cookies.set("session_id", session.http.cookies["session_id"])
    return other


async def session_uid(session):
    response = await session.request(
        "session info",
        "POST",
        "/web/session/get_session_info",
        json={"jsonrpc": "2.0", "method": "call", "params": {}},
    )
    return response.json()["result"]["uid"] if response is not None else None


@contextlib.contextmanager
def second_follow_up_job():
    """A second job that runs the follow-up while the block lasts; yields a
    function that triggers it. Odoo runs one call of a job at a time (the cron
    worker that takes it holds its ir_cron row, the others skip it), so the
    cron workers of two servers work the follow-up's batches at the same time
    only as two jobs, as when a run outlasts the next one's start."""
    from odoo import SUPERUSER_ID, api

    def env(cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    with registry().cursor() as cr:
        job = env(cr).ref("fgp_odoo_addon.ir_cron_fgp_follow_up")
        job_id = job.copy({"name": f"{job.name} (two_servers)"}).id
        cr.commit()

    def trigger():
        with registry().cursor() as cr:
            env(cr)["ir.cron"].browse(job_id)._trigger()
            cr.commit()

    try:
        yield trigger
    finally:
        with registry().cursor() as cr:
            job = env(cr)["ir.cron"].browse(job_id)
            action = job.ir_actions_server_id
            job.unlink()
            action.unlink()
            cr.commit()


async def two_servers_sessions(one, two, setup, goals, stats):
    fam = setup["families"][0]
    family = Session(one["url"], stats)
    await family.login(setup["db"], fam["login"])
    elsewhere = same_browser(family, two["url"], stats)
    uids = [await session_uid(family), await session_uid(elsewhere)]
    plans = await elsewhere.request("my plans", "GET", "/my/plans")
    listed = plans is not None and f"/my/plans/{fam['plan']}" in plans.text
    # the form of server 1's page, sent to server 2, read back on server 1
    page = await family.request("plan page", "GET", f"/my/plans/{fam['plan']}")
    csrf = CSRF.search(page.text) if page is not None else None
    description = f"two-servers-{uuid.uuid4().hex[:8]}"
    saved = csrf and await save_agreement(elsewhere, fam, description, csrf.group(1))
    page = await family.request("plan page", "GET", f"/my/plans/{fam['plan']}")
    shown = page is not None and description in page.text
    stored = sql(
        f"SELECT count(*) FROM fgp_agreement WHERE description = '{description}'"
    )[0][0]
    for session in (family, elsewhere):
        await session.close()
    goals.line(
        f"two_servers: a family's session of {one['name']} on {two['name']}",
        f"uid {uids[0]} / {uids[1]}; /my/plans "
        + ("lists their plan" if listed else "does not list their plan"),
        "the same user, their plan listed",
        uids[0] is not None and uids[0] == uids[1] and listed,
    )
    goals.line(
        f"two_servers: an agreement saved through {two['name']} "
        f"(form of {one['name']}), read through {one['name']}",
        f"{'saved' if saved else 'not saved'}, "
        f"{'shown' if shown else 'not shown'}, stored {stored}x",
        "saved, shown, stored 1x",
        bool(saved) and shown and stored == 1,
    )


async def two_servers_upload(one, two, running, setup, goals, stats):
    pro = setup["professionals"][0]
    uploader = Session(one["url"], stats)
    await uploader.login(setup["db"], pro["login"])
    web = await uploader.request("web client", "GET", "/odoo")
    csrf = WEB_CSRF.search(web.text) if web is not None else None
    raw = os.urandom(256 * 1024)  # content of its own: a file of its own
    name = f"two-servers-{uuid.uuid4().hex[:8]}.bin"
    # as the note form does: the file first (an unsaved note), then the note
    uploaded = csrf and await uploader.request(
        "upload",
        "POST",
        "/web/binary/upload_attachment",
        data={
            "csrf_token": csrf.group(1),
            "model": "fgp.professional.note",
            "id": "0",
        },
        files={"ufile": (name, raw, "application/octet-stream")},
    )
    attachment = uploaded.json()[0].get("id") if uploaded else None
    if attachment:
        await uploader.call(
            "save note",
            "fgp.professional.note",
            "web_save",
            [
                [],
                {
                    "plan_id": pro["plans"][0],
                    "name": name,
                    "body": "<p>Verslag.</p>",
                    "attachment_ids": [[4, attachment]],
                },
            ],
            {"specification": {"display_name": {}}},
        )
    downloader = same_browser(uploader, two["url"], stats)
    download = attachment and await downloader.request(
        "download", "GET", f"/web/content/{attachment}?download=true"
    )
    for session in (uploader, downloader):
        await session.close()
    sent = hashlib.sha256(raw).hexdigest()
    got = hashlib.sha256(download.content).hexdigest() if download else None
    goals.line(
        f"two_servers: a note's file uploaded through {one['name']}, "
        f"downloaded through {two['name']}",
        f"sha256 {sent[:12]} / {got[:12] if got else 'no download'}",
        "the same bytes",
        sent == got,
    )
    rows = attachment and sql(
        "SELECT store_fname, checksum, res_model, res_id FROM ir_attachment "
        f"WHERE id = {attachment}"
    )
    data_dirs = {server["data_dir"] for server in running}
    files = []
    if rows:
        store_fname, checksum, res_model, res_id = rows[0]
        files = [
            path
            for data_dir in data_dirs
            for path in Path(data_dir).glob(f"filestore/{setup['db']}/{store_fname}")
            if hashlib.sha1(path.read_bytes()).hexdigest() == checksum  # noqa: S324
        ]
    goals.line(
        "two_servers: the file in the filestore",
        f"{len(files)} file(s) in {len(data_dirs)} data_dir(s) "
        f"({', '.join(sorted(map(str, data_dirs)))})"
        + (f", attached to {res_model} {res_id}" if rows else ""),
        "1 file in 1 data_dir, on the saved note",
        len(files) == 1
        and len(data_dirs) == 1
        and bool(rows)
        and res_model == "fgp.professional.note"
        and bool(res_id),
    )


async def two_servers_cron(running, goals, count=3000):
    from load import trigger_follow_up

    by_pid = {server["pid"]: server["name"] for server in running}
    workers = {}  # transaction id -> the server whose worker ran it

    def sample():
        # application_name is odoo-<pid> of the process that opened the
        # connection: a worker, or its master (connections opened before fork)
        for app, xid in sql(
            "SELECT application_name, backend_xid::text FROM pg_stat_activity "
            "WHERE backend_xid IS NOT NULL AND application_name LIKE 'odoo-%'"
        ):
            try:
                pid = int(app.split("-")[1])
                master = pid if pid in by_pid else psutil.Process(pid).ppid()
            except (ValueError, psutil.Error):
                continue
            if master in by_pid:
                workers.setdefault(xid, by_pid[master])

    tag = make_follow_up_work(count)
    offsets = {server["name"]: server["log"].stat().st_size for server in running}
    with second_follow_up_job() as trigger_second:
        trigger_follow_up()
        trigger_second()

        def finished():
            sample()
            return follow_up_counts(tag)[0] == count

        await wait_for(finished, 240, step=0.25)
    # a batch is one transaction: the agreements it marked missed carry its id
    batches = {}
    for xid, size in sql(
        f"SELECT xmin::text, count(*) FROM fgp_agreement WHERE description LIKE "
        f"'{tag} %' AND state = 'missed' GROUP BY xmin ORDER BY min(id)"
    ):
        batches.setdefault(workers.get(xid, "not seen"), []).append(size)
    # Odoo's log of each call of the two jobs: starting, and failed
    calls, failed, conflicts = {}, 0, 0
    for server in running:
        with server["log"].open() as log:
            log.seek(offsets[server["name"]])
            lines = log.readlines()
        jobs = [line for line in lines if FOLLOW_UP_JOB in line]
        calls[server["name"]] = sum(") starting" in line for line in jobs)
        failed += sum("failed" in line for line in jobs)
        conflicts += sum("duplicate key value" in line for line in lines)
    missed, total, double_activities, double_mails, activities = follow_up_counts(tag)
    took_part = [name for name in by_pid.values() if batches.get(name)]
    goals.line(
        "two_servers: follow-up batches by server (two jobs triggered at once)",
        "; ".join(
            f"{name}: {len(batches.get(name, []))} batch(es) "
            f"({', '.join(map(str, batches.get(name, []))) or 'none'}), "
            f"{calls.get(name, 0)} job call(s) in its log"
            for name in [*by_pid.values(), *({"not seen"} & batches.keys())]
        )
        + (
            ""
            if len(took_part) == len(by_pid)
            else f"; batches seen only from {', '.join(took_part) or 'no server'}"
        ),
        "every server takes batches",
        len(took_part) == len(by_pid),
    )
    goals.line(
        "two_servers: follow-up job calls that failed",
        f"{failed} of {sum(calls.values())}; {conflicts} batch(es) met a unique key "
        "another server's batch had just inserted (rolled back, tried again)",
        "0",
        not failed,
    )
    goals.line(
        "two_servers: agreements followed up exactly once",
        f"{missed} of {total} missed; {double_activities} with two call activities, "
        f"{double_mails} with two mails ({activities} activities)",
        f"{count} of {count}; 0, 0",
        missed == count and not double_activities and not double_mails,
    )


async def two_servers(url, setup, goals):
    running = own_servers()
    if len(running) < 2:
        goals.skip(
            "two_servers",
            f"{len(running)} Odoo server running (start FGP_SERVERS=2 bash "
            "scripts/run_scaled.sh for two)",
        )
        return
    one, two = running[0], running[1]
    print(
        "  " + ", ".join(f"{s['name']}: {s['url']} (pid {s['pid']})" for s in running)
    )
    stats = Stats()
    await two_servers_sessions(one, two, setup, goals, stats)
    await two_servers_upload(one, two, running, setup, goals, stats)
    await two_servers_cron(running, goals)


FAULTS = {
    "replica_lag": replica_lag,
    "worker_kill": worker_kill,
    "cron_kill": cron_kill,
    "pg_restart": pg_restart,
    "replica_stop": replica_stop,
    "two_servers": two_servers,
}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url",
        default=os.environ.get(
            "FGP_HTTP_URL", f"http://127.0.0.1:{os.environ.get('FGP_HTTP_PORT', 8069)}"
        ),
    )
    parser.add_argument("--only", default=",".join(FAULTS))
    args = parser.parse_args(argv)
    check_local(args.url)
    if not masters():
        raise SystemExit(
            "No Odoo server of scripts/run_scaled.sh (.local/scaled-server-*.pid)."
        )
    if not Path(os.environ["PGHOST"]).resolve().is_relative_to(PG):
        raise SystemExit("faults restarts PostgreSQL: only the project-local cluster.")
    print(f"faults against {args.url}, load average {loadavg()}")
    setup = prepare(12, 8)
    goals = Goals()
    for name in args.only.split(","):
        print(f"\n## {name} (load average {loadavg()})")
        start = time.monotonic()
        cheap_passwords(
            [f["login"] for f in setup["families"]]
            + [p["login"] for p in setup["professionals"]]
            + [BENCH_ADMIN_LOGIN]
        )
        asyncio.run(FAULTS[name](args.url, setup, goals))
        print(f"  ({time.monotonic() - start:.0f} s)")
    print(f"\nload average at the end: {loadavg()}")
    return goals.verdict()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
