from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

AREAS = [
    ("public_information", "Public information"),
    ("working_method", "Working method (youth and family centre, district team)"),
    ("training", "Training and coaching"),
    ("provider_agreements", "Agreements with care providers"),
    ("procedures", "Procedures"),
    ("research", "Research and evaluation"),
]


class FgpOrganisationAction(models.Model):
    """One step of the organisation plan: who changes what by when, by area."""

    _name = "fgp.organisation.action"
    _description = "Organisation plan action"
    _inherit = ["fgp.internal.thread.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "organisation_plan_id, area, sequence, deadline, id"

    organisation_plan_id = fields.Many2one(
        "fgp.organisation.plan",
        string="Organisation plan",
        required=True,
        ondelete="cascade",
        index=True,
    )
    name = fields.Char(string="Action", required=True, tracking=True)
    description = fields.Html()
    area = fields.Selection(
        AREAS,
        required=True,
        default="public_information",
        group_expand=True,
        tracking=True,
        help="Public information: tell residents about their right to a family "
        "plan. Working method: give the family plan its place in the youth and "
        "family centre and the district teams. Training: train and coach staff to "
        "hand over ownership. Agreements with care providers: providers align "
        "their help to the family's plan. Procedures: change the organisation's "
        "own procedures. Research: find out whether the actions work.",
    )
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    deadline = fields.Date(tracking=True, index=True)
    progress = fields.Integer(
        string="Progress (%)",
        default=0,
        tracking=True,
        aggregator="avg",
        help="How far the action is, from 0 to 100.",
    )
    state = fields.Selection(
        [
            ("todo", "To do"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="todo",
        index=True,
        tracking=True,
        group_expand=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )
    # A colour index is no figure: not a measure of the pivot and graph views.
    color = fields.Integer(aggregator=False)
    organisation_state = fields.Selection(
        related="organisation_plan_id.state", string="Plan state"
    )

    _sql_constraints = [
        (
            "progress_range",
            "CHECK (progress >= 0 AND progress <= 100)",
            "Progress is a percentage from 0 to 100.",
        ),
    ]

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.deadline
                and action.deadline < today
                and action.state in ("todo", "in_progress")
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(_("Search overdue actions with = or !=."))
        domain = [
            ("deadline", "<", fields.Date.context_today(self)),
            ("state", "in", ("todo", "in_progress")),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.constrains("progress")
    def _check_progress(self):
        for action in self:
            if not 0 <= action.progress <= 100:
                raise ValidationError(
                    _(
                        "The progress of '%(action)s' must be between 0 and 100.",
                        action=action.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        """A new action's state and progress tell the same story."""
        return super().create([self._progress_values(vals) for vals in vals_list])

    def write(self, vals):
        """Keep state and progress telling the same story."""
        return super().write(self._progress_values(vals))

    @api.model
    def _progress_values(self, vals):
        vals = dict(vals)
        if vals.get("state") == "done":
            vals["progress"] = 100
        elif vals.get("progress") == 100 and "state" not in vals:
            vals["state"] = "done"
        elif vals.get("progress") and "state" not in vals:
            vals.setdefault("state", "in_progress")
        return vals

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset(self):
        self.write({"state": "todo"})
