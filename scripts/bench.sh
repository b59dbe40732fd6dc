#!/usr/bin/env bash
# Run a benchmark script of benchmarks/ against the benchmark database, with Odoo loaded:
#   bash scripts/bench.sh generate --scale 0.05     # seed a municipality (benchmarks/generate.py)
#   bash scripts/bench.sh generate --fresh          # drop the database first, then seed
#   bash scripts/bench.sh bench_rules --runs 20     # benchmarks/bench_rules.py
#   bash scripts/bench.sh bench_xlsx                # seeds its own 10k plans, 100k agreements
# The database ($FGP_BENCH_DB) is created with both addons and without demo data when it
# is missing: fgp_scale for the generated municipality (generate, bench_rules), fgp_bench
# for the benchmarks that seed their own rows. Scripts run niced (shared machine).
source "$(dirname "$0")/setup.sh"
setup_all

[ $# -ge 1 ] || die "Usage: bash scripts/bench.sh <script in benchmarks/, e.g. generate> [arguments]"
NAME=${1%.py}
shift
SCRIPT="$ROOT/benchmarks/$NAME.py"
[ -f "$SCRIPT" ] || die "No benchmark script $SCRIPT."

case "$NAME" in
    bench_xlsx|bench_access_log) DB=${FGP_BENCH_DB:-fgp_bench} ;;
    *) DB=${FGP_BENCH_DB:-fgp_scale} ;;
esac
if [ "${1:-}" = "--fresh" ]; then
    shift
    db_exists "$DB" && { say "Dropping database '$DB'"; dropdb "$DB"; }
    rm -rf "$LOCAL/filestore/filestore/$DB"
fi
if ! db_has_addons "$DB"; then
    db_exists "$DB" && dropdb "$DB"
    say "Creating database '$DB' with both addons, without demo data (a few minutes)"
    odoo -d "$DB" -i "$ADDONS" --without-demo=all --stop-after-init --log-level=warn
fi
export FGP_ODOO_CONF="$ODOO_CONF" FGP_BENCH_DB="$DB"
cd "$ROOT"
PYTHONPATH="$ODOO_SRC:$ROOT/benchmarks${PYTHONPATH:+:$PYTHONPATH}" \
    exec nice -n "${FGP_BENCH_NICE:-19}" "$PY" "$SCRIPT" "$@"
