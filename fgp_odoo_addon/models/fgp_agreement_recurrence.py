from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import selection_labels

WEEKDAY_FIELDS = (
    "repeat_mon",
    "repeat_tue",
    "repeat_wed",
    "repeat_thu",
    "repeat_fri",
    "repeat_sat",
    "repeat_sun",
)


class FgpAgreement(models.Model):
    """Agreements as families make them: most repeat ("Oma brengt Lisa op
    maandag en woensdag naar school"). A repeating agreement has no single
    deadline: it runs from its first day until an end date or the plan's next
    evaluation, and each of its days is an occurrence
    (fgp.agreement.occurrence) that is ticked off or missed.

    An agreement without any date (no deadline, not repeating) is looked at
    again at the plan's next evaluation: ``date_review`` says when."""

    _inherit = "fgp.agreement"

    recurrence = fields.Selection(
        [
            ("once", "Once"),
            ("weekly", "Every week"),
            ("two_weeks", "Every two weeks"),
            ("monthly", "Every month"),
        ],
        string="Repeats",
        required=True,
        default="once",
        tracking=True,
    )
    repeat_mon = fields.Boolean(string="Monday")
    repeat_tue = fields.Boolean(string="Tuesday")
    repeat_wed = fields.Boolean(string="Wednesday")
    repeat_thu = fields.Boolean(string="Thursday")
    repeat_fri = fields.Boolean(string="Friday")
    repeat_sat = fields.Boolean(string="Saturday")
    repeat_sun = fields.Boolean(string="Sunday")
    repeat_start = fields.Date(
        string="From",
        default=fields.Date.context_today,
        tracking=True,
        help="The first day of a repeating agreement; a monthly one repeats on "
        "this day of the month.",
    )
    repeat_end = fields.Selection(
        [
            ("evaluation", "Until the next evaluation"),
            ("date", "Until a date"),
        ],
        string="Until",
        required=True,
        default="evaluation",
        tracking=True,
    )
    repeat_until = fields.Date(string="End date", tracking=True)
    repeat_end_date = fields.Date(
        string="Repeats until",
        compute="_compute_repeat_end_date",
        store=True,
        help="The end date, or the plan's next evaluation: there the family and "
        "the network decide whether it goes on.",
    )
    occurrences_until = fields.Date(
        readonly=True,
        copy=False,
        help="Technical: the follow-up job made the occurrences up to this day.",
    )
    occurrence_ids = fields.One2many(
        "fgp.agreement.occurrence", "agreement_id", string="Days"
    )
    occurrence_done_count = fields.Integer(
        string="Days done", compute="_compute_occurrence_counts"
    )
    occurrence_missed_count = fields.Integer(
        string="Days missed", compute="_compute_occurrence_counts"
    )
    date_review = fields.Date(
        string="Looked at again",
        compute="_compute_date_review",
        store=True,
        index="btree_not_null",
        help="An open agreement without a date is looked at again at the plan's "
        "next evaluation, as is a repeating agreement that runs until then.",
    )

    @api.depends(
        "recurrence", "repeat_end", "repeat_until", "plan_id.date_next_evaluation"
    )
    def _compute_repeat_end_date(self):
        for agreement in self:
            if agreement.recurrence == "once":
                agreement.repeat_end_date = False
            elif agreement.repeat_end == "date":
                agreement.repeat_end_date = agreement.repeat_until
            else:
                agreement.repeat_end_date = agreement.plan_id.date_next_evaluation

    @api.depends(
        "state", "deadline", "recurrence", "repeat_end", "plan_id.date_next_evaluation"
    )
    def _compute_date_review(self):
        for agreement in self:
            without_date = agreement.recurrence == "once" and not agreement.deadline
            until_evaluation = (
                agreement.recurrence != "once" and agreement.repeat_end == "evaluation"
            )
            agreement.date_review = (
                agreement.plan_id.date_next_evaluation
                if agreement.state in ("open", "missed")
                and (without_date or until_evaluation)
                else False
            )

    @api.depends("recurrence", "occurrence_ids.state")
    def _compute_done_on_time(self):
        """A repeating agreement is done on time when none of its days was
        missed: its missed days still count once it has ended done."""
        res = super()._compute_done_on_time()
        for agreement in self.filtered(
            lambda a: a.recurrence != "once" and a.done_on_time
        ):
            agreement.done_on_time = not agreement.occurrence_missed_count
        return res

    def _compute_occurrence_counts(self):
        counts = {
            (agreement.id, state): count
            for agreement, state, count in self.env[
                "fgp.agreement.occurrence"
            ]._read_group(
                [("agreement_id", "in", self.ids), ("state", "in", ("done", "missed"))],
                ["agreement_id", "state"],
                ["__count"],
            )
        }
        for agreement in self:
            agreement.occurrence_done_count = counts.get((agreement.id, "done"), 0)
            agreement.occurrence_missed_count = counts.get((agreement.id, "missed"), 0)

    @api.constrains(
        "recurrence",
        "deadline",
        "repeat_start",
        "repeat_end",
        "repeat_until",
        *WEEKDAY_FIELDS,
    )
    def _check_recurrence(self):
        for agreement in self.filtered(lambda a: a.recurrence != "once"):
            if agreement.deadline:
                raise ValidationError(
                    _(
                        "'%(agreement)s' repeats: it has no single deadline. Give "
                        "its first day and until when it repeats instead.",
                        agreement=agreement.description,
                    )
                )
            if not agreement.repeat_start:
                raise ValidationError(
                    _(
                        "From which day does '%(agreement)s' repeat?",
                        agreement=agreement.description,
                    )
                )
            if agreement.recurrence in ("weekly", "two_weeks") and not any(
                agreement[name] for name in WEEKDAY_FIELDS
            ):
                raise ValidationError(
                    _(
                        "On which days of the week does '%(agreement)s' happen?",
                        agreement=agreement.description,
                    )
                )
            if agreement.repeat_end == "date" and not agreement.repeat_until:
                raise ValidationError(
                    _(
                        "Until which day does '%(agreement)s' repeat?",
                        agreement=agreement.description,
                    )
                )
            if (
                agreement.repeat_until
                and agreement.repeat_until < agreement.repeat_start
            ):
                raise ValidationError(
                    _(
                        "'%(agreement)s' cannot end before its first day.",
                        agreement=agreement.description,
                    )
                )

    def _fgp_end_state(self):
        """The state a repeating agreement ends in once its days are decided,
        judged on its days as the follow-up judges them: missed when none of
        them was done and some were missed (as a one-off agreement not kept),
        else done. A run of missed days was escalated on the way; the missed
        days still count (the days sheet, the KPI, ``done_on_time``)."""
        self.ensure_one()
        if self.occurrence_missed_count and not self.occurrence_done_count:
            return "missed"
        return "done"

    def _fgp_schedule_label(self):
        """The schedule in words: 'Every week on Monday, Wednesday'."""
        self.ensure_one()
        if self.recurrence == "once":
            return ""
        labels = selection_labels(self.env, "fgp.agreement", "recurrence")
        days = [
            self._fields[name]._description_string(self.env)
            for name in WEEKDAY_FIELDS
            if self[name]
        ]
        if self.recurrence == "monthly":
            return _(
                "%(every)s on day %(day)s",
                every=labels["monthly"],
                day=self.repeat_start.day,
            )
        return _(
            "%(every)s on %(days)s",
            every=labels[self.recurrence],
            days=", ".join(days).lower(),
        )

    def write(self, vals):
        """An agreement that ends (cancelled, or done for good) leaves no day
        open to tick off or to be missed."""
        res = super().write(vals)
        if vals.get("state") in ("cancelled", "done"):
            # sudo: the days follow their agreement, whoever ended it (write
            # access to the agreement was just checked by the write above).
            self.env["fgp.agreement.occurrence"].sudo().search(
                [("agreement_id", "in", self.ids), ("state", "=", "open")]
            ).write({"state": "cancelled"})
        return res
