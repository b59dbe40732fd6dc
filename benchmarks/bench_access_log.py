"""How much does the access log cost? Opens a plan 200 times (``web_read`` with
what the web client asks for when it shows the plan form) and exports 10,000
plans (``export_data``, and the whole export to a spreadsheet as
/web/export/xlsx makes it), with and without logging, and prints the overhead
in percent.

    PYTHONPATH=/opt/odoo .venv/bin/python benchmarks/bench_access_log.py \
        -c .local/odoo.conf -d "$FGP_TEST_DB"

Everything happens in one transaction that is rolled back at the end: the
database is left as it was."""

import argparse
import os
import time

from common import functional_admin, odoo_xlsx
from lxml import etree

import odoo
from odoo.modules.registry import Registry

# A narrow export: the worst case for the log, whose cost is per row.
NARROW_FIELDS = ["name", "state", "plan_type", "date_offered", "team_id/name"]


def list_export_fields(model):
    """The fields Odoo's export dialog starts with on the plan list: its
    columns shown by default (one value per row, so no x2many)."""
    view = model.get_views([(False, "list")])["views"]["list"]
    return [
        node.get("name")
        for node in etree.fromstring(view["arch"]).iter("field")
        if node.get("optional") != "hide"
        and node.get("column_invisible") not in ("1", "True")
        and model._fields[node.get("name")].type not in ("one2many", "many2many")
    ]


def form_specification(model):
    """What the web client's form asks ``web_read`` for: every field of the
    form view, the many2one's display name, the fields of each x2many's list."""
    view = model.get_views([(False, "form")])["views"]["form"]
    spec = {}
    for node in etree.fromstring(view["arch"]).iter("field"):
        if node.xpath("ancestor::field"):
            continue  # a field of an x2many's own list, added below
        field = model._fields[node.get("name")]
        if field.type == "many2one":
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            names = [sub.get("name") for sub in node.iter("field")][1:]
            spec[field.name] = {"fields": {name: {} for name in names or ["id"]}}
        else:
            spec[field.name] = {}
    return spec


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
    # The privacy jobs' switch; a context from outside cannot set it.
    from odoo.addons.fgp_odoo_addon.models.fgp_access_log import FLAG, SKIP_CONTEXT_KEY

    no_log = {SKIP_CONTEXT_KEY: FLAG}
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        admin = functional_admin(env)
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
        for table in ("fgp_plan", "fgp_plan_youth_rel", "fgp_access_log_data"):
            cr.execute(f"ANALYZE {table}")
        env.invalidate_all()
        form_spec = form_specification(env["fgp.plan"])

        def open_plans(context):
            def run():
                for _i in range(args.opens):
                    env.invalidate_all()
                    plan.with_context(**context).web_read(form_spec)

            return run

        list_fields = list_export_fields(env["fgp.plan"])

        def export(context, names, to_xlsx=False):
            def run():
                env.invalidate_all()
                rows = plans.with_context(**context).export_data(names)
                if to_xlsx:
                    odoo_xlsx(env, [(name, name) for name in names], rows["datas"])

            return run

        open_plans(no_log)()  # warm up the caches of both paths
        open_plans({})()
        open_without, open_with = timed_pair(open_plans(no_log), open_plans({}), 7)
        narrow_without, narrow_with = timed_pair(
            export(no_log, NARROW_FIELDS), export({}, NARROW_FIELDS), 7
        )
        list_without, list_with = timed_pair(
            export(no_log, list_fields), export({}, list_fields), 7
        )
        xlsx_without, xlsx_with = timed_pair(
            export(no_log, list_fields, to_xlsx=True),
            export({}, list_fields, to_xlsx=True),
            7,
        )
        # One event on its own: what every opened form, portal page and
        # printed report adds, whatever else the request does.
        Log = env["fgp.access.log"]
        start = time.perf_counter()
        for _i in range(1000):
            Log._log_records(plan, "read", plan_column="id")
        event_us = (time.perf_counter() - start) * 1000
        cr.rollback()
    rows = args.rows
    table = [
        (
            "open_overhead",
            f"open one plan (form web_read) x{args.opens}",
            open_without,
            open_with,
        ),
        (
            "list_export_overhead",
            f"export_data, {rows} plans, list columns",
            list_without,
            list_with,
        ),
        (
            "xlsx_export_overhead",
            f"export to XLSX, {rows} plans, list columns",
            xlsx_without,
            xlsx_with,
        ),
        (
            "narrow_export_overhead",
            f"export_data, {rows} plans, 5 columns",
            narrow_without,
            narrow_with,
        ),
    ]
    for key, _label, without, with_ in table:
        print(f"{key}: {overhead(with_, without):+.1f}% (goal <= 10%)")
    print(f"log_cost_per_row_us: {(narrow_with - narrow_without) / rows * 1e6:.1f}")
    print(f"log_cost_per_event_us: {event_us:.0f}")
    print(f"export columns: {', '.join(list_fields)}")
    print()
    print(f"{'operation':<44} {'no log ms':>10} {'log ms':>8} {'overhead':>9}")
    for _key, label, without, with_ in table:
        print(
            f"{label:<44} {without * 1000:>10.0f} {with_ * 1000:>8.0f} "
            f"{overhead(with_, without):>+8.1f}%"
        )


if __name__ == "__main__":
    main()
