"""The access log at 10 million entries: generate them, then time what is
asked of the log at that size.

    bash scripts/bench.sh generate_access_log                 # 10,000,000 entries
    bash scripts/bench.sh generate_access_log --entries 1000000 --plans 2000
    bash scripts/bench.sh generate_access_log --fresh         # new database first

Its own database (fgp_log, kept between runs: a second run only times). The
entries are spread over the 13 months before this one, one partition each,
like a year of a municipality: 20,000 plans with a young person each, 300
users, 99.99 % of the events about one plan (opened, changed, viewed in the
portal), the others exports of 2,000 plans. Each month is filled as a table
of its own with one INSERT ... SELECT over generate_series and attached as a
partition, so PostgreSQL builds its indexes in bulk: minutes, not hours.

Timed, through the ORM as the product asks (the log manager's list: first 80
entries newest first, and the count; the family's readable log; the plan's
"consulted by" counter), median of 5 runs:
  - who opened this child's file: per person, per plan, per person and month;
  - the client's own readable log (the person's export page, rendered);
  - the retention purge: a day's entries of the oldest month (the daily job)
    and a whole month (its partition dropped). Rolled back: the entries stay.
"""

import argparse
import statistics
import time

from common import functional_admin, open_registry
from dateutil.relativedelta import relativedelta

import odoo
from odoo.tools import SQL

MONTHS = 13
USERS = 300
EXPORT_EVERY = 10000  # one event in this many is an export
EXPORT_PLANS = 2000
# Goals in seconds, by the figure's first word.
GOALS = {"lookup": 0.1, "readable": 1.0, "purge": 10.0}


def make_plans(env, count):
    """Plans with one young person each, made once (committed)."""
    Plan = env["fgp.plan"].with_context(tracking_disable=True)
    have = Plan.search_count([("name", "=like", "Log bench %")])
    if have >= count:
        return
    team = env["fgp.team"].search([("name", "=", "Log bench")]) or env[
        "fgp.team"
    ].create({"name": "Log bench"})
    for start in range(have, count, 1000):
        size = min(1000, count - start)
        youth = env["res.partner"].create(
            [{"name": f"Log bench jeugdige {start + i}"} for i in range(size)]
        )
        Plan.create(
            [
                {
                    "name": f"Log bench {start + i}",
                    "team_id": team.id,
                    "youth_ids": [odoo.Command.set(person.ids)],
                }
                for i, person in enumerate(youth)
            ]
        )
        env.cr.commit()
        print(f"  plans: {start + size}", flush=True)


def generate(env, entries, plan_count):
    from odoo.addons.fgp_odoo_addon.models import fgp_access_log_schema as schema

    cr = env.cr
    cr.execute(
        "SELECT p.id, r.partner_id FROM fgp_plan p JOIN fgp_plan_youth_rel r "
        "ON r.plan_id = p.id WHERE p.name LIKE 'Log bench %%' ORDER BY p.id LIMIT %s",
        [plan_count],
    )
    pairs = cr.fetchall()
    cr.execute("SELECT id FROM res_users ORDER BY id LIMIT %s", [USERS])
    users = [row[0] for row in cr.fetchall()]
    cr.execute(
        "CREATE TEMPORARY TABLE bench_plan (n int PRIMARY KEY, plan_id int, "
        "partner_id int)"
    )
    cr.execute(
        "INSERT INTO bench_plan SELECT n - 1, p, y FROM unnest(%s::int[], %s::int[])"
        " WITH ORDINALITY AS u(p, y, n)",
        [[p for p, _y in pairs], [y for _p, y in pairs]],
    )
    this_month = schema.month_start(odoo.fields.Datetime.now())
    per_month = entries // MONTHS
    for index in range(MONTHS, 0, -1):
        start = this_month - relativedelta(months=index)
        end = start + relativedelta(months=1)
        name = start.strftime(schema.PARTITION_FORMAT)
        if name in schema.partitions(cr):
            continue
        began = time.perf_counter()
        cr.execute(
            SQL(
                "CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS)",
                SQL.identifier(name),
                SQL.identifier(schema.DATA_TABLE),
            )
        )
        cr.execute(
            SQL(
                """
                INSERT INTO %(part)s
                    (timestamp, user_id, operation, ip_address, res_model, res_id,
                     plan_id, partner_id, res_ids, plan_ids, partner_ids)
                SELECT ts, u, op, '10.0.0.1', 'fgp.plan',
                       CASE WHEN export THEN NULL ELSE bp.plan_id END,
                       CASE WHEN export THEN NULL ELSE bp.plan_id END,
                       CASE WHEN export THEN NULL ELSE bp.partner_id END,
                       CASE WHEN export THEN e.plans ELSE ARRAY[bp.plan_id] END,
                       CASE WHEN export THEN e.plans ELSE ARRAY[bp.plan_id] END,
                       CASE WHEN export THEN e.persons ELSE ARRAY[bp.partner_id] END
                  FROM (SELECT g,
                               %(start)s::timestamp + (random() * %(seconds)s)
                                   * interval '1 second' AS ts,
                               (%(users)s::int[])[1 + mod(g, %(user_count)s)] AS u,
                               (ARRAY['read', 'read', 'read', 'write',
                                      'portal_view'])[1 + mod(g, 5)] AS op,
                               mod(g, %(every)s) = 0 AS export,
                               mod(g::int8 * 7919, %(plan_count)s)::int4 AS n
                          FROM generate_series(1, %(count)s) AS g) AS s
                  JOIN bench_plan bp ON bp.n = s.n
             LEFT JOIN LATERAL (
                    SELECT array_agg(x.plan_id ORDER BY x.plan_id) AS plans,
                           array_agg(x.partner_id ORDER BY x.partner_id) AS persons
                      FROM bench_plan x
                     WHERE s.export AND x.n >= s.n AND x.n < s.n + %(export_plans)s
                    ) AS e ON s.export
                """,
                part=SQL.identifier(name),
                export_plans=EXPORT_PLANS,
                start=start,
                seconds=(end - start).total_seconds() - 1,
                users=users,
                user_count=len(users),
                every=EXPORT_EVERY,
                plan_count=len(pairs),
                count=per_month,
            )
        )
        cr.execute(
            SQL(
                "ALTER TABLE %s ATTACH PARTITION %s FOR VALUES FROM (%s) TO (%s)",
                SQL.identifier(schema.DATA_TABLE),
                SQL.identifier(name),
                start,
                end,
            )
        )
        schema.guard_partition(cr, name)
        cr.commit()
        print(
            f"  {name}: {per_month} entries in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
    cr.execute(SQL("ANALYZE %s", SQL.identifier(schema.DATA_TABLE)))
    cr.commit()


def median_time(func, runs=5):
    times = []
    for _i in range(runs):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--plans", type=int, default=20_000)
    args = parser.parse_args()
    registry = open_registry()
    from odoo.addons.fgp_odoo_addon.models import fgp_access_log_schema as schema

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        began = time.perf_counter()
        make_plans(env, args.plans)
        generate(env, args.entries, args.plans)
        generated = time.perf_counter() - began
        cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(schema.DATA_TABLE)))
        total = cr.fetchone()[0]
        print(f"entries: {total} (made or found in {generated:.0f} s)")
        log_manager = env.ref("fgp_odoo_addon.group_fgp_log_manager")
        user = functional_admin(env)
        user.groups_id = [odoo.Command.link(log_manager.id)]
        cr.commit()
        env = env(user=user, su=False)
        Log = env["fgp.access.log"]
        cr.execute(
            "SELECT p.id, r.partner_id FROM fgp_plan p JOIN fgp_plan_youth_rel r "
            "ON r.plan_id = p.id WHERE p.name LIKE 'Log bench %%' "
            "ORDER BY p.id OFFSET %s LIMIT 1",
            [args.plans // 3],
        )
        plan_id, partner_id = cr.fetchone()
        month = schema.month_start(odoo.fields.Datetime.now()) - relativedelta(months=6)
        spec = {
            "timestamp": {},
            "user_id": {"fields": {"display_name": {}}},
            "operation": {},
            "plan_id": {"fields": {"display_name": {}}},
            "partner_id": {"fields": {"display_name": {}}},
            "record_count": {},
        }

        def listing(domain):
            def run():
                env.invalidate_all()
                Log.web_search_read(domain, spec, limit=80)

            return run

        person = [("partner_id", "=", partner_id)]
        figures = {
            "lookup_person": median_time(listing(person)),
            "lookup_plan": median_time(listing([("plan_id", "=", plan_id)])),
            "lookup_person_month": median_time(
                listing(
                    person
                    + [
                        ("timestamp", ">=", month),
                        ("timestamp", "<", month + relativedelta(months=1)),
                    ]
                )
            ),
            "lookup_count_plan": median_time(
                lambda: (
                    env.invalidate_all(),
                    env["fgp.plan"].sudo().browse(plan_id).access_log_count,
                )
            ),
        }
        partner = env["res.partner"].sudo().browse(partner_id)
        entries_shown = Log.search_count(
            [("plan_id", "in", env["fgp.plan"].sudo()._fgp_person_plans(partner).ids)]
        )
        figures["readable_log"] = median_time(
            lambda: (
                env.invalidate_all(),
                env["fgp.plan"].sudo()._fgp_person_export_html(partner),
            )
        )
        cr.commit()  # the lookups' own log entries (the log logs its readers)
        oldest = schema.month_start(odoo.fields.Datetime.now()) - relativedelta(
            months=MONTHS
        )
        Sudo = Log.sudo()
        began = time.perf_counter()
        day = Sudo._purge_before(oldest + relativedelta(days=1))
        figures["purge_day"] = time.perf_counter() - began
        began = time.perf_counter()
        month_count = Sudo._purge_before(oldest + relativedelta(months=1))
        figures["purge_month"] = time.perf_counter() - began
        cr.rollback()
    print(f"readable log of one person: {entries_shown} entries")
    print(f"purged: a day {day} entries, the rest of the month {month_count}")
    missed = []
    for name, value in figures.items():
        goal = GOALS[name.split("_")[0]]
        print(f"{name}: {value * 1000:.1f} ms (goal < {goal * 1000:.0f} ms)")
        if value >= goal:
            missed.append(name)
    print(
        "access_log_at_scale: "
        + (f"not met: {', '.join(missed)}" if missed else "all goals met")
    )


if __name__ == "__main__":
    main()
