from datetime import date, datetime

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, plaintext2html

from ..tools import check_storable_text
from .fgp_family_draft_mixin import for_family
from .fgp_plan import FINISHED_STATES

# Agreement states a network member may mark done.
PORTAL_DONE_FROM = ("open", "missed")
# Where the help of an agreement made in the portal comes from.
PORTAL_SOURCES = ("network", "community", "professional")
# The largest id PostgreSQL keeps in an integer column: a larger number is no
# record, and must not reach the database (which would refuse it with an error).
PORTAL_MAX_ID = 2**31 - 1
# What a browser without a date picker sends (31-12-2026) and what one with a
# date picker sends (2026-12-31).
PORTAL_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d")
# The longest title (chapter, help question) and text the family can save.
PORTAL_MAX_LINE = 500
PORTAL_MAX_TEXT = 20000
# What the family writes in the portal, a draft while the plan is being prepared.
DRAFT_MODELS = ("fgp.plan.section", "fgp.help.question", "fgp.agreement")


class FgpPlan(models.Model):
    """What the family and its network do with their plan in the portal.

    Every method here acts for the current (portal) user: it first checks that this
    user is a network member with consent of *this* plan and that the plan is not
    locked, and only then writes with sudo(), because portal users have read-only
    access rights on the plan's records. The separation between what the family
    writes and what professionals record is kept by what these methods write: only
    chapters, help questions, agreements and remarks, never internal fields.

    Private family time: while the plan is `preparing`, everything the family writes
    or changes in the portal is a draft (`is_family_draft`), hidden from professionals
    by their record rules, until a network member shares it
    (`action_share_family_draft`). An already-shared chapter, question or agreement
    that the family edits while preparing becomes a draft again: the family's closed
    part covers everything it touches, and the professional sees the new version when
    it is shared. A draft stays private after the plan leaves `preparing`, until it
    is shared. Professionals see only that a draft exists and when it last changed.
    Marking an agreement done and remarks are follow-up, not writing the plan: on a
    shared agreement they show in the chatter at once.
    """

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    has_family_draft = fields.Boolean(
        string="Family draft",
        compute="_compute_has_family_draft",
        store=True,
        help="The family is working on a draft in the portal that it has not shared "
        "yet.",
    )
    family_draft_date = fields.Datetime(
        string="Draft last changed",
        readonly=True,
        copy=False,
        help="When the family last changed its draft in the portal.",
    )

    @api.depends(
        "section_ids.is_family_draft",
        "question_ids.is_family_draft",
        "agreement_ids.is_family_draft",
    )
    def _compute_has_family_draft(self):
        # Drafts count although professionals cannot read them: only the yes/no
        # reaches them. A grouped count, not the plans' lines: a list read for
        # the family must not be left in the cache of anyone else.
        drafting = set()
        for model in DRAFT_MODELS:
            drafting.update(
                plan.id
                for [plan] in self.env[model]
                ._fgp_for_family()
                ._read_group(
                    [("plan_id", "in", self.ids), ("is_family_draft", "=", True)],
                    ["plan_id"],
                )
            )
        for plan in self:
            plan.has_family_draft = plan.id in drafting

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _fgp_for_family(self):
        """The plan as the family's own server code sees it: its lines include
        the family's drafts (see for_family). Only after a check that the user
        is a consented network member of this plan (or that they may download
        it)."""
        return for_family(self)

    def _portal_member(self):
        """Return the current user's network member of this plan, with consent."""
        self.ensure_one()
        # sudo: only looks up whether the current user's own partner is a consented
        # member of this plan; nothing of the result leaves this method but the member.
        member = (
            self.env["fgp.network.member"]
            .sudo()
            .search(
                [
                    ("plan_id", "=", self.id),
                    ("partner_id", "=", self.env.user.partner_id.id),
                    ("consent_date", "!=", False),
                ],
                limit=1,
            )
        )
        if not member:
            raise AccessError(_("You are not in the network of this plan."))
        return member

    def _portal_check_writable(self):
        """Return the current user's member; refuse when the plan is locked."""
        member = self._portal_member()
        plan = self._fgp_for_family()
        if plan.state in FINISHED_STATES:
            raise UserError(
                _(
                    "%(plan)s is %(state)s: it can no longer be changed.",
                    plan=plan.name,
                    state=plan._state_label(plan.state).lower(),
                )
            )
        return member

    def _portal_child(self, model, record_id):
        """Return the record of this plan, for the family (drafts included), or
        raise when it is another plan's. The record is returned only after the
        check that it belongs to this plan."""
        record = (
            self._fgp_for_family()
            .env[model]
            .browse(self._portal_id(record_id))
            .exists()
        )
        if not record or record.plan_id != self:
            raise AccessError(_("This item does not belong to this plan."))
        return record

    # ------------------------------------------------------------------
    # What a form sends: every value is checked before anything is written,
    # and refused with a message the family understands, never an error page.
    # ------------------------------------------------------------------
    @api.model
    def _portal_id(self, value):
        """A record id from a form or a URL: None when empty, else a number."""
        if value is None or value is False or value == "":
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 0 < number <= PORTAL_MAX_ID:
            raise UserError(
                _("This choice is not valid. Reload the page and try again.")
            )
        return number

    @api.model
    def _portal_date(self, value):
        """A date from a form: dd-mm-yyyy or yyyy-mm-dd, False when empty."""
        if isinstance(value, date):
            return value
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            return False
        for date_format in PORTAL_DATE_FORMATS:
            try:
                return datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise UserError(_("Write the date as day-month-year, for example 31-12-2026."))

    @api.model
    def _portal_text(self, value, limit, missing=None):
        """A text from a form, stripped; ``missing`` is the message when it is
        required and empty."""
        text = value.strip() if isinstance(value, str) else ""
        check_storable_text(self.env, [text])
        if missing and not text:
            raise UserError(missing)
        if len(text) > limit:
            raise UserError(
                _(
                    "This text is too long: at most %(limit)s characters.",
                    limit=limit,
                )
            )
        return text

    # ------------------------------------------------------------------
    # Drafts and chatter
    # ------------------------------------------------------------------
    def _portal_is_drafting(self, record=None):
        """Whether a change is private family work: writing while preparing, and
        any change to a draft not shared yet, whatever the plan's state."""
        return self.state == "preparing" or bool(record and record.is_family_draft)

    def _portal_write_vals(self, vals, draft):
        """Mark what the family writes while preparing as its private draft."""
        return dict(vals, is_family_draft=True) if draft else vals

    def _portal_env_context(self, draft):
        # Drafts must not leave their content in tracking messages either.
        return {"mail_create_nolog": True, "mail_notrack": True} if draft else {}

    def _portal_touch(self, body, draft):
        """Record a change by the current user: in the chatter, or as draft date."""
        # sudo: the portal user's change is posted after _portal_check_writable allowed
        # it
        plan = self.sudo()
        if draft:
            # Professionals only learn that the draft changed, and when.
            plan.family_draft_date = fields.Datetime.now()
            return
        # sudo: portal users cannot post on the plan themselves; the message is an
        # internal note authored by their own partner, so it shows who did it.
        plan.message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
            message_type="comment",
        )

    def _portal_note(self, text, quote=None):
        body = Markup("<p>%s</p>") % text
        if quote:
            body += Markup("<blockquote>%s</blockquote>") % escape(quote)
        return body

    # ------------------------------------------------------------------
    # The family's writes
    # ------------------------------------------------------------------
    def portal_save_section(self, name, body, section_id=None):
        """Add a chapter or change its title and text."""
        self._portal_check_writable()
        name = self._portal_text(name, PORTAL_MAX_LINE, _("Give the chapter a title."))
        body = self._portal_text(body, PORTAL_MAX_TEXT)
        section_id = self._portal_id(section_id)
        vals = {"name": name, "body": plaintext2html(body)}
        if section_id:
            section = self._portal_child("fgp.plan.section", section_id)
            draft = self._portal_is_drafting(section)
            old_name = section.name
            section.write(self._portal_write_vals(vals, draft))
            text = _("Chapter '%(old)s' changed: '%(name)s'.", old=old_name, name=name)
        else:
            draft = self._portal_is_drafting()
            vals = self._portal_write_vals(vals, draft)
            # sequence numbers only, to append the chapter after the drafts too;
            # the plan was checked writable
            plan = self._fgp_for_family()
            last = max(plan.section_ids.mapped("sequence") or [0])
            section = plan.env["fgp.plan.section"].create(
                dict(vals, plan_id=self.id, sequence=last + 1)
            )
            text = _("Chapter '%(name)s' added.", name=name)
        self._portal_touch(self._portal_note(text, body), draft)
        return section

    def portal_remove_section(self, section_id):
        """Remove a chapter: the family decides which chapters its plan has."""
        self._portal_check_writable()
        section = self._portal_child("fgp.plan.section", section_id)
        name = section.name
        draft = self._portal_is_drafting(section)
        section.unlink()
        self._portal_touch(
            self._portal_note(_("Chapter '%(name)s' removed.", name=name)), draft
        )

    def portal_add_question(self, name):
        """Add a help question."""
        self._portal_check_writable()
        name = self._portal_text(
            name, PORTAL_MAX_LINE, _("Write down the help question.")
        )
        draft = self._portal_is_drafting()
        # sequence numbers only, to append the question after the drafts too; the
        # plan was checked writable
        plan = self._fgp_for_family()
        last = max(plan.question_ids.mapped("sequence") or [0])
        question = plan.env["fgp.help.question"].create(
            self._portal_write_vals(
                {"plan_id": self.id, "name": name, "sequence": last + 1}, draft
            )
        )
        self._portal_touch(
            self._portal_note(_("Help question added: '%(name)s'.", name=name)), draft
        )
        return question

    def portal_add_agreement(
        self,
        description,
        member_id=None,
        deadline=None,
        question_id=None,
        source=None,
        provider_name=None,
        provider_description=None,
    ):
        """Add an agreement: who does what by when. The help comes from the
        network (a member does it), from a freely accessible facility (its name
        and what it does), or is a question for professional help, which the
        case professional is asked to answer."""
        self._portal_check_writable()
        # Every value is checked before anything is written.
        description = self._portal_text(
            description, PORTAL_MAX_TEXT, _("Describe what will be done.")
        )
        source = source or "network"
        if source not in PORTAL_SOURCES:
            raise UserError(_("Choose where the help comes from."))
        provider_name = self._portal_text(provider_name, PORTAL_MAX_LINE)
        provider_description = self._portal_text(provider_description, PORTAL_MAX_LINE)
        member_id = self._portal_id(member_id)
        deadline = self._portal_date(deadline)
        question_id = self._portal_id(question_id)
        if source == "network" and not member_id:
            raise UserError(_("Choose who will do it."))
        if source == "community" and not provider_name:
            raise UserError(
                _("Write the name of the place, for example the community centre.")
            )
        member = (
            self._portal_child("fgp.network.member", member_id)
            if member_id
            else self.env["fgp.network.member"]
        )
        question = (
            self._portal_child("fgp.help.question", question_id)
            if question_id
            else self.env["fgp.help.question"]
        )
        vals = {
            "plan_id": self.id,
            "description": description,
            "source": source,
            "member_id": member.id,
            "deadline": deadline,
            "question_id": question.id,
        }
        if source == "community":
            vals["provider_id"] = self._portal_new_facility(provider_name).id
            vals["provider_description"] = provider_description
        # An agreement on a help question the family has not shared yet is part
        # of that draft: it is shared with it.
        draft = self._portal_is_drafting(question)
        agreement = (
            # portal users have read-only rights; the plan was checked writable above
            self.env["fgp.agreement"]
            ._fgp_for_family()
            .with_context(**self._portal_env_context(draft))
            .create(self._portal_write_vals(vals, draft))
        )
        self._portal_touch(
            self._portal_note(
                _(
                    "Agreement added for %(who)s (by %(deadline)s).",
                    who=agreement.responsible_name or agreement._source_label(),
                    deadline=format_date(self.env, agreement.deadline) or "-",
                ),
                description,
            ),
            draft,
        )
        if not draft:
            agreement._fgp_ask_professional()
        return agreement

    def _portal_new_facility(self, name):
        """A freely accessible facility the family names becomes a new
        organisation contact: always a new one, never one found by its name,
        so that no family can link its plan to another's contact."""
        # sudo: portal users cannot create contacts; only a name is written, on a
        # new organisation that is no client
        return self.env["res.partner"].sudo().create({"name": name, "is_company": True})

    def portal_mark_done(self, agreement_id):
        """A network member marks their own agreement done."""
        member = self._portal_check_writable()
        agreement = self._portal_child("fgp.agreement", agreement_id)
        if agreement.member_id != member:
            raise AccessError(_("You can only mark your own agreements done."))
        if agreement.state not in PORTAL_DONE_FROM:
            raise UserError(_("This agreement is not open."))
        # Marking done and remarks are follow-up, not writing the plan: they stay
        # private only on an agreement that is itself still a draft.
        draft = bool(agreement.is_family_draft)
        agreement.with_context(**self._portal_env_context(draft)).write(
            {"state": "done"}
        )
        self._portal_touch(
            self._portal_note(_("Agreement done."), agreement.description), draft
        )
        return agreement

    def portal_add_remark(self, agreement_id, remark):
        """A network member adds a remark to their own agreement."""
        member = self._portal_check_writable()
        agreement = self._portal_child("fgp.agreement", agreement_id)
        if agreement.member_id != member:
            raise AccessError(_("You can only add a remark to your own agreements."))
        remark = self._portal_text(
            remark, PORTAL_MAX_TEXT, _("Write your remark first.")
        )
        draft = bool(agreement.is_family_draft)
        agreement.with_context(**self._portal_env_context(draft)).write(
            {"remark": remark}
        )
        self._portal_touch(
            self._portal_note(
                _(
                    "Remark on agreement '%(agreement)s':",
                    agreement=agreement.description,
                ),
                remark,
            ),
            draft,
        )
        return agreement

    def action_share_family_draft(self):
        """The family shares its draft with the professionals (ends private time)."""
        self._portal_member()
        # The caller is a consented network member of this plan (checked above);
        # only the draft flags of this plan's own records are cleared.
        records = {
            model: self.env[model]
            ._fgp_for_family()
            .search([("plan_id", "=", self.id), ("is_family_draft", "=", True)])
            for model in DRAFT_MODELS
        }
        if not any(records.values()):
            raise UserError(_("There is no draft to share."))
        for recs in records.values():
            recs.write({"is_family_draft": False})
        # Questions for professional help reach the professional once shared.
        records["fgp.agreement"]._fgp_ask_professional()
        lines = Markup("").join(
            Markup("<li>%s</li>") % (rec.display_name or "")
            for recs in records.values()
            for rec in recs
        )
        # sudo: portal users cannot post on the plan themselves; the message is an
        # internal note authored by their own partner and names what was shared
        plan = self.sudo()
        plan.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (_("The family shared its draft with the professional:"), lines),
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
            message_type="comment",
        )
        plan.family_draft_date = False
        return True

    # ------------------------------------------------------------------
    # No access token: a plan is reached by logging in as a consented member
    # ------------------------------------------------------------------
    def _portal_ensure_token(self):  # pylint: disable=method-required-super
        """A plan never gets an access token. Odoo's token opens a record to
        whoever holds the link, logged in or not; a family's plan is opened by
        a network member with consent who logs in (controllers/portal.py), and
        a forwarded link must open nothing."""
        return False

    def get_portal_url(  # pylint: disable=method-required-super
        self,
        suffix=None,
        report_type=None,
        download=None,
        query_string=None,
        anchor=None,
    ):
        """The plan's portal URL as Odoo builds it, without the access token."""
        self.ensure_one()
        query = "&".join(
            part
            for part in (
                report_type and f"report_type={report_type}",
                download and "download=true",
                (query_string or "").lstrip("&"),
            )
            if part
        )
        return "".join(
            (
                self.access_url,
                suffix or "",
                f"?{query}" if query else "",
                f"#{anchor}" if anchor else "",
            )
        )

    def _get_share_url(
        self, redirect=False, signup_partner=False, pid=None, share_token=True
    ):
        """Links in e-mails and the share wizard: never a token, nor the hash
        and partner id that would sign the reader in to the chatter."""
        url = super()._get_share_url(
            redirect=redirect,
            signup_partner=signup_partner,
            pid=None,
            share_token=False,
        )
        return url.rstrip("?")

    # ------------------------------------------------------------------
    # Professional side: invite the network to the portal
    # ------------------------------------------------------------------
    def action_invite_network(self):
        """Open Odoo's portal wizard for the consented network members."""
        self.ensure_one()
        partners = self.network_member_ids.filtered("consent_date").partner_id
        # Internal users (colleagues in the network) work in the back office.
        partners = partners.filtered(lambda p: not any(not u.share for u in p.user_ids))
        if not partners:
            raise UserError(
                _(
                    "Nobody in the network of %(plan)s has given consent yet: record "
                    "the consent date first.",
                    plan=self.name,
                )
            )
        # One message for everyone: in their language when they share one, else in
        # the professional's (the organisation's) language.
        langs = set(partners.mapped("lang")) - {False}
        lang = langs.pop() if len(langs) == 1 else self.env.lang
        message = self.with_context(lang=lang).env._(
            "You are invited to read and write along with %(plan)s, the plan your "
            "family makes together with its network. After you log in you find it "
            "under 'My plans'.",
            plan=self.name,
        )
        wizard = self.env["portal.wizard"].create(
            {"partner_ids": [(6, 0, partners.ids)], "welcome_message": message}
        )
        return wizard._action_open_modal()
