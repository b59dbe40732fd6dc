import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL, format_date, format_datetime

from ..tools import (
    FLAG,
    get_int_param,
    lock_search,
    run_batches,
    selection_labels,
)
from .fgp_access_log import SKIP_CONTEXT_KEY
from .fgp_family_draft_mixin import FAMILY_CONTEXT_KEY
from .fgp_plan import FINISHED_STATES

_logger = logging.getLogger(__name__)

RETENTION_PARAM = "fgp_odoo_addon.retention_years"
LOG_RETENTION_PARAM = "fgp_odoo_addon.access_log_retention_years"
DEFAULT_RETENTION_YEARS = 20
MIN_LOG_RETENTION_YEARS = 5
RETENTION_BATCH = 200


# The plan's concerns live in their own files on purpose (readme/ARCHITECTURE.md:
# what the family writes, what professionals record and what the organisation
# keeps are visibly separate): lifecycle in fgp_plan_lifecycle.py, follow-up in
# fgp_plan_follow_up.py, versions in fgp_plan_version.py, portal in
# fgp_plan_portal.py, privacy here.
class FgpPlan(models.Model):
    """Privacy by design for the plan's file: access log, legal hold, retention
    and erasure (Jeugdwet art. 7.3.9)."""

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    legal_hold = fields.Boolean(
        tracking=True,
        copy=False,
        groups="fgp_odoo_addon.group_fgp_professional",
        help="Keep this file past its retention term (for example during legal "
        "proceedings): the retention job and erasure requests leave it alone.",
    )
    access_log_count = fields.Integer(
        string="Consulted by",
        compute="_compute_access_log_count",
        groups="fgp_odoo_addon.group_fgp_log_manager",
    )

    def _compute_access_log_count(self):
        # Grouped by every plan an entry names, by the plans' GIN index.
        self.env.cr.execute(
            SQL(
                """
                SELECT p, count(*) FROM fgp_access_log, unnest(plan_ids) AS p
                 WHERE plan_ids && %(ids)s::int4[] AND p = ANY(%(ids)s)
              GROUP BY p
                """,
                ids=self.ids,
            )
        )
        counts = dict(self.env.cr.fetchall())
        for plan in self:
            plan.access_log_count = counts.get(plan.id, 0)

    def action_view_access_log(self):
        """Who looked at this file: the log of the plan."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fgp_odoo_addon.fgp_access_log_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _fgp_retention_years(self):
        years = get_int_param(self.env, RETENTION_PARAM, DEFAULT_RETENTION_YEARS)
        return max(years, MIN_LOG_RETENTION_YEARS)

    @api.model
    def _fgp_log_retention_years(self):
        """The log's own term: at least 5 years, at most the file's term."""
        years = get_int_param(self.env, LOG_RETENTION_PARAM, MIN_LOG_RETENTION_YEARS)
        return min(max(years, MIN_LOG_RETENTION_YEARS), self._fgp_retention_years())

    @api.model
    def _fgp_expired_domain(self):
        cutoff = fields.Date.context_today(self) - relativedelta(
            years=self._fgp_retention_years()
        )
        return [
            ("state", "in", FINISHED_STATES),
            ("legal_hold", "=", False),
            "|",
            ("date_end", "<", cutoff),
            "&",
            ("date_end", "=", False),
            ("date_offered", "<", cutoff),
        ]

    @api.model
    def _cron_fgp_retention(self, batch_size=RETENTION_BATCH, commit=False):
        """Destroy the files past their retention term, in batches, and the log
        entries past theirs. Idempotent: what is gone is not found again. The
        scheduled job commits each batch (``commit=True``)."""
        # sudo: the retention job acts for the organisation, on every team's
        # plans; which files go is decided by the term and the legal hold only.
        Plan = self.sudo().with_context(active_test=False)

        def destroy(size):
            plans = lock_search(Plan, self._fgp_expired_domain(), size)
            plans._fgp_destroy(operation="erase")
            return len(plans)

        # Each destroyed batch is kept, even if a later one fails.
        destroyed = run_batches(self.env, destroy, batch_size, commit=commit)
        log_cutoff = fields.Datetime.now() - relativedelta(
            years=self._fgp_log_retention_years()
        )
        Log = self.env["fgp.access.log"]
        purged = Log._purge_before(log_cutoff)
        Log._ensure_partitions()
        message = _(
            "Retention: %(plans)s plan files past their term destroyed, "
            "%(entries)s access log entries past their term removed.",
            plans=destroyed,
            entries=purged,
        )
        _logger.info(message)
        # sudo: the job's report goes to the server log, which users cannot write to
        self.env["ir.logging"].sudo().create(
            {
                "name": "fgp_odoo_addon.retention",
                "type": "server",
                "level": "INFO",
                "dbname": self.env.cr.dbname,
                "message": message,
                "path": "fgp.plan",
                "func": "_cron_fgp_retention",
                "line": "0",
            }
        )
        return {"plans": destroyed, "log_entries": purged}

    # ------------------------------------------------------------------
    # Destroying a file
    # ------------------------------------------------------------------
    @api.model
    def _fgp_file_parts(self):
        """The (model, field) pairs whose records are part of a plan's file.

        A part of the plan goes with it (a stored many2one to the plan with
        ondelete="cascade"); what merely refers to it (an erasure request, a
        follow-up plan) stays."""
        return [
            (model_name, field.name)
            for model_name, model in self.env.items()
            if not model._abstract and model._auto and model_name != "fgp.access.log"
            for field in model._fields.values()
            if field.type == "many2one"
            and field.comodel_name == self._name
            and field.store
            and field.ondelete == "cascade"
        ]

    def _fgp_file_records(self):
        """Every record of these plans' files, by model: the plans and all
        records that are part of a plan (notes, members, agreements, ...)."""
        records = {self._name: set(self.ids)}
        for model_name, field_name in self._fgp_file_parts():
            ids = (
                self.env[model_name]
                .with_context(active_test=False)
                .search([(field_name, "in", self.ids)])
            )
            if ids:
                records.setdefault(model_name, set()).update(ids.ids)
        return records

    def _fgp_destroy(self, operation="erase"):
        """Destroy these plans' files without trace: the plans and everything
        linked to them, their messages (with tracking values), attachments,
        activities, followers and access log entries. What was done is logged
        once per plan, without any of the destroyed content. Called from sudo by
        the retention job and an approved erasure request."""
        if not self:
            return
        Log = self.env["fgp.access.log"]
        plan_ids = list(self.ids)
        # The family's drafts are part of the file: they go too (FAMILY_CONTEXT_KEY).
        silent = self.with_context(
            **{
                SKIP_CONTEXT_KEY: FLAG,
                FAMILY_CONTEXT_KEY: FLAG,
                "tracking_disable": True,
                "active_test": False,
            }
        )
        file_records = silent._fgp_file_records()
        note_attachments = silent.env["ir.attachment"]
        if "fgp.professional.note" in file_records:
            notes = silent.env["fgp.professional.note"].browse(
                file_records["fgp.professional.note"]
            )
            note_attachments = notes.attachment_ids
        for model_name, ids in file_records.items():
            ids = list(ids)
            for trail_model, model_field in (
                ("mail.message", "model"),
                ("ir.attachment", "res_model"),
                ("mail.activity", "res_model"),
                ("mail.followers", "res_model"),
            ):
                if trail_model not in silent.env:
                    continue
                silent.env[trail_model].search(
                    [(model_field, "=", model_name), ("res_id", "in", ids)]
                ).unlink()
        note_attachments.exists().unlink()
        Log._forget_plans(plan_ids, file_records)
        # Children first through the ORM, so their own clean-up runs too; what
        # another child refers to with ondelete="restrict" (network members
        # named by agreements) goes after what refers to it.
        children = [m for m in file_records if m != self._name]
        restricted = {
            field.comodel_name
            for model_name in children
            for field in silent.env[model_name]._fields.values()
            if field.type == "many2one" and field.ondelete == "restrict"
        }
        for model_name in sorted(children, key=lambda m: m in restricted):
            silent.env[model_name].browse(
                list(file_records[model_name])
            ).exists().unlink()
        silent.unlink()
        Log._log_event(self._name, operation, plan_ids)

    # ------------------------------------------------------------------
    # Inspection (inzage)
    # ------------------------------------------------------------------
    @api.model
    def _fgp_person_plans(self, partner):
        return self.with_context(active_test=False).search(
            [
                "|",
                ("youth_ids", "in", partner.ids),
                ("network_member_ids.partner_id", "in", partner.ids),
            ]
        )

    def _fgp_plan_export_html(self, partner):
        """The download of this one plan for a person of its family (the
        portal's /my/plans/<id>/download): its content, the agreements the
        person owns in it and who consulted it, never anything of another plan
        the person is in (another family, or a plan they gave no consent for),
        never professional notes."""
        self.ensure_one()
        # The caller checked that the person is a consented young person or
        # parent of this plan; the page is limited to this plan below, and holds
        # the family's own drafts.
        plan = self._fgp_for_family()
        return plan._fgp_person_export_html(partner, plans=plan)

    @api.model
    def _fgp_person_export_html(self, partner, include_notes=False, plans=None):
        """Everything the product holds about a person, as one readable page;
        with ``plans``, only what these plans hold about them."""
        html = self.env["ir.qweb"]._render(
            "fgp_odoo_addon.person_export",
            self._fgp_person_export_values(partner, include_notes, plans),
        )
        return Markup("<!DOCTYPE html>") + html

    @api.model
    def _fgp_person_export_values(self, partner, include_notes, plans):
        """What the export shows (template fgp_odoo_addon.person_export), read
        with this environment's rights: the family's for the portal download."""
        scoped = plans is not None
        if not scoped:
            plans = self._fgp_person_plans(partner)
        own_domain = [("member_id.partner_id", "=", partner.id)]
        if scoped:
            own_domain.append(("plan_id", "in", plans.ids))
        log_domain = [("plan_id", "in", plans.ids)]
        if not scoped:
            log_domain = ["|", ("partner_id", "=", partner.id)] + log_domain
        return {
            "partner": partner,
            "plans": plans,
            "include_notes": include_notes,
            "own_agreements": self.env["fgp.agreement"].search(own_domain),
            "entries": self.env["fgp.access.log"].search(log_domain),
            "today": fields.Date.context_today(self),
            "states": selection_labels(self.env, "fgp.plan", "state"),
            "operations": selection_labels(self.env, "fgp.access.log", "operation"),
            "format_date": lambda value: format_date(self.env, value),
            "format_datetime": lambda value: format_datetime(self.env, value),
        }

    def _fgp_may_download(self, partner):
        """A young person of the plan, or a parent in its network."""
        self.ensure_one()
        plan = self.sudo()  # the plan's people decide, whoever asks
        if partner in plan.youth_ids:
            return True
        return bool(
            plan.network_member_ids.filtered(
                lambda m: m.partner_id == partner and m.role in ("parent", "youth")
            )
        )
