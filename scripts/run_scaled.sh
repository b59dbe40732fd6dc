#!/usr/bin/env bash
# Serve the product the way a municipality runs it: Odoo's multi-process server (HTTP
# workers and separate cron workers) on the project's PostgreSQL cluster as primary, with
# a streaming read replica that takes the read-only requests (web_read, web_search_read,
# readonly routes) — Odoo 18's db_replica_host / db_replica_port.
#
#   bash scripts/run_scaled.sh [odoo-bin arguments]   # set up, then serve (foreground)
#   bash scripts/run_scaled.sh --check                # set up, serve in the background,
#                                                     # run benchmarks/check_scaled.py, stop
#   FGP_SERVERS=2 bash scripts/run_scaled.sh          # two Odoo servers behind haproxy
#
# With FGP_SERVERS=2 (or more) or FGP_BALANCER=1, haproxy (Debian package, installed when
# missing) listens on FGP_HTTP_PORT and spreads requests over the Odoo servers, which
# listen on the next ports (FGP_HTTP_PORT+1, +2, ...; websockets on FGP_GEVENT_PORT+1,
# +2, ...). All servers use the same database and the same data_dir (sessions,
# filestore), each with its own HTTP and cron workers. haproxy gives each server at most
# as many connections as it has HTTP workers and queues the others (up to 60 s) instead
# of letting the kernel reset them; a request that finds no server free in time gets a
# Dutch 503 page, one whose server died mid-request a Dutch 502 page
# (scripts/haproxy/*.http). Requests are never retried once sent: a save is not repeated.
#
# The replica is a pg_basebackup -R copy of the project-local cluster (.local/pg/data) in
# .local/pg/replica, run by the same unprivileged 'postgres' user on its own socket
# (.local/pg/replica-run) and port (FGP_REPLICA_PORT, default the primary's port + 1).
# It needs the project-local cluster: with PGHOST set (an existing server), set up its
# replica yourself and give it as FGP_REPLICA_HOST and FGP_REPLICA_PORT.
#
# Environment: FGP_PORT (primary port, default 5433), FGP_HTTP_PORT (default 8069),
# FGP_GEVENT_PORT (websocket port, default 8072), FGP_WORKERS (default 2),
# FGP_CRON_WORKERS (default 2 with one server, 1 per server with several), FGP_DB
# (default fgp), FGP_SERVERS (default 1), FGP_BALANCER (1: haproxy also before one server).
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

SERVERS=${FGP_SERVERS:-1}
WORKERS=${FGP_WORKERS:-2}
GEVENT_PORT=${FGP_GEVENT_PORT:-8072}
if [ "$SERVERS" -gt 1 ]; then
    CRON_WORKERS=${FGP_CRON_WORKERS:-1}
else
    CRON_WORKERS=${FGP_CRON_WORKERS:-2}
fi
BALANCER=${FGP_BALANCER:-0}
[ "$SERVERS" -gt 1 ] && BALANCER=1
# fgp_odoo_addon server-wide: a request that comes while PostgreSQL restarts gets a
# clear 503 and its session stays logged in, also in a worker started meanwhile
# (fgp_odoo_addon/database_gone.py).
SERVE=("$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$"
    --load=base,web,fgp_odoo_addon --workers "$WORKERS" --max-cron-threads "$CRON_WORKERS")

write_haproxy_conf() {
    # One backend server line per Odoo server; maxconn = its HTTP workers, so that
    # haproxy queues what Odoo's small listen backlog would reset.
    local cfg="$LOCAL/haproxy.cfg" errors="$ROOT/scripts/haproxy" i
    {
        cat <<HAPROXY
global
    maxconn 2000
defaults
    mode http
    option http-server-close
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    timeout queue 60s
    timeout http-request 30s
    retries 2
    retry-on conn-failure
    option redispatch
    errorfile 502 $errors/502.http
    errorfile 503 $errors/503.http
    errorfile 504 $errors/504.http
frontend odoo
    bind 127.0.0.1:$HTTP_PORT
    maxconn 2000
    acl websocket path_beg /websocket
    use_backend odoo_websocket if websocket
    default_backend odoo_http
backend odoo_http
    balance leastconn
    # Families first: when every worker is busy, a portal request waits in the
    # queue as if it came a second earlier, before the back office's lists, forms
    # and exports of that second. An offset, not a class: a class would let a
    # steady stream of portal requests starve the back office.
    http-request set-priority-offset int(-1000) if { path_beg /my }
    option httpchk
    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host localhost
HAPROXY
        for i in $(seq 1 "$SERVERS"); do
            echo "    server odoo$i 127.0.0.1:$((HTTP_PORT + i)) maxconn $WORKERS check inter 2s"
        done
        echo "backend odoo_websocket"
        echo "    timeout tunnel 1h"
        for i in $(seq 1 "$SERVERS"); do
            echo "    server odoo$i 127.0.0.1:$((GEVENT_PORT + i))"
        done
    } >"$cfg"
    haproxy -c -q -f "$cfg" || die "haproxy refuses its configuration $cfg."
}

start_servers() {
    # Odoo server i in the background: its own ports, log and pid file, the shared
    # configuration (database, data_dir, replica).
    local i port gevent
    PIDS=()
    for i in $(seq 1 "$SERVERS"); do
        port=$HTTP_PORT gevent=$GEVENT_PORT
        if [ "$BALANCER" = 1 ]; then
            port=$((HTTP_PORT + i)) gevent=$((GEVENT_PORT + i))
        fi
        : >"$LOCAL/scaled-server-$i.log"
        "${SERVE[@]}" --http-port "$port" --gevent-port "$gevent" \
            --pidfile "$LOCAL/scaled-server-$i.pid" --logfile "$LOCAL/scaled-server-$i.log" "$@" &
        PIDS+=("$!")
    done
    if [ "$BALANCER" = 1 ]; then
        haproxy -W -db -f "$LOCAL/haproxy.cfg" &
        PIDS+=("$!")
    fi
    trap 'kill "${PIDS[@]}" 2>/dev/null; wait "${PIDS[@]}" 2>/dev/null' EXIT
    trap 'exit 143' INT TERM
    for _i in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$HTTP_PORT/web/health" >/dev/null && return 0
        for pid in "${PIDS[@]}"; do
            kill -0 "$pid" 2>/dev/null || die "A server stopped; see .local/scaled-server-*.log."
        done
        sleep 1
    done
    die "Odoo did not answer on port $HTTP_PORT; see .local/scaled-server-*.log."
}

if [ "$BALANCER" = 1 ]; then
    apt_install haproxy
    write_haproxy_conf
fi
say "Starting $SERVERS Odoo server(s) for '$DB' (logs in .local/scaled-server-*.log), each with $WORKERS HTTP and $CRON_WORKERS cron workers; reads on the replica (port $REPLICA_PORT)"
if [ "${1:-}" != "--check" ]; then
    start_servers "$@"
    say "Odoo serves '$DB' on http://localhost:$HTTP_PORT$([ "$BALANCER" = 1 ] && echo " through haproxy"); Ctrl-C stops it"
    wait -n "${PIDS[@]}"
    die "A server stopped; see .local/scaled-server-*.log."
fi
start_servers
grep -hE "Multiprocess|Worker|cron" "$LOCAL"/scaled-server-*.log | head -n 5 >&2 || true
FGP_ODOO_CONF="$ODOO_CONF" FGP_BENCH_DB="$DB" FGP_HTTP_URL="http://127.0.0.1:$HTTP_PORT" \
    FGP_REPLICA_HOST="$REPLICA_HOST" FGP_REPLICA_PORT="$REPLICA_PORT" \
    PYTHONPATH="$ODOO_SRC:$ROOT/benchmarks" "$PY" "$ROOT/benchmarks/check_scaled.py"
