from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools.misc import format_date

# Jeugdwet art. 7.3.11: whose consent sharing a young person's plan needs.
YOUTH_ALONE_AGE = 16
YOUTH_TOO_AGE = 12
# Plan types about an adult (Wmo persoonlijk plan): the client consents alone.
ADULT_PLAN_TYPES = ("personal",)


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
        for member in self:
            youth, parents = self._consent_needs(member.plan_id)
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
        for member in self:
            youth, parents = self._consent_needs(member.plan_id)
            dates = []
            if youth:
                dates.append(member.consent_youth_date)
            if parents:
                dates.append(member.consent_parents_date)
            member.consent_date = max(dates) if all(dates) else False

    def _inverse_consent_date(self):
        """Setting the date directly records that everyone whose consent is
        needed gave it on that date; clearing it withdraws all consent."""
        for member in self:
            if not member.consent_date:
                member.consent_youth_date = member.consent_parents_date = False
                continue
            youth, parents = self._consent_needs(member.plan_id)
            if youth and not member.consent_youth_date:
                member.consent_youth_date = member.consent_date
            if parents and not member.consent_parents_date:
                member.consent_parents_date = member.consent_date

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

    def write(self, vals):
        """Track consent given and withdrawn in the plan's chatter."""
        tracked = {"consent_youth_date", "consent_parents_date", "consent_date"}
        before = (
            {m: (m.consent_youth_date, m.consent_parents_date) for m in self}
            if tracked & set(vals)
            else {}
        )
        result = super().write(vals)
        for member, old in before.items():
            new = (member.consent_youth_date, member.consent_parents_date)
            if new != old:
                member._post_consent_change(old, new)
        if before:
            self.filtered(lambda m: not m.consent_date)._fgp_unfollow_plan()
        return result

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

    def _post_consent_change(self, old, new):
        labels = (
            _("the client")
            if self._fgp_about_adult(self.plan_id)
            else _("the young person"),
            _("the parents"),
        )
        lines = []
        for label, was, now in zip(labels, old, new, strict=True):
            if was == now:
                continue
            if now:
                lines.append(
                    _(
                        "Consent of %(who)s given on %(date)s.",
                        who=label,
                        # the date as the note's language writes it (23-11-2026);
                        # that language is the user's when the context has none
                        date=format_date(
                            self.env, now, lang_code=self.env.lang or self.env.user.lang
                        ),
                    )
                )
            else:
                lines.append(_("Consent of %(who)s withdrawn.", who=label))
        body = _(
            "Sharing with %(member)s: %(changes)s",
            member=self.partner_id.name,
            changes=" ".join(lines),
        )
        # sudo: consent is part of the plan's history whoever records it; an
        # internal note never reaches the portal or the followers' mail.
        self.plan_id.sudo().message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
