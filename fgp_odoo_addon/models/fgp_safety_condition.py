from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .fgp_family_draft_mixin import FAMILY_DEPENDS_CONTEXT


class FgpSafetyCondition(models.Model):
    """A condition an authorised professional sets: the plan must meet it before
    it becomes the basis for further help. The family sees it; only authorised
    professionals set, assess or withdraw it (access rights and rules)."""

    _name = "fgp.safety.condition"
    _description = "Safety condition"
    _inherit = [
        "fgp.internal.thread.mixin",
        "mail.thread",
        "fgp.access.log.mixin",
        "fgp.plan.part.mixin",
        "fgp.system.fields.mixin",
    ]
    _order = "plan_id, id"
    _rec_name = "description"
    _fgp_system_fields = ("set_by_id", "date_assessed", "assessed_by_id")

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    description = fields.Text(string="Condition", required=True, tracking=True)
    set_by_id = fields.Many2one(
        "res.users",
        string="Set by",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    state = fields.Selection(
        [
            ("open", "To assess"),
            ("met", "Met"),
            ("not_met", "Not met"),
            ("withdrawn", "Withdrawn"),
        ],
        required=True,
        default="open",
        index=True,
        tracking=True,
    )
    assessment = fields.Text(tracking=True)
    date_assessed = fields.Date(
        string="Assessed on", tracking=True, readonly=True, copy=False
    )
    assessed_by_id = fields.Many2one(
        "res.users", string="Assessed by", readonly=True, copy=False
    )
    team_id = fields.Many2one(related="plan_id.team_id", store=True, index=True)
    # What the condition was assessed on: a change to it in an active plan
    # opens the condition again (fgp_plan_safety_review.py). None named: the
    # whole plan.
    section_ids = fields.Many2many(
        "fgp.plan.section",
        string="Assessed on chapters",
        depends_context=FAMILY_DEPENDS_CONTEXT,
        domain="[('plan_id', '=', plan_id)]",
        help="The chapters this condition relies on. When one is removed or "
        "rewritten in an active plan, the condition is assessed again. None: "
        "the whole plan.",
    )
    agreement_ids = fields.Many2many(
        "fgp.agreement",
        string="Assessed on agreements",
        depends_context=FAMILY_DEPENDS_CONTEXT,
        domain="[('plan_id', '=', plan_id)]",
        help="The agreements this condition relies on. When one is cancelled, "
        "removed or rewritten in an active plan, the condition is assessed "
        "again. None: the whole plan.",
    )

    def _fgp_system_values(self, vals):
        """A condition is set in the name of who sets it (the field's default);
        whoever gives it a state is its assessor, on that day."""
        if "state" not in vals:
            return {}
        if vals["state"] == "open":
            return {"date_assessed": False, "assessed_by_id": False}
        return {
            "date_assessed": fields.Date.context_today(self),
            "assessed_by_id": self.env.uid,
        }

    @api.constrains("state", "assessment")
    def _check_assessment(self):
        for condition in self:
            if (
                condition.state in ("met", "not_met")
                and not (condition.assessment or "").strip()
            ):
                raise ValidationError(
                    _(
                        "Write down your assessment before you mark the condition "
                        "'%(condition)s' as met or not met.",
                        condition=condition.description,
                    )
                )

    @api.constrains("section_ids", "agreement_ids", "plan_id")
    def _check_basis(self):
        for condition in self:
            # sudo: compares plan ids only
            plans = (
                condition.sudo().section_ids.plan_id
                | condition.sudo().agreement_ids.plan_id
            )
            if plans and plans != condition.plan_id:
                raise ValidationError(
                    _("A condition relies only on chapters and agreements of its plan.")
                )

    @api.constrains("description")
    def _check_description(self):
        for condition in self:
            if not (condition.description or "").strip():
                raise ValidationError(_("Describe the safety condition."))

    def _assess(self, state):
        if state in ("met", "not_met"):
            missing = self.filtered(lambda c: not (c.assessment or "").strip())
            if missing:
                raise UserError(
                    _(
                        "Write down your assessment before you mark the condition "
                        "'%(condition)s' as met or not met.",
                        condition=missing[0].description,
                    )
                )
        self.write({"state": state})

    def action_met(self):
        self._assess("met")

    def action_not_met(self):
        self._assess("not_met")

    def action_withdraw(self):
        self._assess("withdrawn")

    def action_reopen(self):
        self.write({"state": "open"})
