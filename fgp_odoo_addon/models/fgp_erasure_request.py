from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Jeugdwet art. 7.3.9: the organisation decides within three months.
DECISION_TERM_MONTHS = 3


class FgpErasureRequest(models.Model):
    """A request to destroy a plan's file (Jeugdwet art. 7.3.9).

    It keeps the plan's number, never its content: after an approved erasure
    this record and one access log entry are all that shows it happened."""

    _name = "fgp.erasure.request"
    _description = "Erasure request"
    _inherit = ["fgp.plan.part.mixin", "fgp.system.fields.mixin"]
    _order = "date_request desc, id desc"
    # The plan's number, the decision, who decided and who recorded it.
    _fgp_system_fields = (
        "plan_ref",
        "state",
        "date_decision",
        "decided_by_id",
        "recorded_by_id",
    )

    plan_id = fields.Many2one(
        "fgp.plan",
        ondelete="set null",
        index="btree_not_null",
        help="Empty once the file was destroyed.",
    )
    plan_ref = fields.Integer(
        string="Plan number",
        readonly=True,
        copy=False,
        help="The number of the plan, kept after its file was destroyed.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Requested by", required=True, ondelete="restrict"
    )
    date_request = fields.Date(
        string="Received on", required=True, default=fields.Date.context_today
    )
    date_due = fields.Date(
        string="Decide before",
        compute="_compute_date_due",
        store=True,
        help="The decision is due within three months (Jeugdwet art. 7.3.9).",
    )
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("erased", "Erased"),
            ("refused", "Exception applies"),
        ],
        required=True,
        default="requested",
        readonly=True,
        copy=False,
        index=True,
    )
    exception_reason = fields.Text(
        help="Why the file is kept: for example when another person's substantial "
        "interest or a legal duty opposes erasure (art. 7.3.9 para. 3).",
    )
    date_decision = fields.Date(string="Decided on", readonly=True, copy=False)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided by", readonly=True, copy=False
    )
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        readonly=True,
        copy=False,
        default=lambda self: self.env.user,
    )

    @api.depends("date_request")
    def _compute_date_due(self):
        for request in self:
            request.date_due = request.date_request and (
                request.date_request + relativedelta(months=DECISION_TERM_MONTHS)
            )

    @api.depends("plan_ref")
    def _compute_display_name(self):
        for request in self:
            request.display_name = _(
                "Erasure request for plan %(number)s", number=request.plan_ref
            )

    def _fgp_system_values(self, vals):
        """Remember the plan's number, which outlives the plan; a decision is
        recorded with its day and who took it."""
        values = {}
        if vals.get("plan_id"):
            values["plan_ref"] = vals["plan_id"]
        if vals.get("state") in ("erased", "refused"):
            values["date_decision"] = fields.Date.context_today(self)
            values["decided_by_id"] = self.env.uid
        return values

    def _check_requested(self):
        for request in self:
            if request.state != "requested":
                raise UserError(_("This request was already decided."))

    def action_approve(self):
        """Destroy the plan's whole file: the erasure the person asked for."""
        self._check_requested()
        for request in self:
            plan = request.plan_id
            # sudo: the legal hold must stop an erasure whoever decides on the request
            if plan.sudo().legal_hold:
                raise UserError(
                    _(
                        "The plan is under a legal hold and cannot be erased. Record "
                        "the exception instead."
                    )
                )
            # sudo: the file spans notes and records this user may not see;
            # the decision is the authorised user's, recorded on this request.
            plan.sudo()._fgp_destroy(operation="erase")
            request._fgp_as_system().write({"state": "erased"})

    def action_refuse(self):
        """Keep the file: an exception applies, recorded with its reason."""
        self._check_requested()
        for request in self:
            if not (request.exception_reason or "").strip():
                raise UserError(
                    _("Write down which exception applies before refusing erasure.")
                )
            request._fgp_as_system().write({"state": "refused"})
