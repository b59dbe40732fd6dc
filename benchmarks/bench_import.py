"""Benchmark of an organisation's caseload moving in with Odoo's own import.

Run it with ``bash scripts/bench.sh bench_import [--plans 10000]`` (own database
``fgp_bench``). As a functional administrator (in Dutch), it imports through
base_import's ``execute_import``, in the dialog's batches of 2,000 rows, the files of
fgp_odoo_addon/tests/common_import.py (the import test's, larger):

- ``--plans`` plans in preparation, each with a young person created by the import;
- two network members per plan (a parent with a consent date, whose consents the
  import records as the form does, and a neighbour without), people created by it;
- an open agreement of the parent per plan.

It prints the time of each file and of the whole import, checks that every row came
in and that each plan has its consent note, and rolls everything back.

``--two-step`` imports the people first, from a file of their own with external ids
(``res.partner``, the order of fgp_odoo_addon/readme/USAGE.md), and the plans and
members refer to them by id. ``--people N`` first makes N contacts, as an
organisation's contacts already in the database: the import looks each person up by
name among them. ``--profile`` prints,
per file, the functions that took the most time (cProfile).
"""

import argparse
import cProfile
import importlib.util
import io
import pstats
import time
from pathlib import Path

from common import functional_admin, open_registry

from odoo import SUPERUSER_ID, api


def call(function, *args, **kwargs):
    return function(*args, **kwargs)


def import_helpers():
    """The import test's own files and import (tests/common_import.py), loaded
    on their own: importing the tests package would load Odoo's test
    framework."""
    path = (
        Path(__file__).parent.parent / "fgp_odoo_addon" / "tests" / "common_import.py"
    )
    spec = importlib.util.spec_from_file_location("fgp_common_import", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_people(env, count):
    """``count`` contacts that are not in the files, created in batches as a
    contact import does."""
    Partner = env["res.partner"].with_context(mail_create_nolog=True)
    for start in range(0, count, 2000):
        Partner.create(
            [
                {"name": f"Contact {n}", "email": f"contact{n}@example.org"}
                for n in range(start, min(start + 2000, count))
            ]
        )
    env.flush_all()


def profiled(function, *args, **kwargs):
    """Call ``function``, printing where its time went."""
    profile = cProfile.Profile()
    result = profile.runcall(function, *args, **kwargs)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(r"odoo|fgp_odoo_addon", 40)
    stats.sort_stats("tottime").print_stats(12)
    print(out.getvalue())
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=0)
    parser.add_argument("--two-step", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    registry = open_registry()
    importer = import_helpers()
    MODELS, caseload, run_import = (
        importer.MODELS,
        importer.caseload,
        importer.run_import,
    )
    expected = dict(zip(MODELS, (args.plans, 2 * args.plans, args.plans), strict=True))
    if args.two_step:
        expected = {importer.PEOPLE: 3 * args.plans, **expected}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["res.lang"]._activate_lang("nl_NL")
        admin = functional_admin(env)
        team = env["fgp.team"].create({"name": "Wijkteam Import (benchmark)"})
        make_people(env, args.people)
        env = env(user=admin.id, context={"lang": "nl_NL"})
        files = caseload(
            team.name, args.plans, prefix="bench_import", people=args.two_step
        )
        ids = {}
        start = time.perf_counter()
        for model, data in files.items():
            t0 = time.perf_counter()
            queries = cr.sql_log_count
            result = (profiled if args.profile else call)(
                run_import,
                env,
                model,
                data,
                name_create_enabled_fields={"youth_ids": True, "partner_id": True},
            )
            seconds = time.perf_counter() - t0
            queries = cr.sql_log_count - queries
            if result["messages"]:
                raise SystemExit(f"{model}: {result['messages'][:3]}")
            ids[model] = result["ids"]
            print(
                f"{model}: {len(result['ids'])} rows in {seconds:.1f} s "
                f"({len(result['ids']) / seconds:.0f} rows/s, "
                f"{queries / len(result['ids']):.2f} queries a row)",
                flush=True,
            )
        total = time.perf_counter() - start
        plans = env["fgp.plan"].browse(ids["fgp.plan"])
        notes = (
            env["mail.message"]
            .sudo()
            .search_count(
                [
                    ("model", "=", "fgp.plan"),
                    ("res_id", "in", plans.ids),
                    ("body", "ilike", "Toestemming"),
                ]
            )
        )
        got = {model: len(ids[model]) for model in files}
        print(f"import of {args.plans} plans: {total:.1f} s")
        print(f"rows: {got} (expected {expected}); consent notes: {notes}")
        ok = got == expected and notes == args.plans
        print(f"bench_import: {'all rows in' if ok else 'NOT all rows in'}")
        cr.rollback()
        if not ok:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
