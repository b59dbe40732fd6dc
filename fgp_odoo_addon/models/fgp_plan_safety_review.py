from markupsafe import Markup

from odoo import _, fields, models

SAFETY_GROUP = "fgp_odoo_addon.group_fgp_safety"
REASSESS_TYPE = "fgp_odoo_addon.mail_activity_type_fgp_reassess_safety"


class FgpPlan(models.Model):
    """Safety after acceptance. An active plan met its safety conditions as
    its chapters and agreements were then. When a chapter is removed or
    rewritten, or an agreement is cancelled, removed or rewritten, the
    conditions assessed on it (a condition that names no chapter or agreement
    was assessed on the whole plan) are open again, the plan goes back to
    submitted ("Klaar, de hulpverlener kijkt mee") and the authorised
    professional gets an activity to assess them again. The family keeps the
    say over its plan: the change is made, not refused; it just cannot pass
    without the safety assessment. The agreed version stays kept (it was made
    when the plan became active) and is compared with the changed plan.

    Adding a chapter or agreement, ticking a day off, marking done and
    remarks do not touch what was assessed."""

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    def _fgp_assessed_conditions(self, records):
        """The met conditions of this active plan that were assessed on
        ``records`` (chapters or agreements of it)."""
        self.ensure_one()
        if self.state != "active":
            return self.env["fgp.safety.condition"]
        field = (
            "section_ids" if records._name == "fgp.plan.section" else "agreement_ids"
        )
        # sudo: the conditions are judged whoever changes the plan (the family
        # in the portal, a professional without the safety role).
        return self.sudo().safety_condition_ids.filtered(
            lambda c: c.state == "met"
            and (not (c.section_ids or c.agreement_ids) or (c[field] & records.sudo()))
        )

    def _fgp_reassess_safety(self, records, change):
        """Reopen the conditions assessed on ``records``, send the plan back to
        the authorised professional; ``change`` says what changed, for the
        chatter and the activity."""
        for plan in self:
            conditions = plan._fgp_assessed_conditions(
                records.filtered(
                    lambda r, plan=plan: r.plan_id == plan and not r.is_family_draft
                )
            )
            if not conditions:
                continue
            user = plan._fgp_reassessor(conditions)
            # The assessment is the system's consequence of the change: the
            # conditions go back to "to assess", the assessor and date cleared.
            conditions._fgp_as_system().write({"state": "open"})
            # sudo: the change was allowed (the family's own content); the
            # plan's state follows from it, not from who made the change.
            plan.sudo().write({"state": "submitted"})
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                _(
                    "%(change)s The safety conditions assessed on it are open "
                    "again: the authorised professional assesses them again "
                    "before the plan is active again.",
                    change=change,
                ),
                Markup("").join(
                    Markup("<li>%s</li>") % c.description for c in conditions
                ),
            )
            # sudo: a note of the system on the plan, whoever made the change.
            plan.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
            if user:
                # sudo: the activity of the system, whoever made the change
                plan.sudo()._fgp_create_activities(
                    [
                        plan._follow_up_activity_vals(
                            user,
                            self.env.ref(REASSESS_TYPE),
                            _("Assess the safety conditions again"),
                            [change, *conditions.mapped("description")],
                            fields.Date.context_today(self),
                        )
                    ]
                )

    def _fgp_reassessor(self, conditions):
        """Who assesses again: the last assessor or who set the condition,
        while they are an authorised professional; else the case professional
        when authorised; else the team manager."""
        self.ensure_one()
        # sudo: who assessed and set them, the case professional and the team
        # manager, to pick an active authorised user (users only, no content)
        conditions, plan = conditions.sudo(), self.sudo()
        candidates = (
            conditions.assessed_by_id | conditions.set_by_id | plan.professional_id
        )
        for user in candidates:
            if user.active and user.has_group(SAFETY_GROUP):
                return user
        return plan.team_id.manager_id
