#!/usr/bin/env bash
# Set up everything and serve the product on http://localhost:8069 with Dutch demo data.
# A second run reuses the virtualenv, the cluster and the database: it starts in seconds.
source "$(dirname "$0")/setup.sh"
setup_all

DB=${FGP_DB:-fgp}
if ! db_has_addons "$DB"; then
    db_exists "$DB" && dropdb "$DB"
    say "Creating database '$DB' with both addons and their demo data (a few minutes)"
    odoo -d "$DB" -i "$ADDONS" --load-language nl_NL --stop-after-init --log-level=warn
    # Dutch for the demo users, as the product's users would have it.
    "$PY" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$DB" --log-level=warn >/dev/null <<'PY'
env["res.users"].with_context(active_test=False).search([]).write({"lang": "nl_NL"})
env.cr.commit()
PY
fi
say "Odoo serves database '$DB' on http://localhost:${FGP_HTTP_PORT:-8069}"
say "Log in as admin / admin (functional administrator), or as a demo user from the README."
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" "$@"
