"""No access-log entry is lost when a worker dies mid-request: export the
plans to a spreadsheet over HTTP and kill -9 the worker that serves it.

    bash scripts/bench.sh fault_export_kill --attempts 8

Starts Odoo's multi-process server (2 HTTP workers, no cron) on the benchmark
database of generate_access_log (its plans: run that first), logs in as the
benchmarks' functional administrator and, per attempt, posts the export of
every plan to /web/export/xlsx as the web client does, waits a random moment
(0 to 3 s) and kills -9 the busiest HTTP worker. The master respawns it.

The entry of an export is written in the export's own transaction, which
commits before the file leaves the server. So:
  - an export whose file arrived has its entry, exactly one;
  - an export killed before its commit left no entry and sent no file;
  - an export killed after its commit but before the file arrived has its
    entry: logged, as the file was made.
Prints one line per attempt, then `export_kill: all goals met` or
`export_kill: not met: ...`.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

import psutil
import requests
from common import BENCH_ADMIN_LOGIN, functional_admin, open_registry

import odoo

PORT = int(os.environ.get("FGP_FAULT_PORT", "8290"))
BASE = f"http://127.0.0.1:{PORT}"
FIELDS = ["name", "state", "plan_type", "team_id", "date_offered"]


def start_server(conf, db):
    command = [
        sys.executable,
        os.path.join(os.environ.get("ODOO_SRC", "/opt/odoo"), "odoo-bin"),
        "-c",
        conf,
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--workers=2",
        "--max-cron-threads=0",
        f"--http-port={PORT}",
        f"--gevent-port={PORT + 1}",
        "--limit-time-real=300",
        "--log-level=warn",
    ]
    server = subprocess.Popen(command, start_new_session=True)
    for _i in range(120):
        try:
            if requests.get(f"{BASE}/web/login", timeout=5).status_code == 200:
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit("The server did not answer in 60 s.")


def http_workers(server):
    master = psutil.Process(server.pid)
    return [
        child
        for child in master.children()
        if "gevent" not in child.cmdline()  # the websocket process
    ]


def busiest(workers):
    before = {w.pid: sum(w.cpu_times()[:2]) for w in workers if w.is_running()}
    time.sleep(0.05)
    used = {
        w.pid: sum(w.cpu_times()[:2]) - before.get(w.pid, 0)
        for w in workers
        if w.is_running()
    }
    return max(used, key=used.get)


def login(db, user):
    session = requests.Session()
    response = session.post(
        f"{BASE}/web/session/authenticate",
        json={"params": {"db": db, "login": user, "password": user}},
        timeout=60,
    )
    response.raise_for_status()
    page = session.get(f"{BASE}/odoo", timeout=60).text
    token = re.search(r'csrf_token: "([^"]+)"', page).group(1)
    return session, token


def count_exports(cursor, uid):
    cursor.execute(
        "SELECT count(*) FROM fgp_access_log WHERE operation = 'export' "
        "AND user_id = %s AND res_model = 'fgp.plan'",
        [uid],
    )
    return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--attempts", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7513)
    args = parser.parse_args()
    random.seed(args.seed)
    registry = open_registry()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = functional_admin(env)
        plan_ids = env["fgp.plan"].search([("name", "=like", "Log bench %")]).ids
        cr.commit()
    if not plan_ids:
        raise SystemExit("No plans: run scripts/bench.sh generate_access_log first.")
    db = registry.db_name
    server = start_server(os.environ["FGP_ODOO_CONF"], db)
    failures = []
    try:
        session, token = login(db, BENCH_ADMIN_LOGIN)
        payload = {
            "data": json.dumps(
                {
                    "model": "fgp.plan",
                    "fields": [{"name": f, "label": f} for f in FIELDS],
                    "ids": plan_ids,
                    "domain": [],
                    "import_compat": False,
                    "context": {},
                }
            ),
            "csrf_token": token,
        }
        for attempt in range(1, args.attempts + 1):
            with registry.cursor() as cr:
                before = count_exports(cr, user.id)
            outcome = {}

            def export(outcome=outcome):
                try:
                    response = session.post(
                        f"{BASE}/web/export/xlsx", data=payload, timeout=300
                    )
                    outcome["file"] = (
                        response.status_code == 200
                        and response.content[:2] == b"PK"  # a zip: the .xlsx
                    )
                    outcome["status"] = response.status_code
                except requests.RequestException as error:
                    outcome["file"] = False
                    outcome["status"] = type(error).__name__

            thread = threading.Thread(target=export)
            delay = random.uniform(0, 3)
            thread.start()
            time.sleep(delay)
            victim = None
            if thread.is_alive():
                victim = busiest(http_workers(server))
                os.kill(victim, signal.SIGKILL)
            thread.join()
            time.sleep(1)  # the master respawns the worker
            with registry.cursor() as cr:
                added = count_exports(cr, user.id) - before
            # Without a kill the file must come; a killed one may not.
            ok = (
                added == 1
                if outcome["file"]
                else victim is not None and added in (0, 1)
            )
            killed = f"worker {victim}" if victim else "already done"
            got = "yes" if outcome["file"] else "no"
            print(
                f"attempt {attempt}: kill after {delay:.2f} s ({killed}): "
                f"response {outcome['status']}, file {got}, entries {added} "
                f"-> {'ok' if ok else 'WRONG'}",
                flush=True,
            )
            if not ok:
                failures.append(f"attempt_{attempt}")
            if len(http_workers(server)) < 2:
                time.sleep(2)
        alive = len(http_workers(server))
        print(f"http_workers_after: {alive} (goal 2: respawned)")
        if alive < 2:
            failures.append("respawn")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        "export_kill: "
        + (f"not met: {', '.join(failures)}" if failures else "all goals met")
    )


if __name__ == "__main__":
    main()
