from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ..tools import get_int_param, lock_batch

OCCURRENCE_GRACE_PARAM = "fgp_odoo_addon.occurrence_grace_days"
MISSED_RUN_PARAM = "fgp_odoo_addon.occurrence_missed_run"
# An occurrence not ticked off within these days after its date is missed: the
# family ticks Monday's school run off on Monday or Tuesday, not a fortnight later.
DEFAULT_OCCURRENCE_GRACE_DAYS = 2
# Missed occurrences in a row that escalate a repeating agreement: one missed
# Monday is life, two in a row is "it is not going well".
DEFAULT_MISSED_RUN = 2
# Occurrence states a network member or professional may tick off.
TICK_FROM = ("open", "missed")


class FgpAgreementOccurrence(models.Model):
    """One day of a repeating agreement ("Oma brengt Lisa op maandag en woensdag
    naar school": every Monday and Wednesday is one occurrence).

    The follow-up job makes them, in batches of agreements with one grouped
    INSERT (``_generate_batch``), for the days up to today; the family or a
    professional ticks one off; an occurrence not ticked off within the grace
    days is missed, and a run of missed occurrences in a row escalates the
    agreement like a missed one-off agreement (``_miss_batch``). Only server
    code creates them: their day follows from the agreement's schedule."""

    _name = "fgp.agreement.occurrence"
    _description = "Occurrence of a repeating agreement"
    _inherit = [
        "fgp.access.log.mixin",
        "fgp.plan.part.mixin",
        "fgp.system.fields.mixin",
    ]
    _order = "date desc, id desc"
    _rec_name = "date"
    # Who ticked it off and when is recorded by the product.
    _fgp_system_fields = ("done_by_id", "date_done")

    agreement_id = fields.Many2one(
        "fgp.agreement", required=True, ondelete="cascade", index=True, readonly=True
    )
    plan_id = fields.Many2one(
        "fgp.plan", required=True, ondelete="cascade", index=True, readonly=True
    )
    date = fields.Date(required=True, readonly=True)
    state = fields.Selection(
        [
            ("open", "To tick off"),
            ("done", "Done"),
            ("missed", "Missed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="open",
        index=True,
    )
    date_done = fields.Date(string="Ticked off on", readonly=True, copy=False)
    done_by_id = fields.Many2one(
        "res.partner", string="Ticked off by", readonly=True, copy=False
    )
    escalated = fields.Boolean(
        readonly=True,
        copy=False,
        help="Part of a run of missed occurrences that was escalated: the next "
        "run starts after it.",
    )
    # Stored copies of the case, like the agreement's: the record rules read
    # them on millions of occurrences without joins.
    team_id = fields.Many2one(related="agreement_id.team_id", store=True, index=True)
    professional_id = fields.Many2one(
        related="agreement_id.professional_id",
        store=True,
        index=True,
        string="Case professional",
    )
    description = fields.Text(related="agreement_id.description", string="What")
    responsible_name = fields.Char(related="agreement_id.responsible_name")

    _sql_constraints = [
        (
            "agreement_date_unique",
            "UNIQUE (agreement_id, date)",
            "An agreement has one occurrence per day.",
        ),
    ]

    @api.depends("date", "agreement_id.description")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for occurrence in self:
            occurrence.display_name = _(
                "%(date)s: %(agreement)s",
                date=format_date(self.env, occurrence.date),
                agreement=occurrence.agreement_id.description or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Occurrences follow from the agreement's schedule: the job makes them."""
        if not self.env.su:
            raise UserError(
                _(
                    "The days of a repeating agreement follow from its schedule; "
                    "they cannot be added by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        """Done records the day and who ticked it off; any other state clears
        them. Only the state can change: the day follows from the schedule, and
        the job marks a run escalated in SQL."""
        if set(vals) - {"state", *self._fgp_system_fields}:
            self.check_access("write")
            raise UserError(
                _("Only whether it was done can be changed on a day of an agreement.")
            )
        return super().write(vals)

    def _fgp_system_values(self, vals):
        if "state" not in vals:
            return {}
        if vals["state"] == "done":
            return {
                "date_done": fields.Date.context_today(self),
                "done_by_id": self.env.user.partner_id.id,
            }
        return {"date_done": False, "done_by_id": False}

    def action_done(self):
        """Tick the day off (the professional, on the family's word)."""
        if self.filtered(lambda o: o.state not in TICK_FROM):
            raise UserError(_("Only a day that is still open or missed can be done."))
        if self.filtered(lambda o: o.date > fields.Date.context_today(self)):
            raise UserError(_("A day that has not come yet cannot be done."))
        self.write({"state": "done"})

    def action_missed(self):
        self.write({"state": "missed"})

    def action_reopen(self):
        self.write({"state": "open"})

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _grace_days(self):
        return max(
            get_int_param(
                self.env, OCCURRENCE_GRACE_PARAM, DEFAULT_OCCURRENCE_GRACE_DAYS
            ),
            0,
        )

    @api.model
    def _missed_run(self):
        return max(get_int_param(self.env, MISSED_RUN_PARAM, DEFAULT_MISSED_RUN), 1)

    # ------------------------------------------------------------------
    # The follow-up job (run by fgp.follow.up's batch loop)
    # ------------------------------------------------------------------
    def _to_generate_sql(self, today):
        """Repeating agreements of active plans with days up to today that have
        no occurrence yet. A family's draft is not agreed: left out here, as the
        job's other SQL does."""
        return SQL(
            "a.recurrence != 'once' AND a.state IN ('open', 'missed')"
            " AND a.is_family_draft IS NOT TRUE AND p.state = 'active' AND p.active"
            " AND a.repeat_start <= %(today)s"
            " AND COALESCE(a.occurrences_until, a.repeat_start - 1)"
            " < LEAST(%(today)s, COALESCE(a.repeat_end_date, %(today)s))",
            today=today,
        )

    def _to_miss_sql(self, today):
        """Occurrences still open after their grace days."""
        cutoff = today - timedelta(days=self._grace_days())
        return SQL("o.state = 'open' AND o.date < %(cutoff)s", cutoff=cutoff)

    def _to_close_sql(self, today):
        """Repeating agreements that ran to their end, every day of them made
        and decided (none left to tick off: the last day's grace days are
        over). The end is the end date; for one that repeats until the next
        evaluation, that evaluation must have been held: an evaluation that
        plans a next one moves the end with it, and one held late does not
        find the agreement closed before it could decide.

        Open ones are closed; a missed one (a run of its days was escalated)
        stays missed, and one that repeated until the evaluation has its end
        fixed there. Either way a closed agreement leaves this selection."""
        return SQL(
            "a.recurrence != 'once'"
            " AND (a.state = 'open' OR (a.state = 'missed'"
            " AND a.repeat_end = 'evaluation' AND a.repeat_end_date >= a.repeat_start))"
            " AND a.is_family_draft IS NOT TRUE AND p.state = 'active' AND p.active"
            " AND a.repeat_end_date < %(today)s"
            " AND COALESCE(a.occurrences_until, a.repeat_start - 1)"
            " >= a.repeat_end_date"
            " AND NOT EXISTS (SELECT FROM fgp_agreement_occurrence o"
            " WHERE o.agreement_id = a.id AND o.state = 'open')"
            " AND (a.repeat_end = 'date' OR EXISTS (SELECT FROM fgp_plan_evaluation e"
            " WHERE e.plan_id = a.plan_id AND e.date >= a.repeat_end_date))",
            today=today,
        )

    def _count_remaining_sql(self, today):
        return SQL(
            "(SELECT count(*) FROM fgp_agreement a JOIN fgp_plan p"
            " ON p.id = a.plan_id WHERE %s)"
            " + (SELECT count(*) FROM fgp_agreement_occurrence o WHERE %s)"
            " + (SELECT count(*) FROM fgp_agreement a JOIN fgp_plan p"
            " ON p.id = a.plan_id WHERE %s)",
            self._to_generate_sql(today),
            self._to_miss_sql(today),
            self._to_close_sql(today),
        )

    def _generate_batch(self, today, batch_size):
        """Make the occurrences of a batch of repeating agreements up to today
        with one INSERT ... SELECT over generate_series; the agreements are
        taken with SKIP LOCKED, so two workers never make the same days (and
        the unique key would refuse them if they did)."""
        self.env.flush_all()
        cr = self.env.cr
        ids = tuple(
            self.env["fgp.agreement"]._lock_batch(
                self._to_generate_sql(today), batch_size
            )
        )
        if not ids:
            return 0
        # Weekly and two-weekly: on the chosen weekdays (every other week counted
        # from the week of the first day); monthly: on the day of the month of
        # the first day (the month's last day when it is shorter).
        cr.execute(
            SQL(
                """
                INSERT INTO fgp_agreement_occurrence
                    (agreement_id, plan_id, team_id, professional_id, date, state,
                     escalated, create_uid, write_uid, create_date, write_date)
                SELECT a.id, a.plan_id, a.team_id, a.professional_id, d.day, 'open',
                       FALSE, %(uid)s, %(uid)s, now() at time zone 'UTC',
                       now() at time zone 'UTC'
                  FROM fgp_agreement a
                 CROSS JOIN LATERAL (
                       SELECT g::date AS day FROM generate_series(
                           COALESCE(a.occurrences_until + 1, a.repeat_start),
                           LEAST(%(today)s, COALESCE(a.repeat_end_date, %(today)s)),
                           interval '1 day') AS g) AS d
                 WHERE a.id IN %(ids)s
                   AND CASE WHEN a.recurrence = 'monthly' THEN
                           extract(day FROM d.day) = LEAST(
                               extract(day FROM a.repeat_start),
                               extract(day FROM date_trunc('month', d.day)
                                   + interval '1 month - 1 day'))
                       ELSE
                           (CASE extract(isodow FROM d.day)
                               WHEN 1 THEN a.repeat_mon WHEN 2 THEN a.repeat_tue
                               WHEN 3 THEN a.repeat_wed WHEN 4 THEN a.repeat_thu
                               WHEN 5 THEN a.repeat_fri WHEN 6 THEN a.repeat_sat
                               ELSE a.repeat_sun END) IS TRUE
                           AND (a.recurrence = 'weekly' OR mod(
                               (d.day - (a.repeat_start
                                   - extract(isodow FROM a.repeat_start)::int + 1))
                                   / 7, 2) = 0)
                       END
                ON CONFLICT (agreement_id, date) DO NOTHING
                """,
                uid=self.env.uid,
                today=today,
                ids=ids,
            )
        )
        cr.execute(
            SQL(
                "UPDATE fgp_agreement SET occurrences_until ="
                " LEAST(%(today)s, COALESCE(repeat_end_date, %(today)s))"
                " WHERE id IN %(ids)s",
                today=today,
                ids=ids,
            )
        )
        agreements = self.env["fgp.agreement"].browse(ids)
        agreements.invalidate_recordset(["occurrences_until", "occurrence_ids"])
        return len(ids)

    def _miss_batch(self, today, batch_size):
        """Mark a batch of occurrences missed; escalate every agreement whose
        last decided occurrences are a run of missed ones not escalated yet."""
        self.env.flush_all()
        cr = self.env.cr
        ids = lock_batch(
            self.env,
            SQL(
                "SELECT o.id FROM fgp_agreement_occurrence o WHERE %s"
                " ORDER BY o.id LIMIT %s",
                self._to_miss_sql(today),
                batch_size,
            ),
        )
        if not ids:
            return 0
        cr.execute(
            SQL(
                "UPDATE fgp_agreement_occurrence SET state = 'missed',"
                " write_date = now() at time zone 'UTC'"
                " WHERE id IN %s RETURNING agreement_id",
                tuple(ids),
            )
        )
        rows = cr.fetchall()
        self.invalidate_model(["state"])
        agreement_ids = tuple({row[0] for row in rows})
        run = self._missed_run()
        # One grouped query: per agreement, its last `run` decided occurrences.
        cr.execute(
            SQL(
                """
                WITH last AS (
                    SELECT id, agreement_id, state, escalated,
                           row_number() OVER (
                               PARTITION BY agreement_id ORDER BY date DESC) AS rank
                      FROM fgp_agreement_occurrence
                     WHERE agreement_id IN %(ids)s AND state IN ('done', 'missed')
                )
                SELECT agreement_id, array_agg(id)
                  FROM last WHERE rank <= %(run)s
                 GROUP BY agreement_id
                HAVING count(*) = %(run)s AND bool_and(state = 'missed')
                   AND NOT bool_or(escalated)
                """,
                ids=agreement_ids,
                run=run,
            )
        )
        runs = dict(cr.fetchall())
        if runs:
            cr.execute(
                SQL(
                    "UPDATE fgp_agreement_occurrence SET escalated = TRUE"
                    " WHERE id = ANY(%s)",
                    [oid for ids in runs.values() for oid in ids],
                )
            )
            self.invalidate_model(["escalated"])
            agreements = self.env["fgp.agreement"].browse(list(runs))
            # One log message per agreement (written by _escalate) tells it.
            agreements.filtered(lambda a: a.state == "open").with_context(
                tracking_disable=True
            ).write({"state": "missed"})
            self.env["fgp.follow.up"]._escalate(agreements, today)
        return len(rows)

    def _close_batch(self, today, batch_size):
        """Close a batch of repeating agreements that ran to their end (see
        _to_close_sql): an open one in the state its days give
        (fgp.agreement._fgp_end_state), and one that ends missed is escalated
        as any missed agreement. The agreements are taken with SKIP LOCKED and
        leave the selection once closed, so two workers never close the same
        one and a second run finds nothing to do."""
        self.env.flush_all()
        ids = self.env["fgp.agreement"]._lock_batch(
            self._to_close_sql(today), batch_size
        )
        if not ids:
            return 0
        agreements = self.env["fgp.agreement"].browse(ids)
        FollowUp = self.env["fgp.follow.up"]
        by_vals = {}
        logs = {}
        not_kept = agreements.browse()
        for agreement in agreements:
            end = agreement.repeat_end_date
            vals = {}
            if agreement.state == "open":
                vals["state"] = agreement._fgp_end_state()
            if vals.get("state") == "missed":
                # _escalate writes its log message
                not_kept |= agreement
            else:
                lang_env = FollowUp._lang_env(agreement.plan_id._follow_up_user())
                logs[agreement.id] = lang_env._(
                    "Ended on %(date)s: %(done)s of its %(days)s days done, "
                    "%(missed)s missed.",
                    date=format_date(lang_env, end),
                    done=agreement.occurrence_done_count,
                    days=agreement.occurrence_done_count
                    + agreement.occurrence_missed_count,
                    missed=agreement.occurrence_missed_count,
                )
            if vals.get("state") == "done":
                vals["date_done"] = end
            if agreement.repeat_end == "evaluation" and end >= agreement.repeat_start:
                # Its end is fixed: a next evaluation planned later does not
                # make a closed agreement repeat again.
                vals.update(repeat_end="date", repeat_until=end)
            key = tuple(sorted(vals.items()))
            by_vals[key] = by_vals.get(key, agreements.browse()) | agreement
        for key, group in by_vals.items():
            # One log message per agreement tells it (below, or _escalate's).
            group.with_context(tracking_disable=True).write(dict(key))
        if logs:
            agreements._message_log_batch(
                bodies={key: Markup("<p>%s</p>") % text for key, text in logs.items()}
            )
        if not_kept:
            FollowUp._escalate(not_kept, today)
        return len(ids)
