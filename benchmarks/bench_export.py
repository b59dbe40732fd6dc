"""Our agreements overview (XLSX report, four sheets) against Odoo's own list-view
export to XLSX of the same agreements (the baseline): what /web/export/xlsx does,
``export_data`` of the agreement sheet's columns, then ``ExportXlsxWriter``.

    bash scripts/bench.sh bench_export [--sizes 10000 50000] [--repeat 3]

Runs on the generated municipality (fgp_scale) as the functional administrator;
each export in a fresh cursor and record cache, rolled back (the access log's
entries are not kept). Best of --repeat runs, interleaved. Goal: ours faster
(ratio ours / Odoo's < 1)."""

import argparse
import time

from common import functional_admin, odoo_xlsx, open_registry

REPORT = "fgp_odoo_addon.agreement_overview_xlsx"
# The columns of the report's agreement sheet, as a user would pick them in
# Odoo's export dialog.
FIELDS = [
    ("plan_id", "Plan"),
    ("team_id", "Team"),
    ("professional_id", "Case professional"),
    ("question_id", "Help question"),
    ("description", "Agreement"),
    ("source", "Source"),
    ("responsible_name", "Responsible"),
    ("deadline", "Deadline"),
    ("state", "State"),
    ("date_done", "Done on"),
]


def ours(env, ids):
    content, _ext = env["ir.actions.report"]._render_xlsx(REPORT, ids, None)
    return len(content)


def odoo_export(env, ids):
    """ExportFormat.base + ExcelExport.from_data, without the HTTP request."""
    records = env["fgp.agreement"].with_context(import_compat=False).browse(ids)
    rows = records.export_data([name for name, _label in FIELDS]).get("datas", [])
    return len(odoo_xlsx(env, FIELDS, rows))


def timed(registry, uid, func, ids):
    from odoo import api

    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {"lang": "en_US"})
        queries = cr.sql_log_count
        start = time.perf_counter()
        size = func(env, ids)
        seconds = time.perf_counter() - start
        count = cr.sql_log_count - queries
        cr.rollback()
    return seconds, count, size


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from odoo import SUPERUSER_ID, api

    registry = open_registry()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        uid = functional_admin(env).id
        ids = env["fgp.agreement"].search([], order="id").ids
    timed(registry, uid, ours, ids[:100])  # warm the registry's caches
    timed(registry, uid, odoo_export, ids[:100])
    table = []
    for size in args.sizes:
        chosen = ids[:size]
        best = {"ours": None, "odoo": None}
        for _run in range(args.repeat):
            for name, func in (("ours", ours), ("odoo", odoo_export)):
                result = timed(registry, uid, func, chosen)
                if best[name] is None or result[0] < best[name][0]:
                    best[name] = result
        (o_s, o_q, o_b), (b_s, b_q, b_b) = best["ours"], best["odoo"]
        ratio = o_s / b_s
        print(
            f"export_{len(chosen)}: ours {o_s:.2f} s ({o_q} queries, {o_b} bytes, "
            f"4 sheets) vs Odoo list export {b_s:.2f} s ({b_q} queries, {b_b} bytes,"
            f" 1 sheet): ratio {ratio:.2f} (goal < 1)",
            flush=True,
        )
        table.append((len(chosen), o_s, b_s, ratio))
    print()
    print(f"{'agreements':>10} {'ours s':>8} {'Odoo s':>8} {'ratio':>6}")
    for size, o_s, b_s, ratio in table:
        print(f"{size:>10} {o_s:>8.2f} {b_s:>8.2f} {ratio:>6.2f}")
    faster = all(ratio < 1 for *_x, ratio in table)
    print(f"ours_faster: {'yes' if faster else 'no'}")


if __name__ == "__main__":
    main()
