from odoo import Command, fields
from odoo.tests import HttpCase


class FgpPortalCase(HttpCase):
    """Two families, their networks and a professional, built once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.professional = cls._make_user(
            "fgp_portal_prof",
            "Sanne Hulpverlener",
            "fgp_odoo_addon.group_fgp_professional",
        )
        cls.team = env["fgp.team"].create(
            {
                "name": "Wijkteam Portaal",
                "member_ids": [Command.link(cls.professional.id)],
            }
        )
        cls.marie = cls._make_user("fgp_marie", "Marie Jansen", "base.group_portal")
        cls.oma = cls._make_user("fgp_oma", "Truus Jansen", "base.group_portal")
        cls.oma.partner_id.write(
            {"phone": "06-99887766", "email": "truus.jansen@example.nl"}
        )
        cls.piet = cls._make_user("fgp_piet", "Piet Buurman", "base.group_portal")
        cls.karin = cls._make_user("fgp_karin", "Karin de Vries", "base.group_portal")
        # The day as plans take it (date_offered's default, in the creating
        # user's time zone), not the server's UTC day.
        today = fields.Date.context_today(env["fgp.plan"])

        # The Jansen family: an active plan
        cls.plan = cls._make_plan("Plan familie Jansen")
        cls.m_marie = cls._member(cls.plan, cls.marie, "parent", "moeder", consent=True)
        cls.m_oma = cls._member(cls.plan, cls.oma, "relative", "oma", consent=True)
        cls.m_oma.is_designated = True
        cls.m_piet = cls._member(
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
        cls.plan.action_prepare()
        cls.plan.action_submit()
        cls.plan.action_activate()
        cls.plan.date_next_evaluation = today

        # The Jansen family's earlier, closed plan
        cls.closed_plan = cls._make_plan("Oud plan familie Jansen")
        cls._member(cls.closed_plan, cls.marie, "parent", "moeder", consent=True)
        env["fgp.plan.section"].create({"plan_id": cls.closed_plan.id, "name": "Wonen"})
        cls.closed_plan.action_prepare()
        cls.closed_plan.action_submit()
        cls.closed_plan.action_activate()
        cls.closed_plan.action_close()

        # The Jansen family preparing a new plan: its private family time
        cls.draft_plan = cls._make_plan("Nieuw plan familie Jansen")
        cls.md_marie = cls._member(cls.draft_plan, cls.marie, "parent", "moeder", True)
        cls._member(cls.draft_plan, cls.oma, "relative", "oma", True)
        cls.draft_plan.action_prepare()

        # Another family
        cls.other_plan = cls._make_plan("Plan familie De Vries")
        cls.m_karin = cls._member(cls.other_plan, cls.karin, "parent", "moeder", True)
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
        cls.other_plan.action_prepare()

    @classmethod
    def _make_user(cls, login, name, group):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "password": login,
                    "email": f"{login}@example.nl",
                    "groups_id": [Command.set([cls.env.ref(group).id])],
                }
            )
        )

    @classmethod
    def _make_plan(cls, name):
        return cls.env["fgp.plan"].create(
            {
                "name": name,
                "team_id": cls.team.id,
                "professional_id": cls.professional.id,
            }
        )

    @classmethod
    def _member(cls, plan, user, role, relation, consent):
        return cls.env["fgp.network.member"].create(
            {
                "plan_id": plan.id,
                "partner_id": user.partner_id.id,
                "role": role,
                "relation": relation,
                "consent_date": fields.Date.today() if consent else False,
            }
        )

    def login(self, user):
        self.authenticate(user.login, user.login)
