"""The family portal over real HTTP: /my/plans and a plan page, SQL queries and time
as the network and the plan grow. Goal: flat (the same number of queries for a
network of 5 or 50 members, 10 or 100 agreements, 2 or 20 plans).

    bash scripts/bench.sh bench_portal [--runs 7] [--port 8189]

Seeds (once, committed, in fgp_bench) two portal users who are consented network
members: one of a small plan (5 members, 10 agreements) and a large plan (50
members, 100 agreements), one of 20 small plans. Starts odoo-bin on --port,
logs in with requests and reads the query counts from the server's werkzeug log
lines ("GET /my/plans HTTP/1.1" 200 - <queries> <sql s> <other s>). Baseline,
same run, same user: the portal home /my."""

import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import requests
from common import superuser_env

import odoo

PASSWORD = "bench-portal-1"
LOGINS = ("bench_portal_two", "bench_portal_many")
LINE = re.compile(r'"GET (\S+) HTTP/1\.\d" (\d{3}) \S+ (\d+) ([\d.]+) ([\d.]+)')


def make_plan(env, name, team, youth, members, agreements, user_partner):
    plan = env["fgp.plan"].create(
        {
            "name": name,
            "team_id": team.id,
            "youth_ids": [(6, 0, youth.ids)],
            "date_offered": datetime.date.today() - datetime.timedelta(days=30),
            # As the generator does: straight to active, not through the workflow.
            "state": "active",
        }
    )
    partners = env["res.partner"].create(
        [{"name": f"{name} netwerklid {i}"} for i in range(members - 1)]
    )
    today = datetime.date.today()
    network = env["fgp.network.member"].create(
        [
            {
                "plan_id": plan.id,
                "partner_id": partner.id,
                "role": "relative" if i % 2 else "friend",
                "consent_date": today,
                "is_designated": i == 0,
            }
            for i, partner in enumerate(user_partner | partners)
        ]
    )
    env["fgp.agreement"].create(
        [
            {
                "plan_id": plan.id,
                "description": f"Afspraak {i}: oma haalt de kinderen woensdag op",
                "source": "network",
                "member_id": network[i % members].id,
                "deadline": today + datetime.timedelta(days=i),
            }
            for i in range(agreements)
        ]
    )
    return plan


def seed(env):
    """The users and plans, once; returns {login: [plan ids]}."""
    users = env["res.users"].search([("login", "in", LOGINS)])
    if len(users) == len(LOGINS):
        return {
            user.login: env["fgp.network.member"]
            .search([("partner_id", "=", user.partner_id.id)])
            .plan_id.sorted("id")
            .ids
            for user in users
        }
    env = env(context={"tracking_disable": True, "mail_create_nolog": True})
    portal = env.ref("base.group_portal")
    # Left over from an interrupted seed: start again.
    env["fgp.plan"].search([("name", "=like", "Plan bench_portal%")]).unlink()
    users.unlink()
    team = env["fgp.team"].search([("name", "=", "Bench portal")]) or env[
        "fgp.team"
    ].create({"name": "Bench portal"})
    youth = env["res.partner"].create({"name": "Bench jongere"})
    plans = {}
    for login in LOGINS:
        user = env["res.users"].create(
            {
                "name": f"Netwerklid {login}",
                "login": login,
                "password": PASSWORD,
                "groups_id": [(6, 0, portal.ids)],
            }
        )
        if login == "bench_portal_two":
            shapes = [(5, 10), (50, 100)]
        else:
            shapes = [(5, 10)] * 20
        plans[login] = [
            make_plan(env, f"Plan {login} {i}", team, youth, m, a, user.partner_id).id
            for i, (m, a) in enumerate(shapes)
        ]
    return plans


def start_server(port, logfile):
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    db = os.environ["FGP_BENCH_DB"]
    command = [
        sys.executable,
        odoo_bin,
        "-c",
        os.environ["FGP_ODOO_CONF"],
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--http-port",
        str(port),
        "--max-cron-threads=0",
        "--workers=0",
        "--log-level=info",
        "--logfile",
        logfile,
    ]
    server = subprocess.Popen(command)  # pylint: disable=consider-using-with
    for _i in range(120):
        try:
            requests.get(f"http://127.0.0.1:{port}/web/login", timeout=5)
            return server
        except requests.ConnectionError:
            time.sleep(1)
    server.terminate()
    raise SystemExit("The Odoo server did not start; see " + logfile)


def login(base, user):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{base}/web/login",
        data={"login": user, "password": PASSWORD, "csrf_token": token},
        timeout=30,
    )
    if "/web/login" in response.url:
        raise SystemExit(f"Login of {user} failed")
    return session


def measure(session, base, path, logfile, runs):
    """Median wall time (ms) and the server's query count (max over runs)."""
    times, queries = [], []
    for _i in range(runs):
        with open(logfile, encoding="utf-8") as log:
            log.seek(0, os.SEEK_END)
            offset = log.tell()
        start = time.perf_counter()
        response = session.get(base + path, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200 or "/web/login" in response.url:
            raise SystemExit(f"{path}: HTTP {response.status_code} {response.url}")
        count = None
        for _wait in range(50):
            with open(logfile, encoding="utf-8") as log:
                log.seek(offset)
                hits = [m for m in LINE.finditer(log.read()) if m.group(1) == path]
            if hits:
                count = int(hits[-1].group(3))
                break
            time.sleep(0.05)
        queries.append(count)
    return statistics.median(times), max(q or 0 for q in queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("FGP_BENCH_HTTP_PORT", 8189))
    )
    args = parser.parse_args()
    with superuser_env() as env:
        plans = seed(env)
        env.cr.commit()
    logfile = tempfile.mkstemp(prefix="bench_portal_", suffix=".log")[1]
    server = start_server(args.port, logfile)
    base = f"http://127.0.0.1:{args.port}"
    try:
        two = login(base, "bench_portal_two")
        many = login(base, "bench_portal_many")
        small, large = plans["bench_portal_two"]
        cases = [
            ("home /my (baseline)", two, "/my"),
            ("/my/plans, 2 plans", two, "/my/plans"),
            ("/my/plans, 20 plans", many, "/my/plans"),
            ("plan page, 5 members, 10 agreements", two, f"/my/plans/{small}"),
            ("plan page, 50 members, 100 agreements", two, f"/my/plans/{large}"),
        ]
        for _label, session, path in cases:  # warm up (templates, assets)
            session.get(base + path, timeout=120)
        results = [
            (label, *measure(session, base, path, logfile, args.runs))
            for label, session, path in cases
        ]
    finally:
        server.terminate()
        server.wait(timeout=60)
        os.unlink(logfile)
    home_ms = results[0][1]
    print(f"{'page':<40} {'ms':>7} {'queries':>8} {'x home':>7}")
    for label, ms, queries in results:
        print(f"{label:<40} {ms:>7.0f} {queries:>8} {ms / home_ms:>7.2f}")
    by = {label: (ms, q) for label, ms, q in results}
    list_small, list_large = by["/my/plans, 2 plans"], by["/my/plans, 20 plans"]
    page_small = by["plan page, 5 members, 10 agreements"]
    page_large = by["plan page, 50 members, 100 agreements"]
    print(
        f"my_plans_queries: {list_small[1]} -> {list_large[1]} for 2 -> 20 plans "
        "(goal: flat)"
    )
    print(
        f"plan_page_queries: {page_small[1]} -> {page_large[1]} for 5 -> 50 members, "
        "10 -> 100 agreements (goal: flat)"
    )
    print(
        f"plan_page_time: {page_small[0]:.0f} -> {page_large[0]:.0f} ms; "
        f"baseline home {home_ms:.0f} ms; ratio large page / home "
        f"{page_large[0] / home_ms:.2f}"
    )
    flat = list_small[1] == list_large[1] and page_small[1] == page_large[1]
    print(f"flat: {'yes' if flat else 'no'}")


if __name__ == "__main__":
    main()
