"""Organisation KPIs for a municipality-wide period: an organisation plan over all
teams and the whole period of the generated municipality, its KPIs read as the
form does (cold cache), against the same figures counted with plain SQL written
here, independently of fgp_organisation_plan (the baseline, and the check).

    bash scripts/bench.sh bench_kpi [--runs 5]

Runs on fgp_scale; the organisation plan is rolled back at the end."""

import argparse
import statistics
import time

from common import superuser_env

GOAL_SECONDS = 2.0
COUNTS = (
    "plan_count",
    "taken_up_count",
    "family_authored_count",
    "youth_participation_count",
    "designated_contact_count",
    "agreement_count",
    "agreement_on_time_count",
    "condition_count",
    "condition_met_count",
)
PERCENTAGES = (
    ("kpi_uptake", "taken_up_count", "plan_count"),
    ("kpi_family_authored", "family_authored_count", "taken_up_count"),
    ("kpi_youth_participation", "youth_participation_count", "taken_up_count"),
    ("kpi_designated_contact", "designated_contact_count", "taken_up_count"),
    ("kpi_agreements_on_time", "agreement_on_time_count", "agreement_count"),
    ("kpi_safety_met", "condition_met_count", "condition_count"),
)


def sql_counts(cr, team_ids, start, end):
    """The KPI definitions (fgp_organisation_plan/readme/USAGE.md), one plain
    query per table; a temporary table of the plans in scope instead of the
    addon's unnest/scope join."""
    cr.execute("DROP TABLE IF EXISTS bench_kpi_plans")
    cr.execute(
        """CREATE TEMP TABLE bench_kpi_plans AS
           SELECT id, state, authorship, youth_participation, designated_member_id
             FROM fgp_plan
            WHERE active AND team_id = ANY(%s)
              AND date_offered >= %s AND date_offered <= %s""",
        [team_ids, start, end],
    )
    cr.execute(
        """SELECT count(*),
                  sum(CASE WHEN state NOT IN ('declined', 'exempt') THEN 1 END),
                  sum(CASE WHEN state NOT IN ('declined', 'exempt')
                            AND authorship = 'family' THEN 1 END),
                  sum(CASE WHEN state NOT IN ('declined', 'exempt')
                            AND youth_participation IN ('consulted', 'co_author')
                           THEN 1 END),
                  sum(CASE WHEN state NOT IN ('declined', 'exempt')
                            AND designated_member_id IS NOT NULL THEN 1 END)
             FROM bench_kpi_plans"""
    )
    plans = cr.fetchone()
    cr.execute(
        """SELECT count(*),
                  sum(CASE WHEN state = 'done' AND date_done <= deadline THEN 1 END)
             FROM fgp_agreement
            WHERE plan_id IN (SELECT id FROM bench_kpi_plans)
              AND state <> 'cancelled'
              AND deadline >= %s AND deadline <= %s""",
        [start, end],
    )
    agreements = cr.fetchone()
    cr.execute(
        """SELECT count(*), sum(CASE WHEN state = 'met' THEN 1 END)
             FROM fgp_safety_condition
            WHERE plan_id IN (SELECT id FROM bench_kpi_plans)
              AND state <> 'withdrawn'"""
    )
    conditions = cr.fetchone()
    return dict(
        zip(COUNTS, [v or 0 for v in plans + agreements + conditions], strict=True)
    )


def percentages(counts):
    return {
        kpi: round(100.0 * counts[num] / counts[den], 6) if counts[den] else False
        for kpi, num, den in PERCENTAGES
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with superuser_env() as env:
        cr = env.cr
        cr.execute("SELECT min(date_offered), max(date_offered) FROM fgp_plan")
        start, end = cr.fetchone()
        cr.execute("SELECT min(deadline), max(deadline) FROM fgp_agreement")
        dl_start, dl_end = cr.fetchone()
        start, end = min(start, dl_start), max(end, dl_end)
        teams = env["fgp.team"].search([])
        org = env["fgp.organisation.plan"].create(
            {
                "name": "Bench municipality",
                "partner_id": env.company.partner_id.id,
                "team_ids": [(6, 0, teams.ids)],
                "date_start": start,
                "date_end": end,
            }
        )
        env.flush_all()
        fields = list(COUNTS) + [kpi for kpi, _n, _d in PERCENTAGES]
        orm_times, sql_times, queries = [], [], []
        for _i in range(args.runs):
            env.invalidate_all()
            before = cr.sql_log_count
            begin = time.perf_counter()
            values = org.read(fields)[0]
            orm_times.append(time.perf_counter() - begin)
            queries.append(cr.sql_log_count - before)
            begin = time.perf_counter()
            expected = sql_counts(cr, teams.ids, start, end)
            sql_times.append(time.perf_counter() - begin)
        cr.rollback()
    orm = statistics.median(orm_times)
    sql = statistics.median(sql_times)
    ours = {name: values[name] for name in COUNTS}
    ours_pct = {
        kpi: round(values[kpi], 6) if values[kpi] is not False else False
        for kpi, _n, _d in PERCENTAGES
    }
    equal = ours == expected and ours_pct == percentages(expected)
    print(f"period: {start} .. {end}, teams: {len(teams)}")
    print(f"{'figure':<28} {'addon':>12} {'plain SQL':>12}")
    for name in COUNTS:
        print(f"{name:<28} {ours[name]:>12} {expected[name]:>12}")
    for kpi, _n, _d in PERCENTAGES:
        a, b = ours_pct[kpi], percentages(expected)[kpi]
        print(
            f"{kpi:<28} {a if a is False else f'{a:.2f}':>12} "
            f"{b if b is False else f'{b:.2f}':>12}"
        )
    print(
        f"kpi_time: {orm:.3f} s (goal < {GOAL_SECONDS:.0f} s), {max(queries)} queries"
    )
    print(f"baseline plain SQL: {sql:.3f} s; ratio addon/SQL: {orm / sql:.2f}")
    print(f"equal: {'yes' if equal else 'no'}")


if __name__ == "__main__":
    main()
