#!/usr/bin/env bash
# Serve the product the way a municipality runs it: Odoo's multi-process server (HTTP
# workers and separate cron workers) on the project's PostgreSQL cluster as primary, with
# a streaming read replica that takes the read-only requests (web_read, web_search_read,
# readonly routes) — Odoo 18's db_replica_host / db_replica_port.
#
#   bash scripts/run_scaled.sh [odoo-bin arguments]   # set up, then serve (foreground)
#   bash scripts/run_scaled.sh --check                # set up, serve in the background,
#                                                     # run benchmarks/check_scaled.py, stop
#
# The replica is a pg_basebackup -R copy of the project-local cluster (.local/pg/data) in
# .local/pg/replica, run by the same unprivileged 'postgres' user on its own socket
# (.local/pg/replica-run) and port (FGP_REPLICA_PORT, default the primary's port + 1).
# It needs the project-local cluster: with PGHOST set (an existing server), set up its
# replica yourself and give it as FGP_REPLICA_HOST and FGP_REPLICA_PORT.
#
# Environment: FGP_PORT (primary port, default 5433), FGP_HTTP_PORT (default 8069),
# FGP_GEVENT_PORT (websocket port, default 8072), FGP_WORKERS (default 2),
# FGP_CRON_WORKERS (default 2), FGP_DB (default fgp).
source "$(dirname "$0")/setup.sh"
# A configuration of its own: scripts/run.sh and scripts/test.sh keep theirs.
ODOO_CONF="$LOCAL/odoo-scaled.conf"
EXTERNAL_PG=${PGHOST:-}
if [ -n "$EXTERNAL_PG" ] && [ -z "${FGP_REPLICA_HOST:-}" ]; then
    die "PGHOST is set: run_scaled.sh does not reconfigure an existing PostgreSQL server. Unset PGHOST to use the project-local cluster, or give the socket directory or host and port of your replica as FGP_REPLICA_HOST and FGP_REPLICA_PORT."
fi
setup_all

DB=${FGP_DB:-fgp}
HTTP_PORT=${FGP_HTTP_PORT:-8069}
REPLICA_DIR="$LOCAL/pg/replica"
REPLICA_RUN="$LOCAL/pg/replica-run"
REPLICA_HOST=${FGP_REPLICA_HOST:-$REPLICA_RUN}
REPLICA_PORT=${FGP_REPLICA_PORT:-$((DB_PORT + 1))}

primary_setting() { psql -d postgres -tAc "show $1"; }

ensure_primary_ready() {
    # Streaming replication needs wal_level replica (PostgreSQL's default), WAL senders
    # and a replication line in pg_hba.conf; initdb -A trust writes that line for the
    # local socket, added here when an older cluster lacks it.
    local pgdata="$LOCAL/pg/data" restart=0
    case "$(primary_setting wal_level)" in
        replica | logical) ;;
        *) psql -d postgres -qc "alter system set wal_level = replica"; restart=1 ;;
    esac
    if [ "$(primary_setting max_wal_senders)" -lt 2 ]; then
        psql -d postgres -qc "alter system set max_wal_senders = 10"
        restart=1
    fi
    if ! as_owner grep -Eq '^local[[:space:]]+replication[[:space:]]+all[[:space:]]+trust' \
        "$pgdata/pg_hba.conf"; then
        say "Allowing local replication connections in .local/pg/data/pg_hba.conf"
        as_owner sh -c "echo 'local replication all trust' >> '$pgdata/pg_hba.conf'"
        psql -d postgres -qtAc "select pg_reload_conf()" >/dev/null
    fi
    if [ "$restart" = 1 ]; then
        say "Restarting the project-local cluster for the replication settings"
        as_owner "$(pg_bin)/pg_ctl" -D "$pgdata" -w -t 60 restart >/dev/null \
            || die "PostgreSQL did not restart; see .local/pg/server.log."
    fi
}

ensure_replica() {
    local bin
    bin=$(pg_bin)
    if [ ! -f "$REPLICA_DIR/PG_VERSION" ]; then
        say "Copying the cluster into .local/pg/replica (pg_basebackup -R)"
        as_owner rm -rf "$REPLICA_DIR"
        as_owner "$bin/pg_basebackup" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" \
            -D "$REPLICA_DIR" -R -X stream -c fast \
            || die "pg_basebackup could not copy the primary on port $DB_PORT."
    fi
    as_owner mkdir -p "$REPLICA_RUN"
    if ! as_owner "$bin/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1; then
        say "Starting the read replica on port $REPLICA_PORT (socket in .local/pg/replica-run)"
        as_owner "$bin/pg_ctl" -D "$REPLICA_DIR" -l "$LOCAL/pg/replica.log" -w -t 60 start \
            -o "-p $REPLICA_PORT -k $REPLICA_RUN -c listen_addresses='' -c hot_standby=on -c fsync=off" \
            >/dev/null || die "The replica did not start; see .local/pg/replica.log."
    fi
    [ "$(psql -h "$REPLICA_RUN" -p "$REPLICA_PORT" -d postgres -tAc 'select pg_is_in_recovery()')" = t ] \
        || die "The server on port $REPLICA_PORT is not a replica (pg_is_in_recovery() is false)."
}

if [ -z "$EXTERNAL_PG" ]; then
    ensure_primary_ready
    ensure_replica
fi
cat >> "$ODOO_CONF" <<CONF
db_replica_host = $REPLICA_HOST
db_replica_port = $REPLICA_PORT
gevent_port = ${FGP_GEVENT_PORT:-8072}
CONF

if ! db_has_addons "$DB"; then
    db_exists "$DB" && dropdb "$DB"
    say "Creating database '$DB' with both addons and their demo data (a few minutes)"
    odoo -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
fi

SERVE=("$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$"
    --workers "${FGP_WORKERS:-2}" --max-cron-threads "${FGP_CRON_WORKERS:-2}")

if [ "${1:-}" != "--check" ]; then
    say "Odoo serves '$DB' on http://localhost:$HTTP_PORT with ${FGP_WORKERS:-2} HTTP and ${FGP_CRON_WORKERS:-2} cron workers; reads on the replica (port $REPLICA_PORT)"
    exec "${SERVE[@]}" "$@"
fi

LOG="$LOCAL/scaled-server.log"
: >"$LOG"
say "Starting Odoo in the background (log in .local/scaled-server.log)"
"${SERVE[@]}" --logfile "$LOG" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null' EXIT
for _i in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$HTTP_PORT/web/health" >/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || die "Odoo stopped; see $LOG."
    sleep 1
done
curl -fs "http://127.0.0.1:$HTTP_PORT/web/health" >/dev/null || die "Odoo did not answer; see $LOG."
grep -E "Multiprocess|Worker|cron" "$LOG" | head -n 5 >&2 || true
FGP_ODOO_CONF="$ODOO_CONF" FGP_BENCH_DB="$DB" FGP_HTTP_URL="http://127.0.0.1:$HTTP_PORT" \
    FGP_REPLICA_HOST="$REPLICA_HOST" FGP_REPLICA_PORT="$REPLICA_PORT" \
    PYTHONPATH="$ODOO_SRC:$ROOT/benchmarks" "$PY" "$ROOT/benchmarks/check_scaled.py"
