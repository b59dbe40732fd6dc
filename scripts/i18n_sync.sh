#!/usr/bin/env bash
# Bring each addon's i18n/nl.po in line with its code: export the terms from a fresh
# database, keep every existing translation, add the new terms untranslated, drop the
# ones the code no longer has. Then translate what scripts/i18n_check.py lists.
source "$(dirname "$0")/setup.sh"
setup_all
DB=${FGP_I18N_DB:-fgp_i18n}
db_exists "$DB" && dropdb "$DB"
odoo -d "$DB" -i "$ADDONS" --without-demo=all --stop-after-init --log-level=warn
for addon in ${ADDONS//,/ }; do
    pot="$LOCAL/$addon.pot"
    odoo -d "$DB" --i18n-export="$pot" --modules="$addon" --stop-after-init --log-level=warn
    "$PY" "$ROOT/scripts/i18n_merge.py" "$pot" "$ROOT/$addon/i18n/nl.po"
    mkdir -p "$ROOT/$addon/i18n"
    cp "$pot" "$ROOT/$addon/i18n/$addon.pot"
done
dropdb "$DB"
"$PY" "$ROOT/scripts/i18n_check.py" ${ADDONS//,/ } || true
