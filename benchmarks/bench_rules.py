"""What the record rules cost: the lists a professional opens most, as the web client
asks for them (`web_search_read` of 80 rows with the list view's fields and the count),
timed as a professional and as the superuser, who bypasses every rule.

    bash scripts/bench.sh bench_rules [--runs 15] [--explain]

Prints `name: value (goal)` lines, then a summary table. Goal: the professional's list
costs at most 1.3 times the superuser's. --explain prints EXPLAIN ANALYZE of the
professional's search and count queries.
"""

import argparse
import statistics
import sys

from common import measure, open_registry

GOAL_RATIO = 1.3
IN_PROGRESS = [("state", "in", ("offered", "preparing", "submitted", "active"))]
M2O = {"fields": {"display_name": {}}}
# fgp_plan_view_list, with the fields the list_activity widget adds.
PLAN_LIST = {
    "name": {},
    "plan_type": {},
    "method": {},
    "authorship": {},
    "team_id": M2O,
    "professional_id": M2O,
    "date_offered": {},
    "date_next_evaluation": {},
    "youth_participation": {},
    "activity_ids": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": M2O,
    "state": {},
}
# fgp_agreement_view_list
AGREEMENT_LIST = {
    "plan_id": M2O,
    "question_id": M2O,
    "description": {},
    "source": {},
    "responsible_name": {},
    "deadline": {},
    "team_id": M2O,
    "professional_id": M2O,
    "is_overdue": {},
    "state": {},
}


def scenarios(env, user):
    team = user.fgp_team_ids[:1]
    partner = (
        env["fgp.network.member"].search([("plan_id.team_id", "=", team.id)], limit=1)
    ).partner_id
    surname = partner.name.split(" ", 1)[-1]
    return [
        ("plan list (in progress, default order)", "fgp.plan", IN_PROGRESS, PLAN_LIST),
        (
            f"plan list (team filter: {team.name})",
            "fgp.plan",
            IN_PROGRESS + [("team_id", "=", team.id)],
            PLAN_LIST,
        ),
        (
            f"plan list (network member '{surname}')",
            "fgp.plan",
            [("network_member_ids.partner_id", "ilike", surname)],
            PLAN_LIST,
        ),
        (
            "agreement list (overdue)",
            "fgp.agreement",
            [("is_overdue", "=", True)],
            AGREEMENT_LIST,
        ),
    ]


def pick_professional(env):
    """The first plain professional (no safety or manager role) with one team."""
    safety = env.ref("fgp_odoo_addon.group_fgp_safety")
    professional = env.ref("fgp_odoo_addon.group_fgp_professional")
    users = env["res.users"].search(
        [("groups_id", "in", professional.id), ("id", "not in", safety.users.ids)],
        order="id",
    )
    for user in users:
        if len(user.fgp_team_ids) == 1:
            return user
    raise SystemExit("No professional with one team: run 'bench.sh generate' first.")


def list_call(model, domain, spec):
    return lambda: model.web_search_read(
        domain, spec, limit=80, order=None, count_limit=10001
    )


def explain(model, domain):
    from odoo.tools import SQL

    cr = model.env.cr
    query = model._search(domain, limit=80, order=model._order)
    count = model._search(domain, limit=10001)
    for label, sql in (
        ("search", query.select()),
        ("count", SQL("SELECT COUNT(*) FROM (%s) t", count.select())),
    ):
        cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS OFF) %s", sql))
        print(f"\n-- EXPLAIN ANALYZE ({label}) as {model.env.user.login}")
        print("\n".join(row[0] for row in cr.fetchall()))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args(argv)

    from odoo import SUPERUSER_ID, api

    registry = open_registry()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = pick_professional(env)
        plans = env["fgp.plan"].search_count([])
        visible = env["fgp.plan"].with_user(user).search_count([])
        print(
            f"professional: {user.login} ({user.fgp_team_ids.name}), "
            f"sees {visible} of {plans} plans"
        )
        rows = []
        for name, model_name, domain, spec in scenarios(env, user):
            envs = {"superuser": env, "professional": env(user=user.id)}
            calls = {
                who: list_call(e[model_name], domain, spec) for who, e in envs.items()
            }
            lengths = {who: call()["length"] for who, call in calls.items()}  # warm-up
            # Interleaved, so that the other load of a shared machine hits both alike.
            samples = {who: ([], []) for who in calls}
            for _i in range(args.runs):
                for who, call in calls.items():
                    t, q = measure(envs[who], call, 1)
                    samples[who][0].append(t)
                    samples[who][1].append(q)
            results = {
                who: (statistics.median(ts), max(qs), lengths[who])
                for who, (ts, qs) in samples.items()
            }
            (su_t, su_q, su_n), (pro_t, pro_q, pro_n) = (
                results["superuser"],
                results["professional"],
            )
            ratio = pro_t / su_t if su_t else 0
            print(f"{name}: superuser median: {su_t * 1000:.1f} ms ({su_q} queries)")
            print(
                f"{name}: professional median: {pro_t * 1000:.1f} ms ({pro_q} queries)"
            )
            print(f"{name}: rule cost ratio: {ratio:.2f} (goal <= {GOAL_RATIO})")
            rows.append((name, su_t, su_n, pro_t, pro_n, ratio))
            if args.explain:
                explain(env(user=user.id)[model_name], domain)
        cr.rollback()

    print(f"\nsummary (median of {args.runs} runs, 80 rows + count)")
    header = ("list", "superuser ms", "rows", "professional ms", "rows", "ratio", "ok")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, su_t, su_n, pro_t, pro_n, ratio in rows:
        ok = "yes" if ratio <= GOAL_RATIO else "NO"
        print(
            f"| {name} | {su_t * 1000:.1f} | {su_n} | {pro_t * 1000:.1f} | {pro_n} "
            f"| {ratio:.2f} | {ok} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
