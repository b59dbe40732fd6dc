"""The daily follow-up job (fgp.follow.up) on the generated municipality: each of
its steps batch by batch (time and queries per batch), then the whole job a second
time, which must find nothing left to do.

    bash scripts/bench.sh bench_follow_up [--today 2025-05-15] [--batch-size 1000]

Baseline, measured in the same run on the same rows: the missed batch's state
change alone (the ORM write of state, inside a savepoint that is rolled back),
so the ratio shows what the escalation (activities, mails, log messages) costs
on top. --today picks the day the job runs for: the default misses about 2,000
agreements of the generated data. One transaction, rolled back at the end
(the job's per-batch commit is off): fgp_scale is left as it was."""

import argparse
import statistics
import time

from common import superuser_env

GOAL_PER_1000 = 10.0  # seconds per 1,000 newly missed agreements (helper's figure)


def totals(cr):
    cr.execute(
        """SELECT (SELECT count(*) FROM fgp_agreement WHERE state = 'missed'),
                  (SELECT count(*) FROM fgp_agreement WHERE is_overdue),
                  (SELECT count(*) FROM mail_activity),
                  (SELECT count(*) FROM mail_mail),
                  (SELECT count(*) FROM mail_message),
                  (SELECT count(*) FROM fgp_plan
                    WHERE evaluation_reminder_date IS NOT NULL)"""
    )
    return dict(
        zip(
            ("missed", "overdue", "activities", "mails", "messages", "reminded"),
            cr.fetchone(),
            strict=True,
        )
    )


def run_step(env, batch, today, batch_size, baseline=None):
    """Call a step's batch function until it runs dry; per batch (rows, s, queries)."""
    rows = []
    while True:
        if baseline:
            baseline(today, batch_size)
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        count = batch(today, batch_size)
        elapsed = time.perf_counter() - start
        if not count:
            break
        rows.append((count, elapsed, env.cr.sql_log_count - before))
        print(
            f"  {batch.__name__}: {count} rows, {elapsed:.2f} s, {rows[-1][2]} queries",
            flush=True,
        )
        if count < batch_size:
            break
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--today", default="2025-05-15")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument(
        "--no-mail",
        action="store_true",
        help="leave the generated contacts without e-mail (no missed-agreement mails)",
    )
    args = parser.parse_args()
    with superuser_env() as env:
        from odoo.addons.fgp_odoo_addon.tools import FLAG

        env = env(context={"fgp_no_commit": FLAG})
        cr = env.cr
        follow_up = env["fgp.follow.up"]
        if not args.no_mail:
            # The generator gives no one an e-mail address: give one to every
            # designated contact with consent, so the mail path is measured.
            cr.execute(
                """UPDATE res_partner rp
                      SET email = 'contact' || rp.id || '@example.org'
                     FROM fgp_network_member m
                     JOIN fgp_plan p ON p.designated_member_id = m.id
                    WHERE rp.id = m.partner_id AND m.consent_date IS NOT NULL"""
            )
            print(f"designated contacts given an e-mail address: {cr.rowcount}")
        before = totals(cr)
        baseline_times = []

        def state_only(today, batch_size):
            """The baseline: select the same rows and write their state, undone."""
            env.flush_all()
            cr.execute("SAVEPOINT bench_baseline")
            cr.execute(
                "SELECT a.id FROM fgp_agreement a JOIN fgp_plan p ON p.id = a.plan_id"
                f" WHERE {follow_up._to_miss_sql(today).code} ORDER BY a.id LIMIT %s",
                [*follow_up._to_miss_sql(today).params, batch_size],
            )
            ids = [row[0] for row in cr.fetchall()]
            start = time.perf_counter()
            if ids:
                env["fgp.agreement"].browse(ids).with_context(
                    tracking_disable=True
                ).write({"state": "missed"})
                env.flush_all()
                baseline_times.append((len(ids), time.perf_counter() - start))
            cr.execute("ROLLBACK TO SAVEPOINT bench_baseline")
            env.invalidate_all()

        today = __import__("datetime").date.fromisoformat(args.today)
        results = {}
        start = time.perf_counter()
        for name, batch, baseline in (
            ("refresh_overdue", follow_up._refresh_overdue_batch, None),
            ("mark_missed", follow_up._mark_missed_batch, state_only),
            ("remind_evaluations", follow_up._remind_evaluations_batch, None),
        ):
            print(f"{name}:", flush=True)
            results[name] = run_step(env, batch, today, args.batch_size, baseline)
            env.flush_all()
        first_run = time.perf_counter() - start
        after_first = totals(cr)
        start = time.perf_counter()
        before_q = cr.sql_log_count
        done, remaining = follow_up._cron_follow_up(today=today, max_batches=None)
        env.flush_all()
        second_run = time.perf_counter() - start
        second_queries = cr.sql_log_count - before_q
        after_second = totals(cr)
        cr.rollback()

    print()
    print(f"today: {args.today}, batch size {args.batch_size}")
    print(f"{'step':<20} {'rows':>7} {'batches':>7} {'s':>8} {'q/batch':>8}")
    for name, rows in results.items():
        n = sum(r[0] for r in rows)
        t = sum(r[1] for r in rows)
        q = max((r[2] for r in rows), default=0)
        print(f"{name:<20} {n:>7} {len(rows):>7} {t:>8.2f} {q:>8}")
    print(f"first run (all steps): {first_run:.1f} s")
    changes = {k: after_first[k] - before[k] for k in before}
    print("first run changes: " + ", ".join(f"{k} {v:+d}" for k, v in changes.items()))
    missed = results["mark_missed"]
    if missed:
        n = sum(r[0] for r in missed)
        t = sum(r[1] for r in missed)
        per_1000 = t / n * 1000
        base_n = sum(r[0] for r in baseline_times)
        base = sum(r[1] for r in baseline_times) / base_n * 1000
        print(
            f"missed_per_1000: {per_1000:.2f} s (goal < {GOAL_PER_1000:.0f} s); "
            f"queries per batch: median "
            f"{statistics.median(r[2] for r in missed):.0f}"
        )
        print(
            f"baseline state write only: {base:.2f} s per 1000; "
            f"ratio {per_1000 / base:.1f}"
        )
    second = {k: after_second[k] - after_first[k] for k in before}
    print(
        f"second run: {second_run:.2f} s, {second_queries} queries, done={done}, "
        f"remaining={remaining}; changes: "
        + ", ".join(f"{k} {v:+d}" for k, v in second.items())
    )
    nothing = done == 0 and not any(second.values())
    print(f"second_run_does_nothing: {'yes' if nothing else 'no'} (goal: yes)")


if __name__ == "__main__":
    main()
