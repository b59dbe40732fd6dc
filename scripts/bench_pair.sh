#!/usr/bin/env bash
# A benchmark with its baseline in the same run: the same script of an earlier commit
# first (its addons and benchmarks from git, in .local/baseline/<commit>, on a database
# of its own, made fresh), then this work tree's (scripts/bench.sh), each once
# autovacuum is done with what ran before, so neither pays for the other's rows:
#   bash scripts/bench_pair.sh c5ae890 generate --fresh --scale 1
# c5ae890 is the generator's figures before consent tracking (benchmarks/RESULTS.md).
source "$(dirname "$0")/setup.sh"
setup_all

[ $# -ge 2 ] || die "Usage: bash scripts/bench_pair.sh <commit> <script in benchmarks/> [arguments]"
COMMIT=$(git -C "$ROOT" rev-parse --verify --quiet "$1^{commit}") || die "No commit $1 here."
NAME=${2%.py}
shift 2
BASE="$LOCAL/baseline/${COMMIT:0:12}"
if [ ! -d "$BASE" ]; then
    mkdir -p "$BASE"
    git -C "$ROOT" archive "$COMMIT" fgp_odoo_addon fgp_organisation_plan benchmarks |
        tar -x -C "$BASE"
fi
[ -f "$BASE/benchmarks/$NAME.py" ] || die "Commit ${COMMIT:0:12} has no benchmarks/$NAME.py."
sed "s#^addons_path = .*#addons_path = $ODOO_SRC/addons,$BASE#" "$ODOO_CONF" >"$BASE/odoo.conf"

wait_for_autovacuum() {
    # A generated municipality keeps autovacuum busy for minutes after its last insert.
    local waited=0
    while [ "$(psql -d postgres -tAc "select count(*) from pg_stat_activity
            where backend_type = 'autovacuum worker'")" != 0 ] && [ $waited -lt 900 ]; do
        sleep 10
        waited=$((waited + 10))
    done
    [ $waited -eq 0 ] || say "Waited ${waited} s for autovacuum"
}

DB=fgp_baseline
db_exists "$DB" && dropdb "$DB"
rm -rf "$LOCAL/filestore/filestore/$DB"
wait_for_autovacuum
say "Baseline: benchmarks/$NAME.py of ${COMMIT:0:12} on a new database '$DB'"
"$PY" "$ODOO_SRC/odoo-bin" -c "$BASE/odoo.conf" -d "$DB" -i "$ADDONS" --without-demo=all \
    --stop-after-init --log-level=warn
# The baseline's database is new: a --fresh meant for this work tree's is not its own.
args=()
for arg in "$@"; do [ "$arg" = --fresh ] || args+=("$arg"); done
(cd "$BASE" && FGP_ODOO_CONF="$BASE/odoo.conf" FGP_BENCH_DB="$DB" \
    PYTHONPATH="$ODOO_SRC:$BASE/benchmarks" \
    nice -n "${FGP_BENCH_NICE:-19}" "$PY" "benchmarks/$NAME.py" "${args[@]}")

wait_for_autovacuum
say "This work tree: benchmarks/$NAME.py of $(git -C "$ROOT" rev-parse --short HEAD)"
bash "$ROOT/scripts/bench.sh" "$NAME" "$@"
