#!/usr/bin/env bash
# The project's static checks: ruff, pylint-odoo (OCA's mandatory checks), OCA's own
# module/XML and .po checks, a complete Dutch translation per addon, plain Dutch (B1)
# in what families read, and both addons building as wheels (whool).
source "$(dirname "$0")/setup.sh"
check_odoo_source
ensure_system_packages
ensure_venv
cd "$ROOT"
say "ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
say "pylint-odoo"
"$VENV/bin/pylint" --rcfile=.pylintrc fgp_odoo_addon fgp_organisation_plan
say "OCA checks: manifests, XML, CSV (oca-checks-odoo-module) and .po (oca-checks-po)"
# As OCA's pre-commit runs them, but po-pretty-format off, as OCA's template has it: it
# clears a msgstr equal to its msgid, and here a Dutch word equal to the English one is
# a translation too.
"$VENV/bin/oca-checks-odoo-module" fgp_odoo_addon fgp_organisation_plan
"$VENV/bin/oca-checks-po" --disable po-pretty-format fgp_*/i18n/*.po fgp_*/i18n/*.pot
say "i18n: every addon has a complete Dutch translation"
"$PY" scripts/i18n_check.py fgp_odoo_addon fgp_organisation_plan
say "b1: what families read is plain Dutch (scripts/b1_check.py, scripts/b1_words.txt)"
"$PY" scripts/b1_check.py fgp_odoo_addon fgp_organisation_plan
say "packaging: both addons build as wheels (whool)"
wheels=$(mktemp -d)
"$PY" -m pip wheel -q --no-deps --no-build-isolation ./fgp_odoo_addon ./fgp_organisation_plan \
    -w "$wheels" 2> >(grep -v "^WARNING: Location" >&2)
ls "$wheels"
rm -rf "$wheels"
