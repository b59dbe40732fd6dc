"""The property-based tests (hypothesis) with the large example budget.

Run it with ``bash scripts/bench.sh bench_property [--examples 500]`` (own
database ``fgp_bench``). It runs the suite's property tests of the portal forms
(over HTTP) and of the plan lifecycle (random action sequences across roles)
through Odoo's test runner with the profile ``fgp_large``
(fgp_odoo_addon/tests/common_property.py), and prints how many inputs and
sequences each tried and whether every property held.
"""

import argparse
import os
import re
import subprocess
import sys
import time

TESTS = "/fgp_odoo_addon:TestPropertyPortal,/fgp_odoo_addon:TestPropertyLifecycle"
TRIED = re.compile(r"property (.+?): (\d+ .+ tried) \(profile (\w+)\)")
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument(
        "--http-port", default=os.environ.get("FGP_TEST_HTTP_PORT", "8169")
    )
    args = parser.parse_args()
    odoo_bin = os.path.join(os.environ.get("ODOO_SRC", "/opt/odoo"), "odoo-bin")
    env = dict(
        os.environ,
        FGP_HYPOTHESIS_PROFILE="fgp_large",
        FGP_HYPOTHESIS_EXAMPLES=str(args.examples),
    )
    command = [
        sys.executable,
        odoo_bin,
        "-c",
        os.environ["FGP_ODOO_CONF"],
        "-d",
        os.environ["FGP_BENCH_DB"],
        "--test-enable",
        "--test-tags",
        TESTS,
        "--stop-after-init",
        "--http-port",
        args.http_port,
        "--log-level=test",
    ]
    start = time.perf_counter()
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    log = run.stdout + run.stderr
    for name, tried, profile in TRIED.findall(log):
        print(f"{name}: {tried} (profile {profile})")
    result = RESULT.search(log)
    print(f"time: {seconds:.0f} s for {args.examples} examples per test")
    if result and result.group(1) == result.group(2) == "0":
        print("bench_property: every property held")
        return
    print(
        "\n".join(
            line for line in log.splitlines() if "ERROR" in line or "FAIL" in line
        )
    )
    print("bench_property: a property failed (see above)")
    raise SystemExit(1)


if __name__ == "__main__":
    main()
