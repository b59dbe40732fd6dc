"""The world the tests run in: every user, team, family and plan the suites build,
in one place, as named layers that a base class stacks in its setUpClass.

Access world: build_access_world(cls); FgpAccessCase (common_access.py), AttackCase
(common_attack.py). The roles of ACCESS_MATRIX.md, each with data it may and may not
see. Its layers, in the order they are built:

- back_office_roles: prof_a (P-A), prof_b (P-B), safety_a (S-A), manager_a (M-A),
  manager_b (M-B), admin (Adm), sysadmin (Sys);
- portal_people: portal_member (Po+), portal_noconsent (Po-), portal_outsider (Po0);
- organisation: team_a, team_b (M-A is a member too), team_c;
- access_plans: plan_a, plan_b, plan_c (nobody assigned), plan_c_assigned (C', team
  C, assigned to P-A), their young people youth_a, youth_b and a coordinator;
- family_members: member_consent (Po+) and member_noconsent (Po-) on plan A,
  member_b (plan B's youth);
- plan_parts: section_a, question_a, agreement_a/_b, evaluation_a, condition_a/_b;
- professional_notes: note_a_team, note_a_personal(_2), note_b_team,
  note_c_assigned, upload_a_team, upload_a_personal.

Lifecycle world: lifecycle_team(cls); FgpCommon (common.py). professional,
safety_user, team and a family (youth, mother, grandma, neighbour);
lifecycle_plan() makes their plan, bring_to() takes it to any state.

Follow-up world: follow_up_team(cls), follow_up_family(cls); FollowUpCase
(common_follow_up.py). professional (Dutch, with e-mail), manager, team, oma, opa;
follow_up_plan() makes an active plan offered on 1 January 2026; plan, member_oma,
member_opa.

Portal world: portal_families(cls); FgpPortalCase (common_portal.py). professional,
team, portal logins marie, oma, piet, karin; the Jansens' active plan (m_marie,
m_oma designated, m_piet without consent, section, question, agreements,
condition), closed_plan and draft_plan (preparing), the De Vries' other_plan.

Privacy world: privacy_team(cls); PrivacyCommon (privacy_common.py). professional,
manager, admin, log_manager, team, plan with youth, member (parent), note and
condition.

The worlds stay apart on purpose: each suite's expectations (names, counts, dates)
are about its own. A test takes the base class of the world it needs; what several
tests need besides goes here as a layer, not in a test file.
"""

from datetime import date

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user

PROFESSIONAL = "fgp_odoo_addon.group_fgp_professional"
SAFETY = "fgp_odoo_addon.group_fgp_safety"
MANAGER = "fgp_odoo_addon.group_fgp_manager"
ADMIN = "fgp_odoo_addon.group_fgp_admin"
LOG_MANAGER = "fgp_odoo_addon.group_fgp_log_manager"
EXPORT = "base.group_allow_export"
PORTAL = "base.group_portal"
DUTCH = "nl_NL"

# The route through the lifecycle to each state, as the buttons take it.
ROUTE = {
    "offered": [],
    "preparing": ["action_prepare"],
    "submitted": ["action_prepare", "action_submit"],
    "active": ["action_prepare", "action_submit", "action_activate"],
    "closed": ["action_prepare", "action_submit", "action_activate", "action_close"],
    "declined": ["action_decline"],
    "exempt": ["action_exempt"],
}


# Building blocks


def bring_to(plan, state):
    """Take ``plan`` to ``state`` through the real transitions (ROUTE)."""
    for action in ROUTE[state]:
        getattr(plan, action)()
    assert plan.state == state, (plan.state, state)
    return plan


def load_dutch(env, modules=("fgp_odoo_addon",), overwrite=True):
    """Dutch active with the Dutch terms of ``modules`` (over what is there, with
    ``overwrite``): the product as a Dutch organisation runs it."""
    env["res.lang"]._activate_lang(DUTCH)
    env["ir.module.module"]._load_module_terms(
        list(modules), [DUTCH], overwrite=overwrite
    )


def make_team(env, name, manager=None, members=None):
    """A team; ``members`` a recordset of users."""
    vals = {"name": name}
    if manager:
        vals["manager_id"] = manager.id
    if members:
        vals["member_ids"] = [Command.set(members.ids)]
    return env["fgp.team"].create(vals)


def add_member(plan, partner, role, **vals):
    """A network member of ``plan``; ``vals`` as the model takes them."""
    return plan.env["fgp.network.member"].create(
        dict({"plan_id": plan.id, "partner_id": partner.id, "role": role}, **vals)
    )


def portal_login(env, login, name, group=PORTAL):
    """A user whose password is its login, invited by nobody (no sign-up mail)."""
    return new_test_user(
        env,
        login=login,
        name=name,
        groups=group,
        password=login,
        email=f"{login}@example.nl",
        context={"no_reset_password": True},
    )


class FgpHttpCase(HttpCase):
    """An HttpCase on a world whose users log in with their login as password."""

    def login(self, user):
        """Log in as ``user``."""
        self.authenticate(user.login, user.login)

    def post_form(self, url, data=None, status=None, files=None):
        """POST ``data`` to ``url`` as a page's form does, with the session's CSRF
        token; with ``status``, the response must have it."""
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        response = self.url_open(url, data=data, files=files)
        if status is not None:
            self.assertEqual(response.status_code, status, url)
        return response


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


# The access world: every role the product knows, each with data it may and may
# not see (ACCESS_MATRIX.md).


def _role_user(env, login, groups, name):
    return new_test_user(env, login=login, groups=f"{groups},{EXPORT}", name=name)


def back_office_roles(cls):
    env = cls.env
    cls.prof_a = _role_user(env, "fgp_prof_a", PROFESSIONAL, "Professional A")
    cls.prof_b = _role_user(env, "fgp_prof_b", PROFESSIONAL, "Professional B")
    cls.safety_a = _role_user(env, "fgp_safety_a", SAFETY, "Safety professional A")
    cls.manager_a = _role_user(env, "fgp_manager_a", MANAGER, "Manager A")
    cls.manager_b = _role_user(env, "fgp_manager_b", MANAGER, "Manager B")
    cls.admin = _role_user(env, "fgp_admin", ADMIN, "Functional admin")
    cls.sysadmin = _role_user(
        env, "fgp_sysadmin", f"{ADMIN},base.group_system", "System administrator"
    )


def portal_people(cls):
    env = cls.env
    cls.portal_member = _role_user(env, "fgp_portal_member", PORTAL, "Oma Jansen")
    cls.portal_noconsent = _role_user(env, "fgp_portal_noconsent", PORTAL, "Oom Jansen")
    cls.portal_outsider = _role_user(
        env, "fgp_portal_outsider", PORTAL, "Buurman Visser"
    )
    cls.portal_users = cls.portal_member | cls.portal_noconsent | cls.portal_outsider


def organisation(cls):
    env = cls.env
    cls.team_a = make_team(
        env, "Wijkteam A (test)", cls.manager_a, cls.prof_a | cls.safety_a
    )
    # The manager of team A is also a member of team B: rules of several groups
    # are ORed, and must add team B, never team C.
    cls.team_b = make_team(
        env, "Wijkteam B (test)", cls.manager_b, cls.prof_b | cls.manager_a
    )
    cls.team_c = make_team(env, "Wijkteam C (test)")


def access_plans(cls):
    env = cls.env
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


def family_members(cls):
    cls.member_consent = add_member(
        cls.plan_a,
        cls.portal_member.partner_id,
        "relative",
        relation="oma",
        consent_date="2026-01-05",
    )
    cls.member_noconsent = add_member(
        cls.plan_a, cls.portal_noconsent.partner_id, "relative", relation="oom"
    )
    cls.member_b = add_member(cls.plan_b, cls.youth_b, "youth")


def plan_parts(cls):
    env = cls.env
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


def professional_notes(cls):
    env = cls.env
    Note = env["fgp.professional.note"]

    def note(author, plan, name, visibility, body=None, **vals):
        if body:
            vals["body"] = body
        return Note.with_user(author).create(
            dict(plan_id=plan.id, name=name, visibility=visibility, **vals)
        )

    cls.note_a_team = note(
        cls.prof_a,
        cls.plan_a,
        "Huisbezoek",
        "team",
        "<p>Teamnotitie A: zorgen over thuissituatie</p>",
    )
    cls.note_a_personal = note(
        cls.prof_a,
        cls.plan_a,
        "Werkaantekening",
        "personal",
        "<p>Persoonlijke werkaantekening A</p>",
    )
    cls.note_b_team = note(
        cls.prof_b, cls.plan_b, "Overleg", "team", "<p>Teamnotitie B</p>"
    )
    cls.note_c_assigned = note(
        cls.prof_a,
        cls.plan_c_assigned,
        "Toegewezen",
        "team",
        "<p>Notitie bij toegewezen plan</p>",
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
    cls.note_a_personal_2 = note(
        cls.prof_a,
        cls.plan_a,
        "Werkaantekening met bijlage",
        "personal",
        attachment_ids=[Command.link(cls.upload_a_personal.id)],
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


ACCESS_WORLD = (
    back_office_roles,
    portal_people,
    organisation,
    access_plans,
    family_members,
    plan_parts,
    professional_notes,
)


def build_access_world(cls):
    """Create the users per role and their plans on ``cls`` (a test class)."""
    cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
    for layer in ACCESS_WORLD:
        layer(cls)


# The lifecycle world: one team, one family, plans in any state.


def lifecycle_team(cls):
    cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
    cls.professional = new_test_user(
        cls.env,
        login="fgp_test_hulpverlener",
        name="Test Hulpverlener",
        groups=PROFESSIONAL,
    )
    cls.safety_user = new_test_user(
        cls.env, login="fgp_test_bevoegd", name="Test Bevoegd", groups=SAFETY
    )
    cls.team = make_team(
        cls.env, "Testteam Centrum", members=cls.professional | cls.safety_user
    )
    Partner = cls.env["res.partner"]
    cls.youth = Partner.create({"name": "Noor Testfamilie"})
    cls.mother = Partner.create({"name": "Eva Testfamilie"})
    cls.grandma = Partner.create({"name": "Oma Testfamilie"})
    cls.neighbour = Partner.create({"name": "Buurvrouw Testfamilie"})


def lifecycle_plan(cls, name="Plan familie Test", **vals):
    """A plan of the lifecycle team, created by its professional, with a network,
    a chapter and the reasons a decline or exemption asks for."""
    values = {
        "name": name,
        "team_id": cls.team.id,
        "professional_id": cls.professional.id,
        "youth_ids": [Command.set(cls.youth.ids)],
        "network_member_ids": [
            Command.create(
                {"partner_id": cls.mother.id, "role": "parent", "relation": "moeder"}
            ),
            Command.create(
                {
                    "partner_id": cls.grandma.id,
                    "role": "relative",
                    "relation": "oma",
                    "is_designated": True,
                }
            ),
        ],
        "section_ids": [
            Command.create(
                {
                    "name": "Veiligheid",
                    "body": "<p>Oma is er als het thuis niet gaat.</p>",
                }
            )
        ],
        "decline_reason": "We lossen het liever zelf op.",
        "exemption_reason": "harms_youth",
        "exemption_motivation": "Concrete bedreiging van de jeugdige.",
    }
    return cls.env["fgp.plan"].with_user(cls.professional).create(dict(values, **vals))


# The follow-up world: an active plan of January 2026 with a designated contact;
# tests move the date with freezegun or pass it to the job.


def follow_up_team(cls):
    cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
    cls.env["res.lang"]._activate_lang(DUTCH)
    cls.professional = new_test_user(
        cls.env,
        login="fgp_follow_prof",
        name="Pim Professional",
        groups=PROFESSIONAL,
        lang="nl_NL",
        email="pim@example.com",
    )
    cls.manager = new_test_user(
        cls.env,
        login="fgp_follow_manager",
        name="Mira Manager",
        groups=MANAGER,
        email="mira@example.com",
    )
    cls.team = make_team(
        cls.env, "Wijkteam Follow-up", cls.manager, members=cls.professional
    )
    cls.oma = cls.env["res.partner"].create(
        {
            "name": "Oma Bakker",
            "phone": "06 12345678",
            "email": "oma.bakker@example.com",
            "lang": "nl_NL",
        }
    )
    cls.opa = cls.env["res.partner"].create(
        {"name": "Opa Bakker", "email": "opa.bakker@example.com"}
    )


def follow_up_plan(cls, name, designated=True):
    """An active plan of the follow-up team, offered on 1 January 2026: oma (the
    designated contact when ``designated``) and opa consented on the 2nd."""
    member = {"role": "relative", "consent_date": date(2026, 1, 2)}
    plan = cls.env["fgp.plan"].create(
        {
            "name": name,
            "date_offered": date(2026, 1, 1),
            "team_id": cls.team.id,
            "professional_id": cls.professional.id,
            "network_member_ids": [
                Command.create(
                    dict(
                        member,
                        partner_id=cls.oma.id,
                        relation="oma",
                        is_designated=designated,
                    )
                ),
                Command.create(dict(member, partner_id=cls.opa.id, relation="opa")),
            ],
            "section_ids": [
                Command.create({"name": "Veiligheid", "body": "<p>Thuis veilig</p>"})
            ],
            "question_ids": [
                Command.create({"name": "Hoe komt Sanne op school?"}),
                Command.create({"name": "Wie helpt met geld?"}),
            ],
        }
    )
    return bring_to(plan, "active")


def follow_up_family(cls):
    cls.plan = follow_up_plan(cls, "Plan familie Bakker", designated=True)
    cls.member_oma = cls.plan.network_member_ids.filtered(
        lambda m: m.partner_id == cls.oma
    )
    cls.member_opa = cls.plan.network_member_ids - cls.member_oma


# The portal world: two families, their networks and a professional.


def portal_plan(cls, name):
    """A plan of the portal team's professional."""
    return cls.env["fgp.plan"].create(
        {"name": name, "team_id": cls.team.id, "professional_id": cls.professional.id}
    )


def portal_member(plan, user, role, relation, consent):
    """``user`` (a portal login) in the network of ``plan``, consented today or not."""
    return add_member(
        plan,
        user.partner_id,
        role,
        relation=relation,
        consent_date=fields.Date.today() if consent else False,
    )


def portal_families(cls):
    env = cls.env
    cls.professional = portal_login(
        env, "fgp_portal_prof", "Sanne Hulpverlener", PROFESSIONAL
    )
    cls.team = make_team(env, "Wijkteam Portaal", members=cls.professional)
    cls.marie = portal_login(env, "fgp_marie", "Marie Jansen")
    cls.oma = portal_login(env, "fgp_oma", "Truus Jansen")
    cls.oma.partner_id.write(
        {"phone": "06-99887766", "email": "truus.jansen@example.nl"}
    )
    cls.piet = portal_login(env, "fgp_piet", "Piet Buurman")
    cls.karin = portal_login(env, "fgp_karin", "Karin de Vries")
    # The day as plans take it (date_offered's default, in the creating
    # user's time zone), not the server's UTC day.
    today = fields.Date.context_today(env["fgp.plan"])

    # The Jansen family: an active plan
    cls.plan = portal_plan(cls, "Plan familie Jansen")
    cls.m_marie = portal_member(cls.plan, cls.marie, "parent", "moeder", consent=True)
    cls.m_oma = portal_member(cls.plan, cls.oma, "relative", "oma", consent=True)
    cls.m_oma.is_designated = True
    cls.m_piet = portal_member(
        cls.plan, cls.piet, "neighbour", "buurman", consent=False
    )
    cls.section = env["fgp.plan.section"].create(
        {"plan_id": cls.plan.id, "name": "School", "body": "<p>Tim gaat graag.</p>"}
    )
    cls.question = env["fgp.help.question"].create(
        {"plan_id": cls.plan.id, "name": "Wie brengt Tim naar school?"}
    )
    cls.agreement_oma = env["fgp.agreement"].create(
        {
            "plan_id": cls.plan.id,
            "question_id": cls.question.id,
            "description": "Oma brengt Tim op dinsdag naar school",
            "member_id": cls.m_oma.id,
            "deadline": today,
        }
    )
    cls.agreement_marie = env["fgp.agreement"].create(
        {
            "plan_id": cls.plan.id,
            "description": "Marie belt de juf elke vrijdag",
            "member_id": cls.m_marie.id,
        }
    )
    cls.condition = env["fgp.safety.condition"].create(
        {"plan_id": cls.plan.id, "description": "Tim slaapt elke nacht thuis"}
    )
    cls.condition.write({"state": "met", "assessment": "Besproken met Marie."})
    env["fgp.professional.note"].create(
        {
            "plan_id": cls.plan.id,
            "author_id": cls.professional.id,
            "name": "Werkaantekening",
            "body": "<p>GEHEIME-WERKAANTEKENING</p>",
            "visibility": "team",
        }
    )
    bring_to(cls.plan, "active")
    cls.plan.date_next_evaluation = today

    # The Jansen family's earlier, closed plan
    cls.closed_plan = portal_plan(cls, "Oud plan familie Jansen")
    portal_member(cls.closed_plan, cls.marie, "parent", "moeder", consent=True)
    env["fgp.plan.section"].create({"plan_id": cls.closed_plan.id, "name": "Wonen"})
    bring_to(cls.closed_plan, "closed")

    # The Jansen family preparing a new plan: its private family time
    cls.draft_plan = portal_plan(cls, "Nieuw plan familie Jansen")
    cls.md_marie = portal_member(cls.draft_plan, cls.marie, "parent", "moeder", True)
    portal_member(cls.draft_plan, cls.oma, "relative", "oma", True)
    bring_to(cls.draft_plan, "preparing")

    # Another family
    cls.other_plan = portal_plan(cls, "Plan familie De Vries")
    cls.m_karin = portal_member(cls.other_plan, cls.karin, "parent", "moeder", True)
    cls.other_agreement = env["fgp.agreement"].create(
        {
            "plan_id": cls.other_plan.id,
            "description": "Karin zoekt een oppas",
            "member_id": cls.m_karin.id,
        }
    )
    cls.other_section = env["fgp.plan.section"].create(
        {"plan_id": cls.other_plan.id, "name": "Geld"}
    )
    bring_to(cls.other_plan, "preparing")


# The privacy world: the roles of the access log and one plan.


def privacy_team(cls):
    cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
    env = cls.env
    cls.professional = new_test_user(
        env, login="priv_professional", groups=f"{SAFETY},{EXPORT}"
    )
    cls.manager = new_test_user(env, login="priv_manager", groups=MANAGER)
    cls.admin = new_test_user(env, login="priv_admin", groups=ADMIN)
    cls.log_manager = new_test_user(
        env, login="priv_log_manager", groups=f"{LOG_MANAGER},{EXPORT}"
    )
    cls.team = make_team(env, "Wijkteam Privacy", cls.manager, cls.professional)
    Partner = env["res.partner"]
    cls.youth = Partner.create({"name": "Noor Visser"})
    cls.parent = Partner.create({"name": "Eva Visser"})
    cls.plan = env["fgp.plan"].create(
        {
            "name": "Plan familie Visser",
            "team_id": cls.team.id,
            "professional_id": cls.professional.id,
            "youth_ids": [Command.set(cls.youth.ids)],
        }
    )
    cls.member = add_member(cls.plan, cls.parent, "parent")
    cls.note = (
        env["fgp.professional.note"]
        .with_user(cls.professional)
        .create({"plan_id": cls.plan.id, "name": "Huisbezoek", "body": "<p>x</p>"})
    )
    cls.condition = env["fgp.safety.condition"].create(
        {"plan_id": cls.plan.id, "description": "Geen alcohol in huis"}
    )
