#!/usr/bin/env bash
# Set up everything the product needs on this machine, reusing what is already there:
# system packages, the .venv virtualenv, a PostgreSQL server and the Odoo config file.
# Sourced by scripts/run.sh and scripts/test.sh; not meant to be run on its own.
#
# Environment:
#   ODOO_SRC   Odoo 18.0 source tree (default /opt/odoo)
#   PGHOST     use this existing PostgreSQL server (with PGPORT, PGUSER, PGPASSWORD)
#              instead of the project-local cluster under .local/pg
#   FGP_PORT   port of the project-local cluster (default 5433)

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo}
LOCAL="$ROOT/.local"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
ODOO_CONF="$LOCAL/odoo.conf"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

check_odoo_source() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -d "$ODOO_SRC/odoo/addons/base" ]; then
        die "Odoo 18.0 source not found: looked for $ODOO_SRC/odoo-bin (set ODOO_SRC to another folder); get it with 'git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git $ODOO_SRC'."
    fi
    if ! grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py"; then
        die "The Odoo source at $ODOO_SRC is not Odoo 18.0 (see $ODOO_SRC/odoo/release.py); get 18.0 with 'git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git'."
    fi
}

apt_install() {
    # Install the Debian packages that are missing, in one apt run.
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

ensure_system_packages() {
    # postgresql for the local cluster; the -dev packages build psycopg2 and python-ldap;
    # wkhtmltopdf renders Odoo's PDF reports, poppler-utils reads them back in tests.
    local pkgs=(libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf poppler-utils)
    [ -n "${PGHOST:-}" ] || pkgs+=(postgresql)
    # chromium and node (for axe-core, below) run the browser tests.
    [ "${FGP_WITH_BROWSER:-0}" = 1 ] && pkgs+=(chromium nodejs)
    apt_install "${pkgs[@]}"
}

pip_install() {
    # This machine's pip configuration warns about absent local indexes: hide that noise.
    "$PY" -m pip install -q "$@" 2> >(grep -v "^WARNING: Location" >&2) \
        || die "pip could not install the Python requirements (pip install $*)."
}

ensure_venv() {
    # Re-install only when the requirement files changed since the last install.
    local stamp="$VENV/.requirements.sha"
    local want
    want=$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" | sha256sum | cut -d' ' -f1)
    if [ -x "$PY" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    say "Creating the virtualenv in .venv (about a minute)"
    [ -x "$PY" ] || python3 -m venv "$VENV"
    pip_install --upgrade pip wheel
    pip_install -r "$ROOT/requirements.txt"
    pip_install --no-deps -r "$ROOT/requirements-oca.txt"
    echo "$want" > "$stamp"
}

# axe-core checks the portal against WCAG 2.1 A/AA in the browser tests
# (fgp_odoo_addon/tests/test_portal_a11y.py); pinned, from the npm registry.
AXE_CORE_VERSION=4.10.3
AXE_JS="$LOCAL/npm/node_modules/axe-core/axe.min.js"

ensure_axe_core() {
    local have
    have=$(node -p "require('$LOCAL/npm/node_modules/axe-core/package.json').version" 2>/dev/null || true)
    if [ "$have" != "$AXE_CORE_VERSION" ]; then
        say "Installing axe-core $AXE_CORE_VERSION into .local/npm"
        # Debian's nodejs comes without npm; NodeSource's brings its own.
        command -v npm >/dev/null || apt_install npm
        mkdir -p "$LOCAL/npm"
        npm install --prefix "$LOCAL/npm" --no-audit --no-fund --silent \
            "axe-core@$AXE_CORE_VERSION" || die "npm could not install axe-core $AXE_CORE_VERSION."
    fi
    export FGP_AXE_JS=$AXE_JS
}

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql."
    echo "$dir"
}

ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        DB_HOST=$PGHOST
        DB_PORT=${PGPORT:-5432}
        DB_USER=${PGUSER:-$(id -un)}
        DB_PASSWORD=${PGPASSWORD:-}
        psql -d postgres -c 'select 1' >/dev/null 2>&1 \
            || die "Cannot connect to the PostgreSQL server at PGHOST=$PGHOST (port $DB_PORT, user $DB_USER)."
        return 0
    fi
    # Project-local cluster: initdb refuses to run as root, so it belongs to the
    # 'postgres' system user; trust authentication on a socket only this project uses.
    local bin pgdata run owner
    bin=$(pg_bin)
    pgdata="$LOCAL/pg/data"
    run="$LOCAL/pg/run"
    DB_HOST=$run
    DB_PORT=${FGP_PORT:-5433}
    DB_USER=odoo
    DB_PASSWORD=
    owner=$(id -un)
    mkdir -p "$LOCAL/pg"
    as_owner() { "$@"; }
    if [ "$(id -u)" -eq 0 ]; then
        owner=postgres
        chown postgres: "$LOCAL/pg"
        as_owner() { runuser -u postgres -- "$@"; }
    fi
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        say "Creating the PostgreSQL cluster in .local/pg"
        as_owner "$bin/initdb" -D "$pgdata" -U odoo -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_owner mkdir -p "$run"
    if ! as_owner "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        say "Starting PostgreSQL on port $DB_PORT (socket in .local/pg/run)"
        as_owner "$bin/pg_ctl" -D "$pgdata" -l "$LOCAL/pg/server.log" -w -t 60 start \
            -o "-p $DB_PORT -k $run -c listen_addresses='' -c fsync=off -c full_page_writes=off" \
            >/dev/null || die "PostgreSQL did not start; see .local/pg/server.log."
    fi
    export PGHOST=$run PGPORT=$DB_PORT PGUSER=$DB_USER
    unset PGPASSWORD
    : "$owner"
}

write_config() {
    mkdir -p "$LOCAL/filestore"
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ROOT
data_dir = $LOCAL/filestore
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = ${DB_PASSWORD:-False}
http_interface = 127.0.0.1
http_port = ${FGP_HTTP_PORT:-8069}
list_db = False
CONF
}

odoo() {
    # Real Odoo from its source tree: the file may lack its run bit.
    "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"
}

db_exists() {
    psql -d postgres -tAc "select 1 from pg_database where datname = '$1'" | grep -q 1
}

db_has_addons() {
    # True when the database has both addons installed.
    [ "$(psql -d "$1" -tAc "select count(*) from ir_module_module
        where name in ('fgp_odoo_addon', 'fgp_organisation_plan') and state = 'installed'" 2>/dev/null)" = 2 ]
}

setup_all() {
    check_odoo_source
    ensure_system_packages
    ensure_venv
    if [ "${FGP_WITH_BROWSER:-0}" = 1 ]; then
        ensure_axe_core
    fi
    ensure_postgres
    write_config
}

ADDONS=fgp_odoo_addon,fgp_organisation_plan
