"""Benchmark of the agreements overview (XLSX) against bare xlsxwriter.

Run it with ``bash scripts/bench.sh bench_xlsx`` (own database ``fgp_bench``). It seeds
10,000 plans and 100,000 agreements once (ORM batch create), then, as the functional
administrator:

- exports the agreements overview of 1k, 10k and 100k selected agreements and counts
  the SQL queries of each export (they must not grow with the number of rows);
- exports the overview of all agreements (the wizard's path) and writes the very same
  rows, sheets, formats, frozen headers and autofilters with bare xlsxwriter; best of
  ``--repeat`` runs each; ``ratio`` = export time / bare xlsxwriter time;
- measures the peak Python memory of both (tracemalloc, separate untimed runs).
"""

import argparse
import datetime
import io
import os
import resource
import time
import tracemalloc
from unittest import mock

import xlsxwriter
from common import functional_admin

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

PLANS = 10_000
AGREEMENTS_PER_PLAN = 10
BATCH = 1000
REPORT = "fgp_odoo_addon.agreement_overview_xlsx"
SEED_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def log(message):
    print(message, flush=True)


def seed(env):
    """10 teams, 20 professionals, 10,000 plans with a designated network member
    and a help question, 100,000 agreements and 2,000 safety conditions."""
    env = env(context=dict(env.context, **SEED_CONTEXT))
    if env["fgp.agreement"].search_count([]) >= PLANS * AGREEMENTS_PER_PLAN:
        log("seed: data present, reusing it")
        return
    start = time.perf_counter()
    safety = env.ref("fgp_odoo_addon.group_fgp_safety")
    users = env["res.users"].create(
        [
            {
                "name": f"Hulpverlener {i:02d}",
                "login": f"bench_prof_{i:02d}",
                "groups_id": [(6, 0, safety.ids)],
            }
            for i in range(20)
        ]
    )
    teams = env["fgp.team"].create(
        [
            {
                "name": f"Wijkteam {i}",
                "member_ids": [(6, 0, users[2 * i : 2 * i + 2].ids)],
            }
            for i in range(10)
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"Netwerklid {i:04d}"} for i in range(2000)]
    )
    providers = env["res.partner"].create(
        [{"name": f"Voorziening {i:02d}", "is_company": True} for i in range(50)]
    )
    base = datetime.date.today() - datetime.timedelta(days=400)
    day = datetime.timedelta(days=1)
    states = ["open"] * 12 + ["done"] * 5 + ["missed"] * 2 + ["cancelled"]
    for offset in range(0, PLANS, BATCH):
        plans = env["fgp.plan"].create(
            [
                {
                    "name": f"Plan familie Bench {i:05d}",
                    "team_id": teams[i % 10].id,
                    "professional_id": users[i % 20].id,
                    "date_offered": base + (i % 300) * day,
                    "plan_type": ["family_group", "personal", "own_plan"][i % 3],
                    "method": ["eigen_kracht", "signs_of_safety", "free_form"][i % 3],
                    "authorship": "family" if i % 7 else "professional",
                }
                for i in range(offset, offset + BATCH)
            ]
        )
        members = env["fgp.network.member"].create(
            [
                {
                    "plan_id": plan.id,
                    "partner_id": partners[n % 2000].id,
                    "is_designated": True,
                }
                for n, plan in enumerate(plans, offset)
            ]
        )
        questions = env["fgp.help.question"].create(
            [{"plan_id": plan.id, "name": f"Hulpvraag {plan.id}"} for plan in plans]
        )
        vals_list = []
        for n, (plan, member, question) in enumerate(
            zip(plans, members, questions, strict=True), offset
        ):
            for k in range(AGREEMENTS_PER_PLAN):
                state = states[(n + k) % len(states)]
                deadline = plan.date_offered + (30 + 37 * k) * day
                source = ["network", "community", "professional"][k % 3]
                vals_list.append(
                    {
                        "plan_id": plan.id,
                        "question_id": question.id if k % 2 else False,
                        "description": f"Afspraak {k} van {plan.name}: "
                        "oma haalt de kinderen op woensdag op",
                        "source": source,
                        "member_id": member.id if source == "network" else False,
                        "provider_id": providers[n % 50].id
                        if source == "community"
                        else False,
                        "deadline": deadline,
                        "state": state,
                        "date_done": deadline + (k % 3 - 1) * 3 * day
                        if state == "done"
                        else False,
                    }
                )
        env["fgp.agreement"].create(vals_list)
        env["fgp.safety.condition"].create(
            [
                {"plan_id": plan.id, "description": f"Voorwaarde voor {plan.name}"}
                for plan in plans[::5]
            ]
        )
        env.cr.commit()
        env.invalidate_all()
        log(f"seed: {offset + BATCH} plans ({time.perf_counter() - start:.0f} s)")


def export(registry, uid, docids=None, data=None):
    """One export in a fresh cursor and cache: (seconds, queries, bytes, cpu)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {"lang": "en_US"})
        queries = cr.sql_log_count
        cpu = time.process_time()
        start = time.perf_counter()
        content, _ext = env["ir.actions.report"]._render_xlsx(REPORT, docids, data)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        return seconds, cr.sql_log_count - queries, len(content), cpu


def capture(registry, uid, data):
    """The sheets the report writes, row for row, to feed bare xlsxwriter."""
    from odoo.addons.fgp_odoo_addon.report import fgp_base_xlsx

    sheets = []
    original_init = fgp_base_xlsx.FgpXlsxSheet.__init__
    original_append = fgp_base_xlsx.FgpXlsxSheet.append

    def init(sheet, workbook, formats, name, columns):
        original_init(sheet, workbook, formats, name, columns)
        sheet.captured = (name, columns, [])
        sheets.append(sheet.captured)

    def append(sheet, values):
        sheet.captured[2].append(list(values))
        original_append(sheet, values)

    with (
        mock.patch.object(fgp_base_xlsx.FgpXlsxSheet, "__init__", init),
        mock.patch.object(fgp_base_xlsx.FgpXlsxSheet, "append", append),
    ):
        export(registry, uid, data=data)
    return sheets


def bare_xlsxwriter(sheets):
    """The same sheets with bare xlsxwriter: typed writes, date format, frozen
    header, autofilter, fixed column widths. Returns (seconds, bytes, cpu)."""
    cpu = time.process_time()
    start = time.perf_counter()
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2"})
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    int_format = workbook.add_format({"num_format": "0"})
    percent_format = workbook.add_format({"num_format": "0%"})
    for name, columns, rows in sheets:
        sheet = workbook.add_worksheet(name)
        for col, (title, _kind) in enumerate(columns):
            sheet.write_string(0, col, title, header)
        sheet.freeze_panes(1, 0)
        kinds = [kind for _title, kind in columns]
        for row_index, row in enumerate(rows, 1):
            for col, value in enumerate(row):
                if value is None or value is False or value == "":
                    continue
                kind = kinds[col]
                if kind == "text":
                    sheet.write_string(row_index, col, value)
                elif kind == "date":
                    sheet.write_datetime(row_index, col, value, date_format)
                elif kind == "int":
                    sheet.write_number(row_index, col, value, int_format)
                else:
                    sheet.write_number(row_index, col, value, percent_format)
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)
        sheet.set_column(0, len(columns) - 1, 20)
    workbook.close()
    seconds = time.perf_counter() - start
    return seconds, len(output.getvalue()), time.process_time() - cpu


def peak_mb(function, *args, **kwargs):
    tracemalloc.start()
    try:
        function(*args, **kwargs)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=os.environ.get("FGP_ODOO_CONF"))
    parser.add_argument("--database", default=os.environ.get("FGP_BENCH_DB"))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        seed(env)
        uid = functional_admin(env).id
        ids = env["fgp.agreement"].search([], order="id").ids
    log(f"agreements: {len(ids)}")

    # warm-up: the registry's caches (record rules, translations, report) fill once
    export(registry, uid, docids=ids[:100])
    queries = {}
    for size in (1_000, 10_000, 100_000):
        seconds, count, size_bytes, _cpu = export(registry, uid, docids=ids[:size])
        queries[size] = count
        log(
            f"export of {size} selected agreements: {seconds:.2f} s, {count} queries, "
            f"{size_bytes / 2**20:.1f} MB file"
        )

    data = {"fgp_filter": {"team_ids": [], "date_from": False, "date_to": False}}
    sheets = capture(registry, uid, data)
    rows = sum(len(rows) for _name, _columns, rows in sheets)
    log(f"all agreements: {len(sheets)} sheets, {rows} rows")
    export_times, bare_times, export_cpu, bare_cpu = [], [], [], []
    for _run in range(args.repeat):
        seconds, count, size_bytes, cpu = export(registry, uid, data=data)
        export_times.append(seconds)
        export_cpu.append(cpu)
        log(
            f"export of all: {seconds:.2f} s (cpu {cpu:.2f} s), {count} queries, "
            f"{size_bytes} bytes"
        )
        queries["all"] = count
        seconds, size_bytes, cpu = bare_xlsxwriter(sheets)
        bare_times.append(seconds)
        bare_cpu.append(cpu)
        log(
            f"bare xlsxwriter, same rows: {seconds:.2f} s (cpu {cpu:.2f} s), "
            f"{size_bytes} bytes"
        )

    export_peak = peak_mb(export, registry, uid, data=data)
    bare_peak = peak_mb(bare_xlsxwriter, sheets)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = min(export_times) / min(bare_times)
    log(
        f"times (best of {args.repeat}): export {min(export_times):.2f} s, "
        f"bare xlsxwriter {min(bare_times):.2f} s; this process's cpu: export "
        f"{min(export_cpu):.2f} s, bare {min(bare_cpu):.2f} s, ratio "
        f"{min(export_cpu) / min(bare_cpu):.2f} (steadier on a busy machine)"
    )
    log(f"ratio: {ratio:.2f}")
    log(
        "queries: "
        + ", ".join(f"{size}={count}" for size, count in queries.items())
        + " (1k, 10k, 100k selected agreements; all via the wizard's path)"
    )
    log(
        f"peak memory: export {export_peak:.0f} MB, bare xlsxwriter {bare_peak:.0f} MB "
        f"(tracemalloc, Python heap; bare excludes its {rows} prepared rows); "
        f"process max RSS {max_rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
