#!/usr/bin/env bash
# Set up everything and run the whole test suite against a fresh database:
#   1. pytest-odoo: every TransactionCase of both addons;
#   2. odoo-bin --test-enable: the HTTP cases and browser tours of both addons (tag fgp_http),
#      which need Odoo's own HTTP server, and Odoo's own post-install tests of
#      contacts and portal, to show the organisation's CRM keeps working with the addons.
# Exits non-zero when a test fails or when no test ran; ends with one summary line.
FGP_WITH_BROWSER=1
source "$(dirname "$0")/setup.sh"
setup_all

DB=${FGP_TEST_DB:-fgp_test}
LOG="$LOCAL/test-http.log"
db_exists "$DB" && dropdb "$DB"
say "Creating the test database '$DB' with both addons and demo data"
odoo -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn

say "Running the pytest-odoo suite"
set +e
(cd "$ROOT" && PYTHONPATH="$ODOO_SRC" "$PY" -m pytest -p no:cacheprovider \
    --odoo-config="$ODOO_CONF" --odoo-database="$DB" "$@" \
    $(ls -d fgp_*/tests)) | tee "$LOCAL/test-pytest.log"
py_rc=${PIPESTATUS[0]}
set -e
py_line=$(grep -E '^=+ .*(passed|failed|error|no tests ran).* =+$' "$LOCAL/test-pytest.log" | tail -n 1)
py_passed=$(grep -oE '[0-9]+ passed' <<<"$py_line" | awk '{n += $1} END {print n + 0}' || true)
py_failed=$(grep -oE '[0-9]+ (failed|errors?)' <<<"$py_line" | awk '{n += $1} END {print n + 0}' || true)

say "Running the HTTP cases and tours (fgp_http) and Odoo's post-install tests of contacts and portal"
set +e
odoo -d "$DB" --test-enable --test-tags "fgp_http,/contacts,/portal" --stop-after-init \
    --http-port "${FGP_TEST_HTTP_PORT:-8169}" --log-level=test >"$LOG" 2>&1
http_rc=$?
set -e
grep -E '(ERROR|FAIL):|^(Traceback|AssertionError)' "$LOG" | head -n 40 || true
stats=$(grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$LOG" | tail -n 1)
echo "odoo-bin: ${stats:-no test statistics in $LOG}"
http_failed=$(awk '{print $1 + $3}' <<<"${stats:-0 x 0}")
http_total=$(awk '{print $6}' <<<"${stats:-0 x 0 x x 0}")
http_passed=$(( ${http_total:-0} - ${http_failed:-0} ))
# Odoo skips a browser tour, and counts it as run, when Chromium or websocket-client
# is missing: a skipped tour is a failed one here.
browser_skips=$(grep -ciE "skipped .* : .*(chrome|websocket|devtools)" "$LOG" || true)
if [ "$browser_skips" -gt 0 ]; then
    grep -iE "skipped .* : .*(chrome|websocket|devtools)" "$LOG" | head -n 5
    echo "$browser_skips browser test(s) were skipped: Chromium could not be driven." >&2
    http_failed=$(( http_failed + browser_skips ))
    http_passed=$(( http_passed - browser_skips ))
fi

failed=$(( ${py_failed:-0} + ${http_failed:-0} ))
passed=$(( ${py_passed:-0} + http_passed ))
echo "tests: $passed passed, $failed failed"
if [ "$py_rc" -ne 0 ] || [ "$http_rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
    echo "The test suite failed (pytest exit $py_rc, odoo-bin exit $http_rc)." >&2
    exit 1
fi
if [ "$passed" -eq 0 ]; then
    echo "No test ran." >&2
    exit 1
fi
