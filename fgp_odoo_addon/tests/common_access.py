"""One world of teams, plans and people for the access tests: every role the
product knows, each with data it may and may not see."""

import base64
from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user

PROFESSIONAL = "fgp_odoo_addon.group_fgp_professional"
SAFETY = "fgp_odoo_addon.group_fgp_safety"
MANAGER = "fgp_odoo_addon.group_fgp_manager"
ADMIN = "fgp_odoo_addon.group_fgp_admin"
EXPORT = "base.group_allow_export"
PORTAL = "base.group_portal"


def build_access_world(cls):
    """Create the users per role and their plans on ``cls`` (a test class)."""
    env = cls.env(context=dict(cls.env.context, tracking_disable=True))
    cls.env = env

    def user(login, groups, name):
        return new_test_user(env, login=login, groups=f"{groups},{EXPORT}", name=name)

    cls.prof_a = user("fgp_prof_a", PROFESSIONAL, "Professional A")
    cls.prof_b = user("fgp_prof_b", PROFESSIONAL, "Professional B")
    cls.safety_a = user("fgp_safety_a", SAFETY, "Safety professional A")
    cls.manager_a = user("fgp_manager_a", MANAGER, "Manager A")
    cls.manager_b = user("fgp_manager_b", MANAGER, "Manager B")
    cls.admin = user("fgp_admin", ADMIN, "Functional admin")
    cls.sysadmin = user(
        "fgp_sysadmin", f"{ADMIN},base.group_system", "System administrator"
    )
    cls.portal_member = user("fgp_portal_member", PORTAL, "Oma Jansen")
    cls.portal_noconsent = user("fgp_portal_noconsent", PORTAL, "Oom Jansen")
    cls.portal_outsider = user("fgp_portal_outsider", PORTAL, "Buurman Visser")
    cls.portal_users = cls.portal_member | cls.portal_noconsent | cls.portal_outsider

    Team = env["fgp.team"]
    cls.team_a = Team.create(
        {
            "name": "Wijkteam A (test)",
            "manager_id": cls.manager_a.id,
            "member_ids": [Command.set((cls.prof_a | cls.safety_a).ids)],
        }
    )
    # The manager of team A is also a member of team B: rules of several groups
    # are ORed, and must add team B, never team C.
    cls.team_b = Team.create(
        {
            "name": "Wijkteam B (test)",
            "manager_id": cls.manager_b.id,
            "member_ids": [Command.set((cls.prof_b | cls.manager_a).ids)],
        }
    )
    cls.team_c = Team.create({"name": "Wijkteam C (test)"})

    Partner = env["res.partner"]
    cls.youth_a = Partner.create({"name": "Sanne Geheimnaam"})
    cls.youth_b = Partner.create({"name": "Tim Bakker"})
    cls.coordinator = Partner.create({"name": "Coördinator De Wit"})
    Plan = env["fgp.plan"]
    cls.plan_a = Plan.create(
        {
            "name": "Plan familie Geheimnaam",
            "team_id": cls.team_a.id,
            "professional_id": cls.prof_a.id,
            "youth_ids": [Command.set(cls.youth_a.ids)],
            "coordinator_id": cls.coordinator.id,
            "exemption_motivation": "Vertrouwelijke motivering A",
        }
    )
    cls.plan_b = Plan.create(
        {
            "name": "Plan familie Bakker",
            "team_id": cls.team_b.id,
            "professional_id": cls.prof_b.id,
            "youth_ids": [Command.set(cls.youth_b.ids)],
        }
    )
    cls.plan_c = Plan.create(
        {
            "name": "Plan familie Claes",
            "team_id": cls.team_c.id,
            "professional_id": False,
        }
    )
    # A plan of team C assigned to professional A personally.
    cls.plan_c_assigned = Plan.create(
        {
            "name": "Plan familie Dekker",
            "team_id": cls.team_c.id,
            "professional_id": cls.prof_a.id,
        }
    )
    cls.plans = cls.plan_a | cls.plan_b | cls.plan_c | cls.plan_c_assigned

    Member = env["fgp.network.member"]
    cls.member_consent = Member.create(
        {
            "plan_id": cls.plan_a.id,
            "partner_id": cls.portal_member.partner_id.id,
            "role": "relative",
            "relation": "oma",
            "consent_date": "2026-01-05",
        }
    )
    cls.member_noconsent = Member.create(
        {
            "plan_id": cls.plan_a.id,
            "partner_id": cls.portal_noconsent.partner_id.id,
            "role": "relative",
            "relation": "oom",
        }
    )
    cls.member_b = Member.create(
        {"plan_id": cls.plan_b.id, "partner_id": cls.youth_b.id, "role": "youth"}
    )
    cls.section_a = env["fgp.plan.section"].create(
        {"plan_id": cls.plan_a.id, "name": "Veiligheid", "body": "<p>Ons plan</p>"}
    )
    cls.question_a = env["fgp.help.question"].create(
        {"plan_id": cls.plan_a.id, "name": "Hoe komt Sanne naar school?"}
    )
    Agreement = env["fgp.agreement"]
    cls.agreement_a = Agreement.create(
        {
            "plan_id": cls.plan_a.id,
            "description": "Oma brengt Sanne op maandag naar school",
            "member_id": cls.member_consent.id,
            "question_id": cls.question_a.id,
        }
    )
    cls.agreement_b = Agreement.create(
        {
            "plan_id": cls.plan_b.id,
            "description": "Tim gaat naar de voetbalclub",
            "source": "community",
        }
    )
    # A day of an agreement of plan A, as the follow-up job makes them for a
    # repeating one (on agreement A itself: no agreement count changes).
    cls.occurrence_a = env["fgp.agreement.occurrence"].create(
        {
            "agreement_id": cls.agreement_a.id,
            "plan_id": cls.plan_a.id,
            "date": "2026-01-05",
        }
    )
    cls.evaluation_a = env["fgp.plan.evaluation"].create(
        {"plan_id": cls.plan_a.id, "score": 6}
    )
    Condition = env["fgp.safety.condition"]
    cls.condition_a = Condition.create(
        {"plan_id": cls.plan_a.id, "description": "Geen alcohol in huis"}
    )
    cls.condition_b = Condition.create(
        {"plan_id": cls.plan_b.id, "description": "Vader woont elders"}
    )

    Note = env["fgp.professional.note"]
    cls.note_a_team = Note.with_user(cls.prof_a).create(
        {
            "plan_id": cls.plan_a.id,
            "name": "Huisbezoek",
            "body": "<p>Teamnotitie A: zorgen over thuissituatie</p>",
            "visibility": "team",
        }
    )
    cls.note_a_personal = Note.with_user(cls.prof_a).create(
        {
            "plan_id": cls.plan_a.id,
            "name": "Werkaantekening",
            "body": "<p>Persoonlijke werkaantekening A</p>",
            "visibility": "personal",
        }
    )
    cls.note_b_team = Note.with_user(cls.prof_b).create(
        {
            "plan_id": cls.plan_b.id,
            "name": "Overleg",
            "body": "<p>Teamnotitie B</p>",
            "visibility": "team",
        }
    )
    cls.note_c_assigned = Note.with_user(cls.prof_a).create(
        {
            "plan_id": cls.plan_c_assigned.id,
            "name": "Toegewezen",
            "body": "<p>Notitie bij toegewezen plan</p>",
            "visibility": "team",
        }
    )
    cls.notes = (
        cls.note_a_team | cls.note_a_personal | cls.note_b_team | cls.note_c_assigned
    )
    # Uploaded the way the form's many2many_binary widget does it for a note not
    # yet saved: res_model set, res_id 0; then saved with the note.
    cls.upload_a_team = upload(cls, cls.prof_a, "verslag.txt", b"team file A")
    cls.note_a_team.with_user(cls.prof_a).write(
        {"attachment_ids": [Command.link(cls.upload_a_team.id)]}
    )
    cls.upload_a_personal = upload(cls, cls.prof_a, "eigen.txt", b"personal file A")
    cls.note_a_personal_2 = Note.with_user(cls.prof_a).create(
        {
            "plan_id": cls.plan_a.id,
            "name": "Werkaantekening met bijlage",
            "visibility": "personal",
            "attachment_ids": [Command.link(cls.upload_a_personal.id)],
        }
    )
    # Look at the records as the test's own (super)user again; each test
    # switches to a role with with_user.
    for attr in (
        "note_a_team",
        "note_a_personal",
        "note_b_team",
        "note_c_assigned",
        "note_a_personal_2",
        "notes",
        "upload_a_team",
        "upload_a_personal",
    ):
        record = getattr(cls, attr)
        setattr(cls, attr, env[record._name].browse(record.ids))


def upload(cls, user, name, raw):
    """An upload through /web/binary/upload_attachment for an unsaved note."""
    attachment = (
        cls.env["ir.attachment"]
        .with_user(user)
        .create(
            {
                "name": name,
                "raw": raw,
                "res_model": "fgp.professional.note",
                "res_id": 0,
            }
        )
    )
    return cls.env["ir.attachment"].browse(attachment.id)


class FgpAccessCase(TransactionCase):
    """Base class: the world above, and helpers to look at it as a user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_access_world(cls)

    @classmethod
    def upload(cls, user, name, raw):
        return upload(cls, user, name, raw)

    def visible(self, user, model, records):
        """The subset of ``records`` that ``user`` finds with search."""
        found = self.env[model].with_user(user).search([("id", "in", records.ids)])
        return self.env[model].browse(found.ids)

    @staticmethod
    def b64(raw):
        return base64.b64encode(raw)

    @contextmanager
    def assertUserError(self, text=None):
        """A business refusal: a UserError that is not an AccessError (which
        subclasses UserError), optionally with ``text`` in its message."""
        with self.assertRaises(UserError) as error:
            yield error
        self.assertNotIsInstance(
            error.exception, AccessError, "refused by access rights, not the rule"
        )
        if text:
            self.assertIn(text, str(error.exception))
