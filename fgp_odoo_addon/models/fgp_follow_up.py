import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from ..tools import FLAG, get_int_param, lock_batch, run_batches

_logger = logging.getLogger(__name__)

GRACE_PARAM = "fgp_odoo_addon.agreement_grace_days"
REMINDER_PARAM = "fgp_odoo_addon.evaluation_reminder_days"
DEFAULT_GRACE_DAYS = 14
DEFAULT_REMINDER_DAYS = 7
BATCH_SIZE = 1000
# Batches one call of the scheduled job handles; the cron's progress API makes
# Odoo call it again at once while work remains, so no call outlives the cron
# time limit on a large database.
MAX_BATCHES = 20

CALL_TYPE = "fgp_odoo_addon.mail_activity_type_fgp_call_designated"
DESIGNATE_TYPE = "fgp_odoo_addon.mail_activity_type_fgp_designate_contact"
EVALUATION_TYPE = "fgp_odoo_addon.mail_activity_type_fgp_evaluation"
MISSED_TEMPLATE = "fgp_odoo_addon.mail_template_fgp_agreement_missed"


class FgpFollowUp(models.AbstractModel):
    """Follow-up without takeover: the daily job behind overdue and missed
    agreements, the call to the network's designated contact and evaluation
    reminders.

    Every step takes its rows with ``FOR UPDATE SKIP LOCKED`` in batches: two
    workers running it at once never handle the same agreement or plan, and a
    row changes state once, so a second run finds nothing left to do.
    """

    _name = "fgp.follow.up"
    _description = "Follow-up of agreements and evaluations"

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _grace_days(self):
        return max(get_int_param(self.env, GRACE_PARAM, DEFAULT_GRACE_DAYS), 0)

    @api.model
    def _reminder_days(self):
        return max(get_int_param(self.env, REMINDER_PARAM, DEFAULT_REMINDER_DAYS), 0)

    def _lang_env(self, user):
        """An environment in the user's language, when that language is installed."""
        installed = {code for code, __ in self.env["res.lang"].get_installed()}
        lang = user.lang if user.lang in installed else self.env.lang
        return self.with_context(lang=lang).env

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------
    @api.model
    def _cron_follow_up(
        self, today=None, batch_size=BATCH_SIZE, max_batches=MAX_BATCHES
    ):
        """Run every follow-up step; report progress to the cron.

        :param today: the date to follow up on (default: today)
        :param max_batches: batches this call may handle; ``None`` for all
        :return: ``(done, remaining)``, the rows handled and those left
        """
        today = fields.Date.to_date(today) or fields.Date.context_today(self)
        budget = {"batches": max_batches}
        done = 0
        for step in (
            self._refresh_overdue,
            self._mark_missed,
            self._follow_occurrences,
            self._remind_evaluations,
        ):
            done += step(today, batch_size, budget)
        remaining = self._count_remaining(today)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        _logger.info("Follow-up: %s rows handled, %s remaining", done, remaining)
        return done, remaining

    def _run_batches(self, batch, today, batch_size, budget):
        """Run one step's ``batch(today, batch_size)`` in committed batches of
        rows no other worker holds (see ``tools.run_batches``)."""
        return run_batches(
            self.env, lambda size: batch(today, size), batch_size, budget
        )

    # ------------------------------------------------------------------
    # Row selection (shared by the steps and the remaining count)
    # ------------------------------------------------------------------
    def _overdue_wrong_sql(self, today):
        """Agreements whose stored ``is_overdue`` no longer matches today."""
        overdue = self.env["fgp.agreement"]._overdue_sql(today)
        return SQL(
            "(is_overdue IS NOT TRUE AND %(overdue)s)"
            " OR (is_overdue AND NOT %(overdue)s)",
            overdue=overdue,
        )

    def _to_miss_sql(self, today):
        """Open agreements of active plans whose grace period has passed. A
        family's draft is not agreed yet, so it cannot be missed: this SQL does
        not go through the draft mixin's _search, it leaves drafts out itself
        (a sudo() read of a draft would be refused)."""
        cutoff = today - timedelta(days=self._grace_days())
        return SQL(
            "a.state = 'open' AND a.deadline < %(cutoff)s AND p.state = 'active'"
            " AND p.active AND a.is_family_draft IS NOT TRUE",
            cutoff=cutoff,
        )

    def _to_remind_sql(self, today):
        """Active plans with an evaluation coming up that had no reminder yet."""
        horizon = today + timedelta(days=self._reminder_days())
        return SQL(
            "state = 'active' AND active AND date_next_evaluation <= %(horizon)s"
            " AND (evaluation_reminder_date IS NULL"
            " OR evaluation_reminder_date != date_next_evaluation)",
            horizon=horizon,
        )

    def _count_remaining(self, today):
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT (SELECT count(*) FROM fgp_agreement WHERE %s)"
                " + (SELECT count(*) FROM fgp_agreement a"
                " JOIN fgp_plan p ON p.id = a.plan_id WHERE %s)"
                " + (SELECT count(*) FROM fgp_plan WHERE %s) + %s",
                self._overdue_wrong_sql(today),
                self._to_miss_sql(today),
                self._to_remind_sql(today),
                self.env["fgp.agreement.occurrence"]._count_remaining_sql(today),
            )
        )
        return cr.fetchone()[0]

    # ------------------------------------------------------------------
    # Step 1: is_overdue follows the calendar
    # ------------------------------------------------------------------
    @api.model
    def _refresh_overdue(self, today, batch_size, budget):
        """Keep the stored overdue flag right: it depends on the date."""
        return self._run_batches(self._refresh_overdue_batch, today, batch_size, budget)

    def _refresh_overdue_batch(self, today, batch_size):
        Agreement = self.env["fgp.agreement"]
        Agreement.flush_model(["state", "deadline", "is_overdue"])
        ids = lock_batch(
            self.env,
            SQL(
                "SELECT id FROM fgp_agreement WHERE %s ORDER BY id LIMIT %s",
                self._overdue_wrong_sql(today),
                batch_size,
            ),
        )
        if not ids:
            return 0
        # The flag is derived data, not a user's change: set it in SQL
        # without tracking or write_date.
        self.env.cr.execute(
            SQL(
                "UPDATE fgp_agreement SET is_overdue = %s WHERE id IN %s",
                Agreement._overdue_sql(today),
                tuple(ids),
            )
        )
        Agreement.browse(ids).invalidate_recordset(["is_overdue"])
        return len(ids)

    # ------------------------------------------------------------------
    # Step 2: missed agreements and the call to the designated contact
    # ------------------------------------------------------------------
    @api.model
    def _mark_missed(self, today, batch_size, budget):
        """Move agreements past the grace period to missed, then escalate."""
        return self._run_batches(self._mark_missed_batch, today, batch_size, budget)

    def _mark_missed_batch(self, today, batch_size):
        Agreement = self.env["fgp.agreement"]
        self.env.flush_all()
        ids = self.env["fgp.agreement"]._lock_batch(
            self._to_miss_sql(today), batch_size
        )
        if not ids:
            return 0
        agreements = Agreement.browse(ids)
        # One log message per agreement (written by _escalate) tells what
        # happened; field tracking would add a second one to each.
        agreements.with_context(tracking_disable=True).write({"state": "missed"})
        self._escalate(agreements, today)
        return len(ids)

    @api.model
    def _escalate(self, agreements, today):
        """The professional does not take over: they call the designated contact,
        who convenes the network. One activity and one mail per missed agreement;
        a plan without a designated contact gets one request to designate one."""
        Activity = self.env["mail.activity"]
        call_type = self.env.ref(CALL_TYPE)
        # An open call activity for the agreement means it was escalated before
        # (reopened and missed again): do not call or mail twice.
        escalated = set(
            Activity.search(
                [
                    ("fgp_agreement_id", "in", agreements.ids),
                    ("activity_type_id", "=", call_type.id),
                ]
            ).fgp_agreement_id.ids
        )
        activity_vals = []
        to_mail = self.env["fgp.agreement"]
        without_contact = self.env["fgp.plan"]
        logs = {}
        without_second = self.env["fgp.plan"]
        for agreement in agreements:
            plan = agreement.plan_id
            # The contact who did not keep the agreement is not asked to call
            # themselves: the professional calls the second contact instead.
            by_contact = plan._fgp_missed_by_contact(agreement)
            member = (
                plan._fgp_second_contact() if by_contact else plan.designated_member_id
            )
            user = plan._follow_up_user()
            lang_env = self._lang_env(user)
            if agreement.id in escalated:
                logs[agreement.id] = lang_env._(
                    "Not kept again; the call to the network's designated contact "
                    "is still open."
                )
                continue
            if by_contact and not member:
                without_second |= plan
                logs[agreement.id] = lang_env._(
                    "Not kept by %(contact)s, the network's designated contact, "
                    "who cannot be asked to call themselves. There is no second "
                    "contact: the case professional asks the network to name one.",
                    contact=plan.designated_member_id.partner_id.name,
                )
                continue
            if not member:
                without_contact |= plan
                logs[agreement.id] = lang_env._(
                    "Not kept. The network has no designated contact yet: the case "
                    "professional asks the network to designate one."
                )
                continue
            # The mail quotes the family's plan: only to a contact the family
            # consented to share it with, and who has an address. The mail
            # template writes to the designated contact: not when they missed it.
            mailed = bool(
                not by_contact and member.consent_date and member.partner_id.email
            )
            if by_contact:
                logs[agreement.id] = lang_env._(
                    "Not kept by %(missed)s, the network's designated contact: the "
                    "case professional calls %(contact)s, the second contact, to "
                    "convene the network.",
                    missed=plan.designated_member_id.partner_id.name,
                    contact=member.partner_id.name,
                )
            elif mailed:
                to_mail |= agreement
                logs[agreement.id] = lang_env._(
                    "Not kept: %(contact)s, the network's designated contact, "
                    "was asked to convene the network.",
                    contact=member.partner_id.name,
                )
            else:
                logs[agreement.id] = lang_env._(
                    "Not kept: the case professional calls %(contact)s, the "
                    "network's designated contact, to convene the network.",
                    contact=member.partner_id.name,
                )
            if not user:
                _logger.warning("Plan %s has no professional to call", plan.id)
                continue
            activity_vals.append(
                plan._follow_up_activity_vals(
                    user,
                    call_type,
                    lang_env._(
                        "Call the second contact: the designated contact did not "
                        "keep an agreement"
                    )
                    if by_contact
                    else lang_env._("Call the network's designated contact"),
                    self._call_note(lang_env, agreement, member, mailed, by_contact),
                    today,
                    fgp_agreement_id=agreement.id,
                )
            )
        activity_vals += self._designate_activity_vals(without_contact, today)
        activity_vals += self._designate_activity_vals(
            without_second, today, second=True
        )
        self.env["fgp.plan"]._fgp_create_activities(activity_vals)
        if to_mail:
            # The template's body is QWeb: reuse its compiled form for every
            # mail of the batch instead of compiling it once per mail.
            self.env.ref(MISSED_TEMPLATE).with_context(
                fgp_reuse_inline_qweb=FLAG
            ).send_mail_batch(to_mail.ids)
        # All log messages of the batch in one create.
        agreements._message_log_batch(
            bodies={key: Markup("<p>%s</p>") % text for key, text in logs.items()}
        )

    def _call_note(self, lang_env, agreement, member, mailed, by_contact=False):
        """The call activity's note, as its paragraphs: a repeating agreement
        names its missed days; ``by_contact``: the designated contact missed it
        and ``member`` is who is called instead."""
        partner = member.partner_id
        phone = partner.phone or partner.mobile
        who = agreement.responsible_name or lang_env._("nobody named")
        if agreement.recurrence != "once":
            missed = agreement.occurrence_ids.filtered(
                lambda o: o.state == "missed"
            ).sorted("date")[-3:]
            first = lang_env._(
                "Agreement not kept on %(days)s: %(agreement)s "
                "(%(who)s, %(schedule)s).",
                days=", ".join(format_date(lang_env, o.date) for o in missed),
                agreement=agreement.description,
                who=who,
                schedule=agreement.with_env(lang_env)._fgp_schedule_label(),
            )
        else:
            first = lang_env._(
                "Agreement not kept: %(agreement)s (%(who)s, deadline %(deadline)s).",
                agreement=agreement.description,
                who=who,
                deadline=format_date(lang_env, agreement.deadline),
            )
        lines = [first]
        if by_contact:
            lines.append(
                lang_env._(
                    "%(contact)s is the network's designated contact and did not "
                    "keep this agreement: do not ask them to convene the network.",
                    contact=agreement.plan_id.designated_member_id.partner_id.name,
                )
            )
        lines += [
            lang_env._(
                "Call %(name)s (%(phone)s) and ask them to convene the network: "
                "it is not going well. Do not take over.",
                name=partner.name,
                phone=phone or lang_env._("no phone number known"),
            ),
        ]
        if not mailed and not by_contact:
            lines.append(
                lang_env._(
                    "%(name)s did not get a mail about this: there is no consent to "
                    "share the plan with them or no email address.",
                    name=partner.name,
                )
            )
        return lines

    def _designate_activity_vals(self, plans, today, second=False):
        """One open request per plan to have the network designate a contact
        (``second``: a second contact, for when the designated one is the
        person who did not keep the agreement)."""
        if not plans:
            return []
        designate_type = self.env.ref(DESIGNATE_TYPE)
        asked = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "fgp.plan"),
                    ("res_id", "in", plans.ids),
                    ("activity_type_id", "=", designate_type.id),
                ]
            )
            .mapped("res_id")
        )
        vals_list = []
        for plan in plans:
            user = plan._follow_up_user()
            if plan.id in asked or not user:
                continue
            lang_env = self._lang_env(user)
            vals_list.append(
                plan._follow_up_activity_vals(
                    user,
                    designate_type,
                    lang_env._("Ask the network to name a second contact")
                    if second
                    else lang_env._("Ask the network to designate a contact"),
                    [
                        lang_env._(
                            "The network's designated contact of %(plan)s did not "
                            "keep an agreement, and cannot be asked to convene the "
                            "network about it. Ask the family and the network to "
                            "name a second contact.",
                            plan=plan.name,
                        )
                        if second
                        else lang_env._(
                            "An agreement of %(plan)s was not kept, and the network "
                            "has no designated contact to convene it. Ask the family "
                            "and the network to designate one.",
                            plan=plan.name,
                        )
                    ],
                    today,
                )
            )
        return vals_list

    # ------------------------------------------------------------------
    # Step 3: the days of repeating agreements (fgp.agreement.occurrence)
    # ------------------------------------------------------------------
    @api.model
    def _follow_occurrences(self, today, batch_size, budget):
        """Make the days up to today, mark the ones not ticked off missed and
        escalate a run of them, then close the agreements that ran to their
        end."""
        Occurrence = self.env["fgp.agreement.occurrence"]
        return sum(
            self._run_batches(step, today, batch_size, budget)
            for step in (
                Occurrence._generate_batch,
                Occurrence._miss_batch,
                Occurrence._close_batch,
            )
        )

    # ------------------------------------------------------------------
    # Step 4: evaluations and network meetings in time
    # ------------------------------------------------------------------
    @api.model
    def _remind_evaluations(self, today, batch_size, budget):
        """One activity per coming evaluation, a few days before its date."""
        return self._run_batches(
            self._remind_evaluations_batch, today, batch_size, budget
        )

    def _remind_evaluations_batch(self, today, batch_size):
        Plan = self.env["fgp.plan"]
        evaluation_type = self.env.ref(EVALUATION_TYPE)
        self.env.flush_all()
        ids = lock_batch(
            self.env,
            SQL(
                "SELECT id FROM fgp_plan WHERE %s ORDER BY id LIMIT %s",
                self._to_remind_sql(today),
                batch_size,
            ),
        )
        if not ids:
            return 0
        plans = Plan.browse(ids)
        # A reminder for a date that was moved or has passed is outdated:
        # the new one replaces it.
        self.env["mail.activity"].search(
            [
                ("res_model", "=", "fgp.plan"),
                ("res_id", "in", ids),
                ("activity_type_id", "=", evaluation_type.id),
            ]
        ).unlink()
        # Agreements without a date (and repeating until the evaluation) are
        # looked at again there: the reminder says how many, one grouped count.
        to_review = dict(
            self.env["fgp.agreement"]._read_group(
                [("plan_id", "in", ids), ("date_review", "!=", False)],
                ["plan_id"],
                ["__count"],
            )
        )
        vals_list = []
        for plan in plans:
            user = plan._follow_up_user()
            if not user:
                continue
            lang_env = self._lang_env(user)
            lines = [
                lang_env._(
                    "The next evaluation of %(plan)s is on %(date)s. Plan "
                    "it with the family and the network and record the "
                    "scaling score.",
                    plan=plan.name,
                    date=format_date(lang_env, plan.date_next_evaluation),
                )
            ]
            if to_review.get(plan):
                lines.append(
                    lang_env._(
                        "Look again at %(count)s agreements without a date or that "
                        "repeat until the evaluation (they are on the evaluation "
                        "form).",
                        count=to_review[plan],
                    )
                )
            vals_list.append(
                plan._follow_up_activity_vals(
                    user,
                    evaluation_type,
                    lang_env._("Evaluate the plan with the network"),
                    lines,
                    max(plan.date_next_evaluation, today),
                )
            )
        self.env["fgp.plan"]._fgp_create_activities(vals_list)
        # Remember which date was announced: a new date gets a new reminder.
        self.env.cr.execute(
            SQL(
                "UPDATE fgp_plan"
                " SET evaluation_reminder_date = date_next_evaluation"
                " WHERE id IN %s",
                tuple(ids),
            )
        )
        plans.invalidate_recordset(["evaluation_reminder_date"])
        return len(ids)
