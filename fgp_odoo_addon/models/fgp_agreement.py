from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_date, plaintext2html

from ..tools import lock_batch

# The activity that asks the case professional to answer the family's question.
HELP_REQUEST_TYPE = "fgp_odoo_addon.mail_activity_type_fgp_help_request"


class FgpAgreement(models.Model):
    """Who does what by when: a solution the family and its network agreed on."""

    _name = "fgp.agreement"
    _description = "Agreement"
    _inherit = [
        "fgp.internal.thread.mixin",
        "mail.thread",
        "fgp.family.draft.mixin",
        "fgp.access.log.mixin",
        "fgp.plan.part.mixin",
    ]
    _order = "deadline, id"
    _rec_name = "description"

    plan_id = fields.Many2one("fgp.plan", required=True, ondelete="cascade", index=True)
    question_id = fields.Many2one(
        "fgp.help.question",
        string="Help question",
        ondelete="set null",
        index="btree_not_null",
        domain="[('plan_id', '=', plan_id)]",
    )
    description = fields.Text(string="Agreement", required=True, tracking=True)
    source = fields.Selection(
        [
            ("network", "Own network"),
            ("community", "Freely accessible facility"),
            ("professional", "Professional help"),
        ],
        required=True,
        default="network",
        tracking=True,
    )
    member_id = fields.Many2one(
        "fgp.network.member",
        string="Responsible",
        ondelete="restrict",
        index="btree_not_null",
        domain="[('plan_id', '=', plan_id)]",
        tracking=True,
    )
    provider_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="The organisation or facility that delivers this solution.",
    )
    provider_description = fields.Char(
        string="What the facility does",
        help="What the freely accessible facility does, in the family's words "
        "(a community centre's homework class, a food bank).",
    )
    professional_answer = fields.Text(
        tracking=True,
        help="The professional's answer to a question for professional help; the "
        "family reads it on its plan page.",
    )
    deadline = fields.Date(tracking=True, index=True)
    state = fields.Selection(
        [
            ("open", "Open"),
            ("done", "Done"),
            ("missed", "Missed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="open",
        index=True,
        tracking=True,
    )
    date_done = fields.Date(tracking=True)
    remark = fields.Text(help="A remark of the family or the network member.")
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        store=True,
        index=True,
        help="Open with its deadline passed. The daily job keeps this up to date.",
    )
    done_on_time = fields.Boolean(
        compute="_compute_done_on_time",
        store=True,
        help="Done on or before its deadline (or done without a deadline); a "
        "repeating agreement: done with none of its days missed. Stored so reports "
        "count it with one grouped query.",
    )
    # Stored copies of the plan's case: record rules, filters and reports use them
    # on 200,000 agreements without joining the plans.
    team_id = fields.Many2one(related="plan_id.team_id", store=True, index=True)
    professional_id = fields.Many2one(
        related="plan_id.professional_id",
        store=True,
        index=True,
        string="Case professional",
    )
    plan_state = fields.Selection(related="plan_id.state", string="Plan state")
    responsible_name = fields.Char(string="Who", compute="_compute_responsible_name")

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        """Overdue: open with its deadline passed. The one rule, also as SQL in
        :meth:`_overdue_sql`; everything else reads ``is_overdue``."""
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement.is_overdue = bool(
                agreement.state == "open"
                and agreement.deadline
                and agreement.deadline < today
            )

    @api.model
    def _overdue_sql(self, today):
        """:meth:`_compute_is_overdue` on fgp_agreement's columns, for the daily
        job that keeps the stored flag in step with the calendar."""
        return SQL("(state = 'open' AND deadline IS NOT NULL AND deadline < %s)", today)

    @api.model
    def _lock_batch(self, where, batch_size):
        """Up to ``batch_size`` agreements that ``where`` selects (on
        ``fgp_agreement a`` joined with its plan ``p``), in id order, locked
        for this worker (tools.lock_batch): a batch of the daily jobs."""
        return lock_batch(
            self.env,
            SQL(
                "SELECT a.id FROM fgp_agreement a"
                " JOIN fgp_plan p ON p.id = a.plan_id"
                " WHERE %s ORDER BY a.id LIMIT %s",
                where,
                batch_size,
            ),
            of="a",
        )

    @api.depends("state", "date_done", "deadline")
    def _compute_done_on_time(self):
        for agreement in self:
            agreement.done_on_time = bool(
                agreement.state == "done"
                and (
                    not agreement.deadline
                    or (
                        agreement.date_done
                        and agreement.date_done <= agreement.deadline
                    )
                )
            )

    @api.depends("member_id", "provider_id")
    def _compute_responsible_name(self):
        for agreement in self:
            agreement.responsible_name = (
                agreement.member_id.partner_id.name or agreement.provider_id.name or ""
            )

    @api.constrains("description")
    def _check_description(self):
        for agreement in self:
            if not (agreement.description or "").strip():
                raise ValidationError(
                    _("Describe the agreement: who does what by when?")
                )

    @api.constrains("source", "member_id")
    def _check_member(self):
        """The member's plan is checked with every part of a plan
        (fgp.plan.part.mixin)."""
        for agreement in self:
            if agreement.source == "network" and not agreement.member_id:
                raise ValidationError(
                    _(
                        "An agreement with the own network names the network member "
                        "who is responsible: '%(agreement)s'.",
                        agreement=agreement.description,
                    )
                )

    @api.constrains("deadline", "plan_id")
    def _check_deadline(self):
        for agreement in self:
            if (
                agreement.deadline
                and agreement.deadline < agreement.plan_id.date_offered
            ):
                raise ValidationError(
                    _(
                        "The deadline of '%(agreement)s' (%(deadline)s) is before the "
                        "plan was offered (%(offered)s).",
                        agreement=agreement.description,
                        deadline=format_date(self.env, agreement.deadline),
                        offered=format_date(self.env, agreement.plan_id.date_offered),
                    )
                )

    @api.model
    def get_import_templates(self):
        """The import dialog's example file (an organisation's caseload taken
        over from a previous system: fgp_odoo_addon/readme/USAGE.md)."""
        return [
            {
                "label": _("Import template for agreements"),
                "template": "/fgp_odoo_addon/static/import/fgp_agreement.csv",
            }
        ]

    @api.model_create_multi
    def create(self, vals_list):
        """An agreement made as done was done today, unless its day is given."""
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("state") == "done" and not vals.get("date_done"):
                vals["date_done"] = today
        return super().create(vals_list)

    def write(self, vals):
        """Done records the day it was done; any other state clears that day.
        An agreement of an active plan cancelled or rewritten: the safety
        conditions assessed on it are assessed again
        (fgp_plan_safety_review.py)."""
        if vals.get("state") == "done" and "date_done" not in vals:
            vals = dict(vals, date_done=fields.Date.context_today(self))
        elif vals.get("state") in ("open", "missed", "cancelled"):
            vals = dict(vals, date_done=False)
        before = {a.id: (a.description, a.member_id, a.state) for a in self}
        res = super().write(vals)
        if {"description", "member_id", "state"} & set(vals):
            for agreement in self:
                description, member, state = before[agreement.id]
                if agreement.state == "cancelled" and state != "cancelled":
                    change = _(
                        "Agreement '%(agreement)s' was cancelled.",
                        agreement=agreement.description,
                    )
                elif (description, member) != (
                    agreement.description,
                    agreement.member_id,
                ):
                    change = _(
                        "Agreement '%(agreement)s' was changed.",
                        agreement=agreement.description,
                    )
                else:
                    continue
                agreement.plan_id._fgp_reassess_safety(agreement, change)
        return res

    def unlink(self):
        """An agreement of an active plan removed: as cancelled."""
        for agreement in self:
            agreement.plan_id._fgp_reassess_safety(
                agreement,
                _(
                    "Agreement '%(agreement)s' was removed.",
                    agreement=agreement.description,
                ),
            )
        return super().unlink()

    def _source_label(self):
        self.ensure_one()
        return dict(self._fields["source"]._description_selection(self.env)).get(
            self.source, ""
        )

    def _fgp_ask_professional(self):
        """A question for professional help the family shared becomes a visible
        request: an activity for the case professional, who answers it in the
        plan (``professional_answer``), where the family reads the answer."""
        help_type = self.env.ref(HELP_REQUEST_TYPE)
        for agreement in self:
            plan = agreement.plan_id
            if (
                agreement.source != "professional"
                or agreement.is_family_draft
                or not plan.professional_id
            ):
                continue
            # sudo: the family's own shared question is handed to its case
            # professional; the activity holds only that question
            plan.sudo().activity_schedule(
                activity_type_id=help_type.id,
                user_id=plan.professional_id.id,
                summary=help_type.summary,
                note=plaintext2html(agreement.description),
            )

    def action_done(self):
        self.write({"state": "done"})

    def action_reopen(self):
        self.write({"state": "open"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
