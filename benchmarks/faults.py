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

It kills and restarts processes of this project only: the Odoo servers whose pid files
scripts/run_scaled.sh writes (.local/scaled-server-*.pid) and the project-local
PostgreSQL cluster and replica in .local/pg (never a server given as PGHOST). Every
fault is bounded (about a minute); the whole run takes a few minutes.
"""

import argparse
import asyncio
import datetime
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
        saved = await session.request(
            "save",
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
        await family.request(
            "save",
            "POST",
            f"/my/plans/{fam['plan']}/agreement/add",
            ok=(303,),
            data={
                "csrf_token": CSRF.search(page.text).group(1),
                "description": description,
                "source": "network",
                "member_id": str(fam["member"]),
            },
        )
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


FAULTS = {
    "replica_lag": replica_lag,
    "worker_kill": worker_kill,
    "cron_kill": cron_kill,
    "pg_restart": pg_restart,
    "replica_stop": replica_stop,
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
