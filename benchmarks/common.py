"""Shared helpers of the benchmark scripts: an Odoo environment on the benchmark
database (set up by scripts/bench.sh) and small timing and reporting tools."""

import contextlib
import os
import statistics
import time
from types import SimpleNamespace
from unittest import mock


def open_registry():
    """Load Odoo's configuration and the registry of the benchmark database."""
    import odoo
    from odoo.modules.registry import Registry

    conf = os.environ.get("FGP_ODOO_CONF")
    db = os.environ.get("FGP_BENCH_DB")
    if not conf or not db:
        raise SystemExit("Run this through scripts/bench.sh, which sets up Odoo.")
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    return Registry(db)


def odoo_xlsx(env, fields, rows):
    """The spreadsheet /web/export/xlsx makes of exported rows (Odoo's own
    ExcelExport writer, without the HTTP request); ``fields`` are
    (name, label) pairs. Returns the file's bytes."""
    from odoo.addons.web.controllers import export

    columns = [{"name": name, "label": label} for name, label in fields]
    headers = [label for _name, label in fields]
    # The writer reads request.env (currency digits): the controller's request.
    with mock.patch.object(export, "request", SimpleNamespace(env=env)):
        with export.ExportXlsxWriter(columns, headers, len(rows)) as xlsx:
            for row_index, row in enumerate(rows):
                for cell_index, cell_value in enumerate(row):
                    xlsx.write_cell(row_index + 1, cell_index, cell_value)
    return xlsx.value


# The benchmarks run as a functional administrator (all teams), who is not the
# system administrator (base.user_admin); the benchmark databases have no demo
# data, so they make one of their own. Password = login.
BENCH_ADMIN_LOGIN = "fgp_bench_beheerder"


def functional_admin(env):
    """The benchmarks' functional administrator (who may export, as the
    benchmarks do), created on first use (commit the cursor to keep it)."""
    groups = [
        env.ref("fgp_odoo_addon.group_fgp_admin").id,
        env.ref("base.group_allow_export").id,
    ]
    Users = env["res.users"].with_context(active_test=False)
    user = Users.search([("login", "=", BENCH_ADMIN_LOGIN)])
    if not user:
        return Users.create(
            {
                "name": "Benchmark beheerder",
                "login": BENCH_ADMIN_LOGIN,
                "password": BENCH_ADMIN_LOGIN,
                "groups_id": [(6, 0, groups)],
            }
        )
    user.groups_id = [(4, group) for group in groups]
    return user


@contextlib.contextmanager
def superuser_env(commit=False):
    """An environment as the superuser; rolled back unless commit=True."""
    from odoo import SUPERUSER_ID, api

    registry = open_registry()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            yield env
        finally:
            if commit:
                cr.commit()
            else:
                cr.rollback()


class Phase:
    """Time a phase and print it as `phase: seconds`."""

    def __init__(self, timings, name):
        self.timings = timings
        self.name = name

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        elapsed = time.perf_counter() - self.start
        self.timings.append((self.name, elapsed))
        if not exc[0]:
            print(f"{self.name}: {elapsed:.1f} s", flush=True)


def measure(env, func, runs):
    """Run func `runs` times on a cold record cache; return (median s, queries)."""
    times, queries = [], []
    for _i in range(runs):
        env.invalidate_all()
        env.transaction.clear()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(times), max(queries)
