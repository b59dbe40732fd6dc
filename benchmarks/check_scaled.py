"""Show that the scaled set-up of scripts/run_scaled.sh does what it promises; run by
`bash scripts/run_scaled.sh --check` while its multi-process server is up.

1. Odoo's read-only cursors go to the replica, read/write cursors to the primary.
2. Over HTTP, a `web_read` (an @api.readonly method, served on a read-only cursor) reads
   fgp_plan on the replica, and its access-log entry is written on the primary; a
   `write` goes to the primary.
3. Two cron workers that take batches of agreements with SELECT ... FOR UPDATE SKIP
   LOCKED never take the same record: what a batched scheduled job must do to run on
   several cron workers at once (Odoo itself takes each ir.cron job that way).
4. An XLSX report downloads while the primary is busy writing: a transaction on the
   primary holds row locks on the very agreements the report lists.
"""

import os
import sys
import threading
import time

import psycopg2
import requests
from common import BENCH_ADMIN_LOGIN, functional_admin, open_registry

FAILURES = []


def check(label, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {label}{': ' + detail if detail else ''}")
    if not ok:
        FAILURES.append(label)


def cursors(registry):
    for readonly in (True, False):
        with registry.cursor(readonly=readonly) as cr:
            cr.execute("SELECT pg_is_in_recovery(), current_setting('port')")
            in_recovery, port = cr.fetchone()
        kind = "read-only" if readonly else "read/write"
        print(f"{kind} cursor: pg_is_in_recovery() = {in_recovery}, port {port}")
        check(
            f"{kind} cursor on the {'replica' if readonly else 'primary'}",
            in_recovery == readonly,
        )


def plan_stats(host, port, db):
    """Scans of and updates to fgp_plan counted by one server (its own activity)."""
    conn = psycopg2.connect(host=host, port=port, dbname=db, user="odoo")
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0), n_tup_upd "
                "FROM pg_stat_user_tables WHERE relname = 'fgp_plan'"
            )
            return cr.fetchone()
    finally:
        conn.close()


def http(registry, db):
    from odoo.tools import config

    url = os.environ["FGP_HTTP_URL"]
    primary = (config["db_host"], config["db_port"])
    replica = (os.environ["FGP_REPLICA_HOST"], int(os.environ["FGP_REPLICA_PORT"]))
    session = requests.Session()

    def rpc(path, params):
        response = session.post(
            url + path, json={"jsonrpc": "2.0", "method": "call", "params": params}
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"]["data"]["message"])
        return body["result"]

    login = {"db": db, "login": BENCH_ADMIN_LOGIN, "password": BENCH_ADMIN_LOGIN}
    rpc("/web/session/authenticate", login)
    with registry.cursor() as cr:
        cr.execute("SELECT id FROM fgp_plan ORDER BY id LIMIT 1")
        plan_id = cr.fetchone()[0]

    def call(method, args, kwargs):
        return rpc(
            f"/web/dataset/call_kw/fgp.plan/{method}",
            {"model": "fgp.plan", "method": method, "args": args, "kwargs": kwargs},
        )

    def stats():
        # An idle PostgreSQL backend reports its statistics within 10 seconds.
        time.sleep(11)
        return plan_stats(*primary, db), plan_stats(*replica, db)

    def read_log_entries():
        conn = psycopg2.connect(
            host=primary[0], port=primary[1], dbname=db, user="odoo"
        )
        try:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM fgp_access_log "
                    "WHERE plan_id = %s AND operation = 'read'",
                    [plan_id],
                )
                return cr.fetchone()[0]
        finally:
            conn.close()

    (p_scans, p_upd), (r_scans, _r) = stats()
    logged = read_log_entries()
    call("web_read", [[plan_id]], {"specification": {"name": {}, "state": {}}})
    (p_scans2, p_upd2), (r_scans2, _r) = stats()
    print(
        f"web_read over HTTP: fgp_plan scans on the replica +{r_scans2 - r_scans}, "
        f"on the primary +{p_scans2 - p_scans} (the access log's entry: its plan and "
        "youth are looked up where it is written)"
    )
    check("web_read reads on the replica", r_scans2 > r_scans)
    # Opening a plan is logged (NEN 7513); the read-only request writes its log
    # entry through a cursor of its own on the primary.
    check(
        "web_read's access-log entry lands on the primary", read_log_entries() > logged
    )

    color = call("web_read", [[plan_id]], {"specification": {"color": {}}})[0]["color"]
    call("write", [[plan_id], {"color": (color or 0) + 1}], {})
    call("write", [[plan_id], {"color": color}], {})  # put it back
    (p_scans3, p_upd3), (r_scans3, _r) = stats()
    print(f"write over HTTP: fgp_plan updates on the primary +{p_upd3 - p_upd2}")
    check("write goes to the primary", p_upd3 >= p_upd2 + 2)


def report_while_writing(registry, db):
    """Download the agreements overview of one plan while another transaction on
    the primary keeps its agreements locked for update."""
    from odoo.tools import config

    url = os.environ["FGP_HTTP_URL"]
    session = requests.Session()
    session.post(
        url + "/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "db": db,
                "login": BENCH_ADMIN_LOGIN,
                "password": BENCH_ADMIN_LOGIN,
            },
        },
    ).raise_for_status()
    with registry.cursor() as cr:
        cr.execute(
            "SELECT plan_id, array_agg(id) FROM fgp_agreement "
            "GROUP BY plan_id ORDER BY count(*) DESC LIMIT 1"
        )
        _plan_id, agreement_ids = cr.fetchone()
    writer = psycopg2.connect(
        host=config["db_host"], port=config["db_port"], dbname=db, user="odoo"
    )
    try:
        with writer.cursor() as cr:
            # Busy writing: the agreements stay locked until the end of this check.
            cr.execute(
                "UPDATE fgp_agreement SET remark = remark WHERE id = ANY(%s)",
                [agreement_ids],
            )
            ids = ",".join(map(str, agreement_ids))
            start = time.monotonic()
            response = session.get(
                f"{url}/report/xlsx/fgp_odoo_addon.agreement_overview_xlsx/{ids}",
                timeout=60,
            )
            seconds = time.monotonic() - start
    finally:
        writer.rollback()
        writer.close()
    print(
        f"report download during a write on the primary: HTTP {response.status_code}, "
        f"{len(response.content)} bytes in {seconds:.2f} s"
    )
    check(
        "report downloads while the primary is busy writing",
        response.status_code == 200 and response.content[:2] == b"PK",
    )


def skip_locked(registry, batch=2):
    """Two workers take batches of agreements until none is left; each keeps
    its locks until both are done, as a real job keeps them until its batch is
    written (after which the rows no longer match its query)."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        # Enough agreements to share: a demo database has only a few.
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        plan = env["fgp.plan"].search([], limit=1)
        extra = env["fgp.agreement"].create(
            [
                {"plan_id": plan.id, "source": "community", "description": f"Check {i}"}
                for i in range(40)
            ]
        )
        cr.commit()
        cr.execute("SELECT id FROM fgp_agreement ORDER BY id")
        candidates = {row[0] for row in cr.fetchall()}
    try:
        _take_batches(registry, candidates, batch)
    finally:
        with registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["fgp.agreement"].browse(
                extra.ids
            ).unlink()


def _take_batches(registry, candidates, batch):
    taken = {"cron worker 1": [], "cron worker 2": []}
    batches = dict.fromkeys(taken, 0)
    start, done = threading.Barrier(2), threading.Barrier(2)
    errors = []

    def work(name):
        try:
            with registry.cursor() as cr:
                start.wait()
                while True:
                    cr.execute(
                        "SELECT id FROM fgp_agreement WHERE NOT (id = ANY(%s)) "
                        "ORDER BY id LIMIT %s "
                        "FOR UPDATE SKIP LOCKED",
                        (taken[name], batch),
                    )
                    ids = [row[0] for row in cr.fetchall()]
                    if not ids:
                        break
                    taken[name].extend(ids)
                    batches[name] += 1
                    time.sleep(0.02)  # the work on the batch
                done.wait()
                cr.rollback()
        except Exception as exc:  # pylint: disable=broad-except
            errors.append(exc)
            start.abort()
            done.abort()

    threads = [threading.Thread(target=work, args=(name,)) for name in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    one, two = (set(ids) for ids in taken.values())
    for name, ids in taken.items():
        print(f"{name}: {len(ids)} agreements in {batches[name]} batches")
    check("no agreement taken by both workers", not one & two, f"{len(one & two)}")
    check(
        "every agreement taken once",
        one | two == candidates,
        f"{len(one | two)} of {len(candidates)}",
    )
    check("both workers got work", bool(one) and bool(two))


def main():
    from odoo import SUPERUSER_ID, api

    registry = open_registry()
    db = registry.db_name
    with registry.cursor() as cr:  # committed: the HTTP checks log in as them
        functional_admin(api.Environment(cr, SUPERUSER_ID, {}))
    print("\n1. cursors")
    cursors(registry)
    print("\n2. HTTP (multi-process server)")
    http(registry, db)
    print("\n3. two cron workers, SELECT ... FOR UPDATE SKIP LOCKED")
    skip_locked(registry)
    print("\n4. a report download while the primary is busy writing")
    report_while_writing(registry, db)
    print(
        f"\n{'all checks passed' if not FAILURES else 'FAILED: ' + ', '.join(FAILURES)}"
    )
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
