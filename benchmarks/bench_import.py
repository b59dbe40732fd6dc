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
"""

import argparse
import importlib.util
import time
from pathlib import Path

from common import functional_admin, open_registry

from odoo import SUPERUSER_ID, api


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=10_000)
    args = parser.parse_args()

    registry = open_registry()
    importer = import_helpers()
    MODELS, caseload, run_import = (
        importer.MODELS,
        importer.caseload,
        importer.run_import,
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["res.lang"]._activate_lang("nl_NL")
        admin = functional_admin(env)
        team = env["fgp.team"].create({"name": "Wijkteam Import (benchmark)"})
        env = env(user=admin.id, context={"lang": "nl_NL"})
        files = caseload(team.name, args.plans, prefix="bench_import")
        ids = {}
        start = time.perf_counter()
        for model in MODELS:
            t0 = time.perf_counter()
            result = run_import(
                env,
                model,
                files[model],
                name_create_enabled_fields={"youth_ids": True, "partner_id": True},
            )
            seconds = time.perf_counter() - t0
            if result["messages"]:
                raise SystemExit(f"{model}: {result['messages'][:3]}")
            ids[model] = result["ids"]
            print(
                f"{model}: {len(result['ids'])} rows in {seconds:.1f} s "
                f"({len(result['ids']) / seconds:.0f} rows/s)",
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
        expected = (args.plans, 2 * args.plans, args.plans)
        got = tuple(len(ids[model]) for model in MODELS)
        print(f"import of {args.plans} plans: {total:.1f} s")
        print(f"rows: {got} (expected {expected}); consent notes: {notes}")
        ok = got == expected and notes == args.plans
        print(f"bench_import: {'all rows in' if ok else 'NOT all rows in'}")
        cr.rollback()
        if not ok:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
