import re

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize, format_date

from ..tools import selection_labels
from .fgp_plan_portal import PORTAL_MAX_LINE

# Roles the family gives the people it adds. Parents, young people, professionals
# and coordinators are put in the network by the professional: a family cannot
# make someone a parent (who manages the network) or a professional.
PORTAL_ROLES = ("relative", "friend", "neighbour", "volunteer", "other")
# Roles the family cannot take out of its network, for the same reason.
PORTAL_FIXED_ROLES = ("parent", "youth", "professional", "coordinator")
PORTAL_MAX_PHONE = 30
PORTAL_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,}$")
# 19:30, 9:05 or 19.30
PORTAL_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
MEETING_TYPE = "fgp_odoo_addon.mail_activity_type_fgp_meeting"
ALIGN_TYPE = "fgp_odoo_addon.mail_activity_type_fgp_align"


class PortalFieldError(UserError):
    """A form value the family must correct: the message is shown next to
    ``field`` in the portal."""

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field


class FgpPlan(models.Model):
    """The family holds the pen: who is in its network, its contact person,
    when the network meets and when its plan is ready, done in the portal.

    Like fgp_plan_portal.py, every method acts for the current portal user after
    checking they are a consented member of this plan (and, to change the
    network, a parent or a young person whose own consent suffices), then writes
    with sudo() and says so in the plan's chatter, authored by the member."""

    _inherit = "fgp.plan"  # pylint: disable=consider-merging-classes-inherited

    conference_time = fields.Float(
        string="Conference time",
        tracking=True,
        # an hour of the day, not a quantity to add up in a pivot
        aggregator=False,
        help="The time of the conference or network meeting, in hours.",
    )
    conference_place = fields.Char(
        string="Conference place",
        tracking=True,
        help="Where the conference or network meeting is held.",
    )
    # The portal shows who stands behind the plan through _portal_network_values.
    endorsement_ids = fields.One2many(
        "fgp.plan.endorsement",
        "plan_id",
        string="Stands behind the plan",
        groups="fgp_odoo_addon.group_fgp_professional",
    )

    # ------------------------------------------------------------------
    # Who may do what
    # ------------------------------------------------------------------
    def _portal_may_manage_network(self, member):
        """A parent, or the plan's young person (or Wmo client) whose own
        consent suffices (the age rule of fgp_network_member_consent.py),
        manages the network."""
        if member.role == "parent":
            return True
        # sudo: which partners are the plan's young people; only compared
        youths = self.sudo().youth_ids
        adult = member._fgp_about_adult(self)
        return member.partner_id in youths and member._consent_needs_of(
            member.partner_id, adult
        ) == (True, False)

    def _portal_check_network_manager(self):
        member = self._portal_check_writable()
        if not self._portal_may_manage_network(member):
            raise UserError(
                _("Only a parent, or a young person of 16 or older, can change this.")
            )
        return member

    def _portal_consents_of(self, member, other):
        """The consents ``member`` gives to share the plan with ``other`` that
        are still missing: ``consent_youth_date`` for the plan's young person,
        ``consent_parents_date`` for a parent, as the young person's age asks."""
        # sudo: the plan's young people decide whose consent is needed, and
        # whether the member is one of them; a portal user may not read them
        # (and must not leave a read of them filtered by their rights in the
        # cache for the consent's own computation)
        plan = self.sudo()
        youth, parents = other._consent_needs(plan)
        is_youth = member.partner_id in plan.youth_ids
        names = []
        if youth and is_youth and not other.consent_youth_date:
            names.append("consent_youth_date")
        if parents and member.role == "parent" and not other.consent_parents_date:
            names.append("consent_parents_date")
        return names

    # ------------------------------------------------------------------
    # Form values
    # ------------------------------------------------------------------
    def _portal_field(self, field, parse, *args):
        """Parse one form value; a refusal names the field it is about."""
        try:
            return parse(*args)
        except PortalFieldError:
            raise
        except (UserError, AccessError) as error:
            raise PortalFieldError(error.args[0], field) from error

    def _portal_phone(self, value):
        phone = self._portal_text(value, PORTAL_MAX_PHONE)
        if phone and not PORTAL_PHONE.match(phone):
            raise UserError(
                _("Write the phone number in digits, for example 06-12345678.")
            )
        return phone

    def _portal_email(self, value):
        email = self._portal_text(value, PORTAL_MAX_LINE)
        if email and email_normalize(email) != email.lower():
            raise UserError(_("Write the e-mail address like this: name@example.nl."))
        return email

    def _portal_time(self, value):
        text = self._portal_text(value, 10)
        if not text:
            return 0.0
        match = PORTAL_TIME.match(text)
        if not match:
            raise UserError(_("Write the time as hours:minutes, for example 19:30."))
        return int(match.group(1)) + int(match.group(2)) / 60

    def _portal_time_label(self):
        """The conference time as 19:30, or an empty string."""
        if not self.conference_time:
            return ""
        minutes = round(self.conference_time * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    # ------------------------------------------------------------------
    # Our network
    # ------------------------------------------------------------------
    def portal_add_member(self, name, relation=None, phone=None, email=None, role=None):
        """The family adds a person to its network. The person becomes a new
        contact of the organisation: never one found by name or e-mail address,
        so that no family links itself to someone else's record. The
        professional may confirm later that it is the same person as an
        existing contact (fgp.network.member.relink)."""
        me = self._portal_check_network_manager()
        name = self._portal_field(
            "name",
            self._portal_text,
            name,
            PORTAL_MAX_LINE,
            _("Write the person's name."),
        )
        relation = self._portal_field(
            "relation", self._portal_text, relation, PORTAL_MAX_LINE
        )
        phone = self._portal_field("phone", self._portal_phone, phone)
        email = self._portal_field("email", self._portal_email, email)
        if not (phone or email):
            raise PortalFieldError(
                _(
                    "Write a phone number or an e-mail address: the professional "
                    "invites the person with it."
                ),
                "phone",
            )
        if role not in PORTAL_ROLES:
            raise PortalFieldError(_("Choose a role from the list."), "role")
        # sudo: portal users create no contacts; a new contact with only what the
        # family typed, never an existing one
        partner = (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": name,
                    "phone": phone or False,
                    "email": email or False,
                    "type": "contact",
                    "lang": self.env.user.lang,
                }
            )
        )
        # sudo: portal users have read-only rights on members; the member was
        # checked to manage this plan's network
        member = (
            self.env["fgp.network.member"]
            .sudo()
            .create(
                {
                    "plan_id": self.id,
                    "partner_id": partner.id,
                    "role": role,
                    "relation": relation or False,
                }
            )
        )
        label = relation or selection_labels(self.env, member._name, "role")[role]
        self._portal_touch(
            self._portal_note(
                _(
                    "%(who)s added %(name)s (%(label)s) to the network, to invite "
                    "by %(contact)s. Consent to share the plan is asked in the "
                    "portal.",
                    who=me.partner_id.name,
                    name=name,
                    label=label,
                    contact=" / ".join(filter(None, (phone, email))),
                )
            ),
            False,
        )
        return member

    def portal_remove_member(self, member_id):
        """The family takes someone out of its network."""
        me = self._portal_check_network_manager()
        member = self._portal_field(
            "member_id", self._portal_child, "fgp.network.member", member_id
        )
        # sudo: which partners are the plan's young people; only compared
        if (
            member.role in PORTAL_FIXED_ROLES
            or member.partner_id in self.sudo().youth_ids
        ):
            raise PortalFieldError(
                _(
                    "The professional takes parents, young people and professionals "
                    "out of the network. Ask them."
                ),
                "member_id",
            )
        if member == me:
            raise PortalFieldError(
                _("You cannot take yourself out of the network."), "member_id"
            )
        if member.agreement_ids:
            raise PortalFieldError(
                _(
                    "%(name)s still has agreements in the plan. Talk about who "
                    "takes them over first.",
                    name=member.partner_id.name,
                ),
                "member_id",
            )
        name = member.partner_id.name
        # sudo: portal users cannot unlink members; checked above
        member.sudo().unlink()
        self._portal_touch(
            self._portal_note(
                _(
                    "%(who)s took %(name)s out of the network.",
                    who=me.partner_id.name,
                    name=name,
                )
            ),
            False,
        )

    def portal_give_consent(self, member_id):
        """The right person (the young person, a parent) consents to share the
        plan with a network member. The consent dates record when, the chatter
        note (fgp_network_member_consent.py) who."""
        me = self._portal_check_writable()
        member = self._portal_field(
            "member_id", self._portal_child, "fgp.network.member", member_id
        )
        names = self._portal_consents_of(me, member)
        if not names:
            raise PortalFieldError(
                _("Your consent is not asked for this person."), "member_id"
            )
        today = fields.Date.context_today(self)
        # sudo: portal users cannot write members; only the consent this member
        # gives is recorded
        member.sudo().write(dict.fromkeys(names, today))
        return member

    def portal_choose_contact_person(self, member_id):
        """The network chooses its contact person (at most one) or changes it."""
        me = self._portal_check_network_manager()
        member = self._portal_field(
            "member_id", self._portal_child, "fgp.network.member", member_id
        )
        if not member.consent_date:
            raise PortalFieldError(
                _(
                    "Choose someone who may see the plan: %(name)s has no consent yet.",
                    name=member.partner_id.name,
                ),
                "member_id",
            )
        # sudo: portal users cannot write the plan; the inverse moves the
        # designation to this member of this plan
        self.sudo().designated_member_id = member
        self._portal_touch(
            self._portal_note(
                _(
                    "%(who)s chose %(name)s as the designated contact of the network.",
                    who=me.partner_id.name,
                    name=member.partner_id.name,
                )
            ),
            False,
        )
        return member

    # ------------------------------------------------------------------
    # Our meeting
    # ------------------------------------------------------------------
    def portal_propose_meeting(self, date=None, time=None, place=None):
        """The family proposes the date, time and place of its conference or
        network meeting; the professional gets an activity."""
        me = self._portal_check_network_manager()
        day = self._portal_field("date", self._portal_date, date)
        if not day:
            raise PortalFieldError(_("Choose a date."), "date")
        if day < fields.Date.context_today(self):
            raise PortalFieldError(_("Choose a date from today on."), "date")
        hours = self._portal_field("time", self._portal_time, time)
        place = self._portal_field(
            "place",
            self._portal_text,
            place,
            PORTAL_MAX_LINE,
            _("Write where you meet."),
        )
        # sudo: portal users cannot write the plan; only the meeting's fields.
        # The note below says who proposed it, tracking would say it twice.
        plan = self.sudo().with_context(mail_notrack=True)
        plan.write(
            {
                "date_conference": day,
                "conference_time": hours,
                "conference_place": place,
            }
        )
        when = " ".join(
            filter(None, (format_date(self.env, day), plan._portal_time_label()))
        )
        text = _(
            "%(who)s proposes the meeting of the network on %(when)s, at %(place)s.",
            who=me.partner_id.name,
            when=when,
            place=place,
        )
        self._portal_touch(self._portal_note(text), False)
        self._portal_schedule_activity(
            MEETING_TYPE, _("The family proposes a meeting: %(when)s", when=when), text
        )

    # ------------------------------------------------------------------
    # Our plan is ready
    # ------------------------------------------------------------------
    def portal_plan_ready(self):
        """ "Ons plan is klaar": the family shares its drafts and submits the
        plan through the lifecycle's own checks; the version it submits is kept
        for the network to stand behind, and the professional is asked to align."""
        me = self._portal_check_network_manager()
        if self.state != "preparing":
            raise UserError(_("You can say the plan is ready while you make it."))
        if self._fgp_for_family().has_family_draft:
            self.action_share_family_draft()
        # sudo: portal users cannot write the plan; the state goes through the
        # lifecycle's transition checks (fgp_plan.py write)
        self.sudo().action_submit()
        # sudo: the version keeps the plan as submitted, as the lifecycle does
        version = self.env["fgp.plan.version"].sudo()._create_version(self, "ready")
        text = _(
            "%(who)s says: our plan is ready (version %(number)s). Align the help "
            "with the family's plan.",
            who=me.partner_id.name,
            number=version.version,
        )
        self._portal_touch(self._portal_note(text), False)
        self._portal_schedule_activity(
            ALIGN_TYPE, _("The family's plan is ready: align with it"), text
        )
        return version

    def _portal_current_version(self):
        """The version the network stands behind: the latest one kept, while
        the plan is submitted or in force."""
        if self.state not in ("submitted", "active"):
            return self.env["fgp.plan.version"]
        # sudo: the version numbers of this plan (the user is a consented member)
        return self.sudo().version_ids.sorted("version", reverse=True)[:1]

    def portal_endorse(self):
        """A network member says they stand behind this version of the plan."""
        me = self._portal_member()
        version = self._portal_current_version()
        if not version:
            raise UserError(
                _("You can say this when the family has said the plan is ready.")
            )
        # sudo: the endorsements of this version; the member was checked above
        Endorsement = self.env["fgp.plan.endorsement"].sudo()
        if Endorsement.search_count(
            [("version_id", "=", version.id), ("member_id", "=", me.id)]
        ):
            raise UserError(_("You already said you stand behind this plan."))
        endorsement = Endorsement.create(
            {
                "plan_id": self.id,
                "version_id": version.id,
                "member_id": me.id,
                "date": fields.Date.context_today(self),
            }
        )
        self._portal_touch(
            self._portal_note(
                _(
                    "%(who)s stands behind version %(number)s of the plan.",
                    who=me.partner_id.name,
                    number=version.version,
                )
            ),
            False,
        )
        return endorsement

    # ------------------------------------------------------------------
    # The professional's activity
    # ------------------------------------------------------------------
    def _portal_schedule_activity(self, type_xmlid, summary, text):
        """An activity for whoever follows the plan up about what the family did
        in the portal, made as the follow-up job makes its own."""
        # sudo: portal users read no professionals and create no activities; the
        # activity goes to the plan's own follow-up user
        plan = self.sudo()
        user = plan._follow_up_user()
        if not user:
            return
        plan._fgp_create_activities(
            [
                plan._follow_up_activity_vals(
                    user,
                    self.env.ref(type_xmlid),
                    summary,
                    [text],
                    fields.Date.context_today(self),
                )
            ]
        )

    def _portal_network_values(self, me):
        """What the plan page shows of the network, the meeting and the versions
        beside what fgp_plan_portal shows (names and roles only, never contact
        details)."""
        # sudo: names, roles and consent of this plan's own members (see
        # controllers/portal.py _fgp_plan_page_values)
        members = self.network_member_ids.sudo()
        version = self._portal_current_version()
        endorsements = version.endorsement_ids if version else []
        roles = selection_labels(self.env, members._name, "role")
        return {
            "fgp_may_manage": self._portal_may_manage_network(me),
            "fgp_members": {
                m.id: {
                    "has_consent": bool(m.consent_date),
                    "may_remove": m.role not in PORTAL_FIXED_ROLES
                    and m != me
                    and not m.agreement_ids,
                    "consent_asked": self._portal_consents_of(me, m),
                }
                for m in members
            },
            "fgp_roles": [(key, roles[key]) for key in PORTAL_ROLES],
            # sudo: the meeting of this plan, for a member the portal's access
            # check let in (controllers/portal.py _fgp_plan_check_access)
            "fgp_meeting": {
                "date": self.sudo().date_conference,
                "time": self.sudo()._portal_time_label(),
                "place": self.sudo().conference_place or "",
            },
            "fgp_version": version,
            "fgp_endorsements": [
                {"name": e.member_id.partner_id.name, "date": e.date}
                for e in endorsements
            ],
            "fgp_i_endorsed": me in version.endorsement_ids.member_id
            if version
            else False,
            "fgp_max_line": PORTAL_MAX_LINE,
        }
