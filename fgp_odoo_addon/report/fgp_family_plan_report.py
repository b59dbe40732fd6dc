"""The family's plan on paper: a PDF with its chapters, help questions,
agreements, contact person, safety conditions, version and lines to sign."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..models.fgp_family_draft_mixin import for_family
from ..tools import FLAG, flagged

# Context key, set with tools.FLAG by the portal route after its access check
# (controllers/portal_support.py): the copy is for the family, its drafts too.
FAMILY_COPY_KEY = "fgp_family_copy"
REPORT_XMLID = "fgp_odoo_addon.fgp_family_plan_report"
# Dates on paper as a Dutch reader writes them: 23-11-2026.
PAPER_DATE = "%d-%m-%Y"


class FgpFamilyPlanReport(models.AbstractModel):
    _name = "report.fgp_odoo_addon.report_family_plan"
    _description = "Family plan on paper"

    @api.model
    def _fgp_render_for_family(self, plan):
        """The family's copy of ``plan`` as (file, type): only for the portal's
        route, after its access check (a consented member of the plan)."""
        report = self.env["ir.actions.report"].with_context(**{FAMILY_COPY_KEY: FLAG})
        return report._render_qweb_pdf(REPORT_XMLID, plan.ids)

    @api.model
    def _get_report_values(self, docids, data=None):
        """Who prints decides what is on paper. The family (a portal user) only
        through its plan page, which checked it is a consented member: its
        copy holds its own drafts (for_family). A professional through the
        back office, with their own record rules: no unshared draft, and no
        plan of another team. Odoo's /report/* routes give a portal user
        nothing."""
        plans = self.env["fgp.plan"].browse(docids)
        if flagged(self.env, FAMILY_COPY_KEY):
            plans = for_family(plans)
        elif not self.env.user._is_internal():
            raise AccessError(_("Download your plan from your plan page."))
        else:
            plans.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "fgp.plan",
            "docs": plans,
            "copies": [self._fgp_copy(plan) for plan in plans],
        }

    def _fgp_copy(self, plan):
        """What the paper shows of one plan, in the reader's own view of it."""
        # sudo: names of the plan's own people only, for lines of the plan the
        # reader may read (read above with their rights)
        names = plan.sudo()
        # The paper is the family's: its states in the words the family reads.
        conditions = plan._fgp_family_words()["condition_state"]
        version = names.version_ids.sorted("version", reverse=True)[:1]
        return {
            "plan": plan,
            "version": version.version or 0,
            "version_date": self._fgp_date(version.create_date),
            "printed": self._fgp_date(fields.Date.context_today(self)),
            "sections": plan.section_ids,
            "questions": plan.question_ids,
            "agreements": [
                {
                    "record": agreement,
                    "who": names.env["fgp.agreement"]
                    .browse(agreement.id)
                    .responsible_name
                    or agreement._source_label(),
                    "source": agreement._source_label(),
                    "deadline": self._fgp_date(agreement.deadline),
                }
                for agreement in plan.agreement_ids
            ],
            "contact": names.designated_member_id.partner_id.name or "",
            "conditions": [
                {
                    "description": condition.description,
                    "state": conditions.get(condition.state, ""),
                }
                for condition in plan.safety_condition_ids
            ],
            "signers": [
                member.partner_id.name
                for member in names.network_member_ids
                if member.consent_date
            ],
        }

    @api.model
    def _fgp_date(self, value):
        return value.strftime(PAPER_DATE) if value else ""
