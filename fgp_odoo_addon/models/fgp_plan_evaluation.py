from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..tools import selection_labels


class FgpPlanEvaluation(models.Model):
    """An evaluation or network meeting, with the Signs of Safety scaling score."""

    _name = "fgp.plan.evaluation"
    _description = "Evaluation or network meeting"
    _inherit = ["fgp.access.log.mixin", "fgp.plan.part.mixin"]
    _order = "date desc, id desc"

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [
            ("evaluation", "Evaluation"),
            ("network_meeting", "Network meeting"),
        ],
        required=True,
        default="evaluation",
    )
    score = fields.Integer(
        string="Scaling score",
        help="0 = it cannot get worse, 10 = everything is fine and safe enough.",
    )
    # An integer cannot be empty: without this an evaluation nobody scored
    # read as 0 and the plan as worsening.
    scored = fields.Boolean(
        string="Scaling score given",
        help="Whether a scaling score was given at this evaluation. Without one "
        "the evaluation does not count in the plan's score trend.",
    )
    outcome = fields.Html()
    next_date = fields.Date(string="Next evaluation")

    _sql_constraints = [
        (
            "score_range",
            "CHECK (score >= 0 AND score <= 10)",
            "The scaling score runs from 0 to 10.",
        ),
    ]

    @api.depends("kind", "date", "plan_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """'Evaluation 24-10-2026 - Plan familie Peters', not the model and id."""
        kinds = selection_labels(self.env, self._name, "kind")
        for evaluation in self:
            evaluation.display_name = _(
                "%(kind)s %(date)s - %(plan)s",
                kind=kinds.get(evaluation.kind, ""),
                date=format_date(self.env, evaluation.date),
                plan=evaluation.plan_id.name or "",
            )

    @api.constrains("score")
    def _check_score(self):
        for evaluation in self:
            if not 0 <= evaluation.score <= 10:
                raise ValidationError(
                    _(
                        "The scaling score runs from 0 to 10, not %(score)s.",
                        score=evaluation.score,
                    )
                )

    @api.constrains("date", "next_date")
    def _check_next_date(self):
        for evaluation in self:
            if evaluation.next_date and evaluation.next_date < evaluation.date:
                raise ValidationError(
                    _(
                        "The next evaluation cannot be before this one (%(date)s).",
                        date=format_date(self.env, evaluation.date),
                    )
                )

    @api.onchange("score")
    def _onchange_score(self):
        """Typing a score gives one."""
        for evaluation in self:
            evaluation.scored = True

    @api.model
    def _scored_values(self, vals):
        """A score written without saying whether it was given (an import, a
        call from outside the form) is a given score."""
        if "score" in vals and "scored" not in vals:
            return dict(vals, scored=True)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        """A scaling score from 0 to 10 in plain words, and the plan's next
        evaluation date follows."""
        vals_list = [self._scored_values(vals) for vals in vals_list]
        # The database's CHECK would refuse first, with a technical message.
        for vals in vals_list:
            score = vals.get("score") or 0
            if not 0 <= score <= 10:
                raise ValidationError(
                    _(
                        "The scaling score runs from 0 to 10, not %(score)s.",
                        score=score,
                    )
                )
        evaluations = super().create(vals_list)
        evaluations._update_plan_next_date()
        return evaluations

    def write(self, vals):
        """A written score is a given score; a changed date moves the plan's
        next evaluation."""
        vals = self._scored_values(vals)
        res = super().write(vals)
        if "next_date" in vals or "date" in vals:
            self._update_plan_next_date()
        return res

    def _update_plan_next_date(self):
        """The plan's next evaluation is the one its latest evaluation set."""
        for plan in self.plan_id:
            latest = plan.evaluation_ids.sorted(lambda e: (e.date, e.id))[-1:]
            if latest.next_date and plan.date_next_evaluation != latest.next_date:
                plan.date_next_evaluation = latest.next_date
