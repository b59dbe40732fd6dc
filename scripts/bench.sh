#!/usr/bin/env bash
# Run a benchmark of benchmarks/ in its own database (default fgp_bench):
#   bash scripts/bench.sh bench_xlsx [--fresh] [benchmark arguments]
# The database gets fgp_odoo_addon without demo data; a later run reuses it (and the
# data the benchmark seeded) after updating the addon, unless --fresh is given.
source "$(dirname "$0")/setup.sh"
setup_all

NAME=${1:?usage: bash scripts/bench.sh <benchmark> [--fresh] [arguments]}
shift
[ -f "$ROOT/benchmarks/$NAME.py" ] || die "No benchmark benchmarks/$NAME.py."
DB=${FGP_BENCH_DB:-fgp_bench}
if [ "${1:-}" = "--fresh" ]; then
    shift
    db_exists "$DB" && dropdb "$DB"
fi
installed=$(psql -d "$DB" -tAc "select state from ir_module_module
    where name = 'fgp_odoo_addon'" 2>/dev/null || true)
if [ "$installed" = installed ]; then
    say "Updating fgp_odoo_addon in the benchmark database '$DB'"
    odoo -d "$DB" -u fgp_odoo_addon --stop-after-init --log-level=warn
else
    db_exists "$DB" && dropdb "$DB"
    say "Creating the benchmark database '$DB' with fgp_odoo_addon (no demo data)"
    odoo -d "$DB" -i fgp_odoo_addon --without-demo=all --stop-after-init --log-level=warn
fi
say "Running benchmarks/$NAME.py on '$DB'"
cd "$ROOT"
PYTHONPATH="$ODOO_SRC" exec "$PY" "benchmarks/$NAME.py" --config "$ODOO_CONF" \
    --database "$DB" "$@"
