"""One create of network members in bulk, as an import or the generator makes it:
2,000 members on 250 working plans of the generated municipality, 80 % with a
consent date (their consents recorded, one note per plan), against the same
members without one (the baseline: the create itself). Each create runs in a
savepoint that is rolled back, on a cold cache, the two kinds in turn;
medians of ``--runs``.

    bash scripts/bench.sh bench_network [--members 2000] [--plans 250] [--runs 7]

Runs on fgp_scale (``bash scripts/bench.sh generate --fresh --scale 1``); nothing
is kept. The generator's network phase is this create 76 times at scale 1."""

import argparse
import datetime
import random
import statistics

from common import measure, superuser_env

GOAL_RATIO = 2.0
WORKING = ("submitted", "active")


def member_vals(plans, people, consent, rng):
    """A member for every person, the plans taken in turn."""
    vals = []
    for i, person in enumerate(people):
        vals.append(
            {
                "plan_id": plans[i % len(plans)].id,
                "partner_id": person.id,
                "role": rng.choice(("friend", "neighbour", "relative", "volunteer")),
                "relation": "buurvrouw",
                "consent_date": datetime.date(2026, 1, 1)
                + datetime.timedelta(rng.randint(0, 300))
                if consent and rng.random() < 0.8
                else False,
            }
        )
    return vals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--plans", type=int, default=250)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with superuser_env() as env:
        plans = env["fgp.plan"].search([("state", "in", WORKING)], limit=args.plans)
        if len(plans) < args.plans:
            raise SystemExit(
                "Too few working plans: bash scripts/bench.sh generate --fresh first."
            )
        people = env["res.partner"].create(
            [{"name": f"Netwerklid {i}"} for i in range(args.members)]
        )
        env.flush_all()
        Member = env["fgp.network.member"]

        def create(vals):
            # create() completes the values it is given: a copy each run
            with env.cr.savepoint() as savepoint:
                Member.create([dict(v) for v in vals])
                env.flush_all()
                savepoint.rollback()

        kinds = {
            consent: member_vals(plans, people, consent, random.Random(42))
            for consent in (False, True)
        }
        runs = {consent: [] for consent in kinds}
        # Interleaved, so that a busier moment of the machine weighs on both.
        for _run in range(args.runs):
            for consent, vals in kinds.items():
                runs[consent].append(measure(env, lambda vals=vals: create(vals), 1))

    (base, base_queries), (seconds, queries) = (
        (statistics.median(t for t, _q in results), max(q for _t, q in results))
        for results in runs.values()
    )
    ratio = seconds / base
    print(
        f"network_create_without_consent: {base:.3f} s, {base_queries} queries "
        f"({args.members} members on {args.plans} plans, baseline)"
    )
    print(
        f"network_create_with_consent: {seconds:.3f} s, {queries} queries "
        f"({seconds / args.members * 1000:.2f} ms a member)"
    )
    print(f"network_consent_ratio: {ratio:.2f} (goal <= {GOAL_RATIO})")
    print(
        "bench_network: "
        + ("all goals met" if ratio <= GOAL_RATIO else "not met: network_consent_ratio")
    )


if __name__ == "__main__":
    main()
