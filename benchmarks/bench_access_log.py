"""How much does the access log cost? Opens a plan 200 times and exports 10,000
plans, with and without logging, and prints the overhead in percent.

    PYTHONPATH=/opt/odoo .venv/bin/python benchmarks/bench_access_log.py \
        -c .local/odoo.conf -d "$FGP_TEST_DB"

Everything happens in one transaction that is rolled back at the end: the
database is left as it was."""

import argparse
import io
import os
import time

import xlsxwriter

import odoo
from odoo.modules.registry import Registry

SKIP = "fgp_access_log_skip"
FORM_SPEC = {
    "name": {},
    "state": {},
    "plan_type": {},
    "method": {},
    "date_offered": {},
    "team_id": {"fields": {"display_name": {}}},
    "youth_ids": {"fields": {"display_name": {}}},
    "network_member_ids": {"fields": {"role": {}, "relation": {}}},
}
EXPORT_FIELDS = ["name", "state", "plan_type", "date_offered", "team_id/name"]


def timed_pair(without_log, with_log, repeat):
    """Best time of each, runs interleaved: the machine's other load hits both
    alike, and the best run is the one least disturbed by it."""
    runs = ([], [])
    for _i in range(repeat):
        for func, times in zip((without_log, with_log), runs, strict=True):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    return min(runs[0]), min(runs[1])


def overhead(with_log, without_log):
    return (with_log - without_log) / without_log * 100


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", default=os.environ.get("FGP_ODOO_CONF"))
    parser.add_argument("-d", "--database", default=os.environ.get("FGP_BENCH_DB"))
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--opens", type=int, default=200)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        admin = env.ref("base.user_admin")
        env = env(user=admin, su=False)
        team = env["fgp.team"].create({"name": "Bench"})
        youth = env["res.partner"].create({"name": "Bench youth"})
        plans = env["fgp.plan"].create(
            [
                {
                    "name": f"Plan {i}",
                    "team_id": team.id,
                    "youth_ids": [odoo.Command.set(youth.ids)],
                }
                for i in range(args.rows)
            ]
        )
        plan = plans[0]
        env.flush_all()
        # As autovacuum would in production: the planner must know the new rows.
        for table in ("fgp_plan", "fgp_plan_youth_rel", "fgp_access_log"):
            cr.execute(f"ANALYZE {table}")
        env.invalidate_all()

        def open_plans(context):
            def run():
                for _i in range(args.opens):
                    env.invalidate_all()
                    plan.with_context(**context).web_read(FORM_SPEC)

            return run

        def export(context, to_xlsx=False):
            def run():
                env.invalidate_all()
                rows = plans.with_context(**context).export_data(EXPORT_FIELDS)
                if to_xlsx:  # what /web/export/xlsx does with the rows next
                    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
                    sheet = workbook.add_worksheet()
                    sheet.write_row(0, 0, EXPORT_FIELDS)
                    for index, row in enumerate(rows["datas"], start=1):
                        sheet.write_row(index, 0, row)
                    workbook.close()

            return run

        open_plans({SKIP: True})()  # warm up the caches of both paths
        open_plans({})()
        open_without, open_with = timed_pair(
            open_plans({SKIP: True}), open_plans({}), 7
        )
        export_without, export_with = timed_pair(export({SKIP: True}), export({}), 7)
        xlsx_without, xlsx_with = timed_pair(
            export({SKIP: True}, to_xlsx=True), export({}, to_xlsx=True), 5
        )
        cr.rollback()
    table = [
        (f"open one plan (web_read) x{args.opens}", open_without, open_with),
        (f"export_data of {args.rows} plans", export_without, export_with),
        (f"export of {args.rows} plans to XLSX", xlsx_without, xlsx_with),
    ]
    for key, (_label, without, with_) in zip(
        ("open_overhead", "export_overhead", "xlsx_export_overhead"), table, strict=True
    ):
        print(f"{key}: {overhead(with_, without):+.1f}% (goal <= 10%)")
    print()
    print(f"{'operation':<36} {'no log ms':>10} {'log ms':>8} {'overhead':>9}")
    for label, without, with_ in table:
        print(
            f"{label:<36} {without * 1000:>10.0f} {with_ * 1000:>8.0f} "
            f"{overhead(with_, without):>+8.1f}%"
        )


if __name__ == "__main__":
    main()
