import functools
from collections import defaultdict

import babel.dates
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

from ..tools import FLAG, flagged

# Jeugdwet art. 7.3.11: whose consent sharing a young person's plan needs.
YOUTH_ALONE_AGE = 16
YOUTH_TOO_AGE = 12
# Plan types about an adult (Wmo persoonlijk plan): the client consents alone.
ADULT_PLAN_TYPES = ("personal",)
# Context key (set with tools.FLAG: no RPC call can set it): the create or write
# that records these consents notes them in the chatter itself, so the writes of
# the consent date's inverse note nothing twice.
CONSENT_NOTED = "fgp_consent_noted"


class FgpNetworkMember(models.Model):
    """Consent to share the plan with a network member, from the right people
    for the young person's age; in a personal plan (Wmo) from the adult client."""

    _inherit = "fgp.network.member"

    plan_type = fields.Selection(related="plan_id.plan_type")

    consent_youth_date = fields.Date(
        string="Consent of the young person",
        help="Date the young person consented to share the plan with this person.",
    )
    consent_parents_date = fields.Date(
        string="Consent of the parents",
        help="Date the parents or guardian consented to share the plan with "
        "this person.",
    )
    consent_required = fields.Selection(
        [
            ("parents", "Parents or guardian"),
            ("youth_parents", "Young person and parents"),
            ("youth", "Young person alone"),
            ("client", "The client"),
        ],
        string="Consent needed from",
        compute="_compute_consent_required",
    )
    # The portal's record rules follow consent_date: it is only set when every
    # consent the young person's age requires was recorded.
    consent_date = fields.Date(
        compute="_compute_consent_date",
        inverse="_inverse_consent_date",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="Date the plan may be shared with this person: set once every "
        "consent the young person's age requires is recorded.",
    )

    @api.model
    def _fgp_about_adult(self, plan):
        """A personal plan (Wmo) is about an adult client: named client, not
        young person, and its client consents alone."""
        return plan.plan_type in ADULT_PLAN_TYPES

    @api.model
    def _consent_needs(self, plan):
        """(young person or client needed, parents needed) for the plan's young
        people today. In a youth plan an unknown date of birth asks for both:
        better one consent too many. In a personal plan (Wmo) the client is an
        adult unless a known date of birth says otherwise."""
        adult = self._fgp_about_adult(plan)
        youths = plan.youth_ids
        if not youths:
            return True, not adult
        youth = parents = False
        for partner in youths:
            youth_needed, parents_needed = self._consent_needs_of(partner, adult)
            youth = youth or youth_needed
            parents = parents or parents_needed
        return youth, parents

    @api.model
    def _consent_needs_by_plan(self, plans):
        """_consent_needs of each of ``plans``, by plan id: once per plan of a
        batch, with the plans' young people read together."""
        return {plan.id: self._consent_needs(plan) for plan in plans}

    @api.model
    def _consent_needs_of(self, partner, adult=False):
        """(young person or client needed, parents needed) for one of the plan's
        young people (or its client, ``adult``) today: the one place of the age
        rule, also for who manages their own network in the portal
        (fgp_plan_network.py)."""
        # sudo: the birth date decides which consents are needed; only the date is
        # used
        birthdate = partner.sudo().fgp_birthdate
        if not birthdate:
            return True, not adult
        age = relativedelta(fields.Date.context_today(self), birthdate).years
        return age >= YOUTH_TOO_AGE, age < YOUTH_ALONE_AGE

    @api.depends("plan_id.plan_type", "plan_id.youth_ids.fgp_birthdate")
    def _compute_consent_required(self):
        needs = self._consent_needs_by_plan(self.plan_id)
        for member in self:
            youth, parents = needs[member.plan_id.id]
            member.consent_required = (
                "youth_parents"
                if youth and parents
                else "parents"
                if not youth
                else "client"
                if self._fgp_about_adult(member.plan_id)
                else "youth"
            )

    @api.depends(
        "consent_youth_date",
        "consent_parents_date",
        "plan_id.plan_type",
        "plan_id.youth_ids.fgp_birthdate",
    )
    def _compute_consent_date(self):
        needs = self._consent_needs_by_plan(self.plan_id)
        for member in self:
            member.consent_date = self._consent_date_of(
                needs[member.plan_id.id], *member._consent_pair()
            )

    @api.model
    def _consent_date_of(self, needs, youth_date, parents_date):
        """The date the plan may be shared: the last of the consents it needs
        (``needs``, its _consent_needs), once they are all given."""
        dates = [
            fields.Date.to_date(date)
            for needed, date in zip(needs, (youth_date, parents_date), strict=True)
            if needed
        ]
        return max(dates) if dates and all(dates) else False

    @api.model
    def _consent_vals(self, needs, date, youth_date=False, parents_date=False):
        """The consents a consent date records: of everyone whose consent the
        plan needs (``needs``, its _consent_needs) and who has none yet
        (``youth_date``, ``parents_date``), given on ``date``. The one rule of
        the form's date, of a create and an import."""
        youth, parents = needs
        vals = {}
        if youth and not youth_date:
            vals["consent_youth_date"] = date
        if parents and not parents_date:
            vals["consent_parents_date"] = date
        return vals

    def _inverse_consent_date(self):
        """Setting the date directly records that everyone whose consent is
        needed gave it on that date; clearing it withdraws all consent. The
        date the consents already give changes nothing (a create inserts it).
        Members that get the same consents are written together."""
        groups = defaultdict(lambda: self.browse())
        needs = self._consent_needs_by_plan(self.plan_id)
        for member in self:
            plan_needs = needs[member.plan_id.id]
            pair = member._consent_pair()
            if member.consent_date == self._consent_date_of(plan_needs, *pair):
                continue
            vals = (
                self._consent_vals(plan_needs, member.consent_date, *pair)
                if member.consent_date
                else {"consent_youth_date": False, "consent_parents_date": False}
            )
            if vals:
                groups[tuple(sorted(vals.items()))] |= member
        for vals, members in groups.items():
            members.write(dict(vals))

    @api.model
    def _cron_fgp_consent_age(self):
        """Young people grow up: at 12 their own consent becomes necessary, at 16
        their parents' no longer suffices. Re-check the consents of plans with
        a young person between 12 and 17."""
        today = fields.Date.context_today(self)
        # sudo: the job re-checks every plan's consents, whichever team it is of
        members = self.sudo().search(
            [
                ("consent_date", "!=", False),
                (
                    "plan_id.youth_ids.fgp_birthdate",
                    ">",
                    today - relativedelta(years=YOUTH_ALONE_AGE + 1),
                ),
                (
                    "plan_id.youth_ids.fgp_birthdate",
                    "<=",
                    today - relativedelta(years=YOUTH_TOO_AGE),
                ),
            ]
        )
        self.env.add_to_compute(self._fields["consent_date"], members)
        members.flush_recordset(["consent_date"])
        members.filtered(lambda m: not m.consent_date)._fgp_unfollow_plan()
        return members

    @api.model_create_multi
    def create(self, vals_list):
        """A member created with a consent date records the consents it needs,
        as the form's date does (_consent_vals); every member is inserted with
        the date its consents give, without a write per member; the consents
        given are noted in the plan's chatter, one note per plan for the whole
        batch (an organisation's caseload comes in by the thousand)."""
        needs = self._consent_needs_by_plan(
            self.env["fgp.plan"].browse(
                {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
            )
        )
        for vals in vals_list:
            plan_needs = needs.get(vals.get("plan_id"))
            if not plan_needs:
                continue
            if vals.get("consent_date"):
                vals.update(
                    self._consent_vals(
                        plan_needs,
                        vals["consent_date"],
                        vals.get("consent_youth_date"),
                        vals.get("consent_parents_date"),
                    )
                )
            # Inserted with the date its consents give: not computed and
            # updated afterwards, and the inverse finds nothing to record.
            vals["consent_date"] = self._consent_date_of(
                plan_needs,
                vals.get("consent_youth_date"),
                vals.get("consent_parents_date"),
            )
        members = (
            super(FgpNetworkMember, self.with_context(**{CONSENT_NOTED: FLAG}))
            .create(vals_list)
            .with_env(self.env)
        )
        members._post_consent_changes(
            {
                member: ((False, False), member._consent_pair())
                for member in members
                if any(member._consent_pair())
            }
        )
        return members

    def write(self, vals):
        """Track consent given and withdrawn in the plan's chatter."""
        tracked = {"consent_youth_date", "consent_parents_date", "consent_date"}
        before = (
            {member: member._consent_pair() for member in self}
            if tracked & set(vals) and not flagged(self.env, CONSENT_NOTED)
            else {}
        )
        members = self.with_context(**{CONSENT_NOTED: FLAG}) if before else self
        result = super(FgpNetworkMember, members).write(vals)
        self._post_consent_changes(
            {
                member: (old, member._consent_pair())
                for member, old in before.items()
                if member._consent_pair() != old
            }
        )
        if before:
            self.filtered(lambda m: not m.consent_date)._fgp_unfollow_plan()
        return result

    def _consent_pair(self):
        """(young person's or client's, parents') consent dates."""
        return self.consent_youth_date, self.consent_parents_date

    def unlink(self):
        """Who leaves the network stops following the plan."""
        self._fgp_unfollow_plan()
        return super().unlink()

    def _fgp_unfollow_plan(self):
        """Members outside the organisation without consent (any more) stop
        following their plan: its messages are no longer theirs to read.
        Colleagues in the network (internal users) keep following."""
        pairs = {
            (member.plan_id.id, member.partner_id.id)
            for member in self
            if not any(not user.share for user in member.partner_id.user_ids)
        }
        if not pairs:
            return
        # sudo: consent withdrawn (or the member removed) ends the following,
        # whoever records it; only these members' followers of these plans go.
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "fgp.plan"),
                    ("res_id", "in", list({plan for plan, _partner in pairs})),
                    ("partner_id", "in", list({partner for _plan, partner in pairs})),
                ]
            )
        )
        followers.filtered(lambda f: (f.res_id, f.partner_id.id) in pairs).unlink()

    @api.model
    def _post_consent_changes(self, changes):
        """Note consent given and withdrawn in the plans' chatter, one internal
        note per plan listing its members whose consent changed. ``changes``:
        {member: (old, new)}, each a _consent_pair."""
        # The note's language is the context's, else the user's; its words are
        # translated once per batch, its dates (23-11-2026) written as
        # format_date writes them, with the language's pattern looked up once.
        lang = get_lang(self.env, self.env.lang or self.env.user.lang)
        words = self.with_context(lang=lang.code)._consent_words()
        locale = babel_locale_parse(lang.code)
        day = functools.partial(
            babel.dates.format_date,
            format=posix_to_ldml(lang.date_format, locale=locale),
            locale=locale,
        )
        texts = defaultdict(list)
        for member, (old, new) in changes.items():
            texts[member.plan_id.id].append(
                member._consent_change_text(old, new, words, day)
            )
        if not texts:
            return
        bodies = {
            plan_id: lines[0]
            if len(lines) == 1
            else Markup("<ul>%s</ul>")
            % Markup().join(Markup("<li>%s</li>") % line for line in lines)
            for plan_id, lines in texts.items()
        }
        # sudo: consent is part of the plan's history whoever records it. An
        # internal note notifies no one: the notes of all plans are made in one
        # create, as the follow-up job logs its own.
        self.env["fgp.plan"].browse(bodies).sudo()._message_log_batch(
            bodies=bodies, author_id=self.env.user.partner_id.id
        )

    @api.model
    def _consent_words(self):
        """The words of a consent note, in the context's language."""
        _ = self.env._
        return {
            "client": _("the client"),
            "youth": _("the young person"),
            "parents": _("the parents"),
            "given": _("Consent of %(who)s given on %(date)s."),
            "withdrawn": _("Consent of %(who)s withdrawn."),
            "sharing": _("Sharing with %(member)s: %(changes)s"),
        }

    def _consent_change_text(self, old, new, words, day):
        """'Sharing with <member>: ...', the consents given and withdrawn, in
        ``words`` (_consent_words); ``day`` writes a date."""
        labels = (
            words["client" if self._fgp_about_adult(self.plan_id) else "youth"],
            words["parents"],
        )
        lines = []
        for label, was, now in zip(labels, old, new, strict=True):
            if was == now:
                continue
            if now:
                lines.append(words["given"] % {"who": label, "date": day(now)})
            else:
                lines.append(words["withdrawn"] % {"who": label})
        return words["sharing"] % {
            "member": self.partner_id.name,
            "changes": " ".join(lines),
        }
