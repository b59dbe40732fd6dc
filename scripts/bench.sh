#!/usr/bin/env bash
# Run a benchmark script of benchmarks/ against the benchmark database, with Odoo loaded:
#   bash scripts/bench.sh generate --scale 0.05     # seed a municipality (benchmarks/generate.py)
#   bash scripts/bench.sh generate --fresh          # drop the database first, then seed
#   bash scripts/bench.sh bench_rules --runs 20     # benchmarks/bench_rules.py
#   bash scripts/bench.sh bench_xlsx                # seeds its own 10k plans, 100k agreements
#   bash scripts/bench.sh bench_import              # imports 10k plans (base_import), rolled back
#   bash scripts/bench.sh bench_import --plans 1000 --two-step --people 20000 --profile
#   bash scripts/bench.sh bench_property --examples 500  # the hypothesis tests, large budget
#   bash scripts/bench.sh bench_network             # 2,000 members at once, on fgp_scale
#   bash scripts/bench.sh generate_access_log       # 10 million log entries, then lookups
#   bash scripts/bench.sh fault_export_kill         # kill -9 a worker mid-export
#   bash scripts/bench.sh load                      # many users at once, against the server
#   bash scripts/bench.sh faults                    # of scripts/run_scaled.sh (same database)
# The database ($FGP_BENCH_DB) is created with both addons and without demo data when it
# is missing: fgp_scale for the generated municipality (generate, bench_rules), fgp_bench
# for the benchmarks that seed their own rows. Scripts run niced (shared machine), except
# load and faults: a niced load generator would measure itself, not the server.
source "$(dirname "$0")/setup.sh"
setup_all

[ $# -ge 1 ] || die "Usage: bash scripts/bench.sh <script in benchmarks/, e.g. generate> [arguments]"
NAME=${1%.py}
shift
SCRIPT="$ROOT/benchmarks/$NAME.py"
[ -f "$SCRIPT" ] || die "No benchmark script $SCRIPT."

case "$NAME" in
    bench_xlsx|bench_access_log|bench_portal|bench_import|bench_property) DB=${FGP_BENCH_DB:-fgp_bench} ;;
    generate_access_log|fault_export_kill) DB=${FGP_BENCH_DB:-fgp_log} ;;
    *) DB=${FGP_BENCH_DB:-fgp_scale} ;;
esac
if [ "${1:-}" = "--fresh" ]; then
    shift
    db_exists "$DB" && { say "Dropping database '$DB'"; dropdb "$DB"; }
    rm -rf "$LOCAL/filestore/filestore/$DB"
fi
# A stamp of the addons' code (git tree hashes plus any uncommitted change), kept in
# the database's ir_config_parameter: a database made or updated with older code is
# updated first, so new fields never meet an old schema in the registry.
STAMP_KEY=fgp_bench.addons_stamp
addons_stamp() {
    (cd "$ROOT" && {
        git rev-parse HEAD:fgp_odoo_addon HEAD:fgp_organisation_plan
        git diff HEAD -- fgp_odoo_addon fgp_organisation_plan
        git ls-files --others --exclude-standard fgp_odoo_addon fgp_organisation_plan
    } | sha256sum | cut -c1-16)
}
db_stamp() {
    psql -d "$1" -tAc "select value from ir_config_parameter where key = '$STAMP_KEY'" \
        2>/dev/null || true
}
set_db_stamp() {
    psql -d "$1" -qc "insert into ir_config_parameter (key, value, create_date, write_date)
        values ('$STAMP_KEY', '$2', now() at time zone 'utc', now() at time zone 'utc')
        on conflict (key) do update set value = excluded.value" >/dev/null
}
STAMP=$(addons_stamp)
if ! db_has_addons "$DB"; then
    db_exists "$DB" && dropdb "$DB"
    say "Creating database '$DB' with both addons, without demo data (a few minutes)"
    odoo -d "$DB" -i "$ADDONS" --without-demo=all --stop-after-init --log-level=warn
    set_db_stamp "$DB" "$STAMP"
elif [ "$(db_stamp "$DB")" != "$STAMP" ]; then
    say "Updating the addons in '$DB': its code stamp differs from the work tree's"
    start=$SECONDS
    nice -n "${FGP_BENCH_NICE:-19}" "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" \
        -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
    say "Updated in $((SECONDS - start)) s"
    set_db_stamp "$DB" "$STAMP"
fi
case "$NAME" in
    load|faults) NICE=${FGP_BENCH_NICE:-0} ;;
    *) NICE=${FGP_BENCH_NICE:-19} ;;
esac
export FGP_ODOO_CONF="$ODOO_CONF" FGP_BENCH_DB="$DB"
cd "$ROOT"
PYTHONPATH="$ODOO_SRC:$ROOT/benchmarks${PYTHONPATH:+:$PYTHONPATH}" \
    exec nice -n "$NICE" "$PY" "$SCRIPT" "$@"
