from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import selection_labels
from .fgp_plan import ALLOWED_TRANSITIONS, FINISHED_STATES


class FgpPlan(models.Model):
    """The plan's lifecycle under the Jeugdwet: offered, prepared with the
    family, submitted, active, closed; or declined or exempt, followed by a
    professional plan. ``write`` (fgp_plan.py) runs these checks on every
    state change."""

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _group_expand_states(self, states, domain):
        """Kanban columns in the order of the plan's life (not alphabetical), with
        the running states always shown and the final ones only when present."""
        return [
            item[0]
            for item in self._fields["state"].selection
            if item[0] not in FINISHED_STATES or item[0] in states
        ]

    @api.constrains("origin_plan_id", "authorship")
    def _check_origin_plan(self):
        for plan in self.filtered("origin_plan_id"):
            if plan.authorship != "professional":
                raise ValidationError(
                    _(
                        "%(plan)s follows an offer the family declined or that was "
                        "exempt: it is a professional plan.",
                        plan=plan.name,
                    )
                )
            if plan.origin_plan_id.state not in ("declined", "exempt"):
                raise ValidationError(
                    _(
                        "A professional plan can only follow an offer the family "
                        "declined or that was exempt."
                    )
                )

    @api.constrains("state")
    def _check_active_safety_conditions(self):
        """Also a plan created directly as active must meet its conditions."""
        for plan in self.filtered(lambda p: p.state == "active"):
            plan._check_can_become_active()

    def action_prepare(self):
        self.write({"state": "preparing"})

    def action_decline(self):
        self.write({"state": "declined"})

    def action_exempt(self):
        self.write({"state": "exempt"})

    def action_reoffer(self):
        self.write({"state": "offered"})

    def action_submit(self):
        self.write({"state": "submitted"})

    def action_back_to_preparing(self):
        self.write({"state": "preparing"})

    def action_activate(self):
        self.write({"state": "active"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_create_professional_plan(self):
        """Start a professional plan, made in consultation with the family."""
        self.ensure_one()
        if self.state not in ("declined", "exempt"):
            raise UserError(
                _(
                    "A professional plan follows only when the family declined or an "
                    "exception applies."
                )
            )
        running = self.follow_up_plan_ids.filtered(lambda p: p.state != "closed")
        if running:
            raise UserError(
                _(
                    "%(plan)s already has a professional plan that is not closed: "
                    "%(follow_up)s.",
                    plan=self.name,
                    follow_up=running[0].name,
                )
            )
        # The offer it follows is recorded by the product, not typed in.
        plan = self._fgp_as_system().create(
            {
                "name": _("Professional plan: %(name)s", name=self.name),
                "plan_type": self.plan_type,
                "method": "free_form",
                "authorship": "professional",
                "origin_plan_id": self.id,
                "team_id": self.team_id.id,
                "professional_id": self.professional_id.id,
                "youth_ids": [Command.set(self.youth_ids.ids)],
                # The people stay; consent to share and the designation were given
                # for the family's own plan and are asked again.
                "network_member_ids": [
                    Command.create(
                        {
                            "partner_id": member.partner_id.id,
                            "role": member.role,
                            "relation": member.relation,
                        }
                    )
                    for member in self.network_member_ids
                ],
            }
        )
        plan = self.browse(plan.id)
        plan.action_prepare()
        self.message_post(
            body=_(
                "Professional plan started in consultation with the family: %(plan)s.",
                plan=plan._get_html_link(),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "fgp.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Business: the checks behind each step
    # ------------------------------------------------------------------
    def _state_label(self, state):
        return selection_labels(self.env, "fgp.plan", "state")[state]

    def _check_transition(self, new_state, vals=None):
        """Refuse a state change the Jeugdwet lifecycle does not allow. The
        checks judge the values being written (`vals`, the write that changes
        the state): a state written together with its reason is not refused."""
        vals = vals or {}
        for plan in self:
            if plan.state == new_state:
                continue
            if plan.state not in ALLOWED_TRANSITIONS[new_state]:
                raise UserError(
                    _(
                        "%(plan)s is %(current)s and cannot become %(new)s.",
                        plan=plan.name,
                        current=plan._state_label(plan.state).lower(),
                        new=self._state_label(new_state).lower(),
                    )
                )
            check = getattr(plan, f"_check_can_become_{new_state}", None)
            if check:
                check(vals)

    def _transition_values(self, vals):
        today = fields.Date.context_today(self)
        vals = dict(vals)
        if vals["state"] == "closed":
            vals.setdefault("date_end", today)
        elif vals["state"] == "offered":
            # Offered again: the earlier choice stays in the chatter (tracked), a
            # new decline needs the family's words of now.
            vals.setdefault("decline_reason", False)
        return vals

    def _fgp_system_values(self, vals):
        """The day a plan becomes active is the day it was accepted."""
        if vals.get("state") == "active":
            return {"date_accepted": fields.Date.context_today(self)}
        return {}

    def _check_can_become_declined(self, vals=None):
        reason = (vals or {}).get("decline_reason", self.decline_reason)
        if not (reason or "").strip():
            raise UserError(
                _(
                    "Record the family's choice first: why does the family not want "
                    "to make its own plan for %(plan)s?",
                    plan=self.name,
                )
            )

    def _check_can_become_exempt(self, vals=None):
        # sudo: the legal ground is checked, whoever asks (write access was
        # checked first); the message only says what is missing.
        plan = self.sudo()
        vals = vals or {}
        reason = vals.get("exemption_reason", plan.exemption_reason)
        motivation = vals.get("exemption_motivation", plan.exemption_motivation)
        if not reason:
            raise UserError(
                _(
                    "Choose the legal exception that applies to %(plan)s.",
                    plan=self.name,
                )
            )
        if not (motivation or "").strip():
            raise UserError(
                _(
                    "An exception needs a written motivation: explain why %(plan)s "
                    "is made without the family's own plan.",
                    plan=self.name,
                )
            )

    def _check_can_become_submitted(self, vals=None):
        if not (self.section_ids or self.agreement_ids):
            raise UserError(
                _(
                    "%(plan)s has no chapters or agreements yet: there is nothing to "
                    "submit.",
                    plan=self.name,
                )
            )

    def _check_can_become_active(self, vals=None):
        # sudo: safety conditions are checked whoever asks: a professional without
        # the safety role must still not activate a plan with unmet conditions.
        # Who may write the plan may read its conditions: the message shows nothing
        # more than they can read.
        unmet = self.sudo().safety_condition_ids.filtered(
            lambda c: c.state not in ("met", "withdrawn")
        )
        if unmet:
            raise UserError(
                _(
                    "%(plan)s cannot become active: these safety conditions are not "
                    "met yet:\n%(conditions)s",
                    plan=self.name,
                    conditions="\n".join(f"- {c.description}" for c in unmet),
                )
            )
