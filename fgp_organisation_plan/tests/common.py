from odoo.tests import TransactionCase

from odoo.addons.fgp_odoo_addon.tests.world import add_member, make_team


class OrganisationPlanCase(TransactionCase):
    """A known world of family plans for the KPIs.

    Period 2026-01-01 .. 2026-06-30, teams A and B covered, team C not.

    In scope (6 plans): A1 offered, family, co-author, designated contact;
    A2 preparing, professional plan, consulted; A3 declined (family, co-author,
    designated: none of it counts as taken up); A4 exempt; B5 offered on the
    last day, family, informed, designated; B6 offered on the first day, family.
    Out of scope: A7 the day before, A8 the day after, C9 another team,
    A10 archived.

    Agreements in scope: on time x2 (one on its very deadline), late, open,
    missed = 5 counted, 2 on time; cancelled, deadline after the period, plans out
    of scope: not counted. Safety conditions in scope: met, open, not met = 3,
    1 met; withdrawn and out of scope: not counted.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.team_a = make_team(cls.env, "Testteam A")
        cls.team_b = make_team(cls.env, "Testteam B")
        cls.team_c = make_team(cls.env, "Testteam C")
        cls.municipality = cls.env["res.partner"].create(
            {"name": "Gemeente Teststad", "is_company": True}
        )
        cls.provider = cls.env["res.partner"].create(
            {"name": "Zorgaanbieder Test", "is_company": True}
        )

        cls.a1 = cls._plan(
            cls.team_a, "2026-01-10", youth_participation="co_author", designated=True
        )
        cls.a2 = cls._plan(
            cls.team_a,
            "2026-02-01",
            authorship="professional",
            youth_participation="consulted",
        )
        cls.a2.action_prepare()
        cls.a3 = cls._plan(
            cls.team_a, "2026-03-01", youth_participation="co_author", designated=True
        )
        cls.a3.decline_reason = "Wij willen liever een plan van de hulpverlener."
        cls.a3.action_decline()
        cls.a4 = cls._plan(cls.team_a, "2026-03-15")
        cls.a4.write(
            {
                "exemption_reason": "guardianship",
                "exemption_motivation": "Voogdij bij een gecertificeerde instelling.",
            }
        )
        cls.a4.action_exempt()
        cls.b5 = cls._plan(
            cls.team_b, "2026-06-30", youth_participation="informed", designated=True
        )
        cls.b6 = cls._plan(cls.team_b, "2026-01-01")
        cls.a7 = cls._plan(cls.team_a, "2025-12-31", designated=True)
        cls.a8 = cls._plan(cls.team_a, "2026-07-01", designated=True)
        cls.c9 = cls._plan(cls.team_c, "2026-02-01", designated=True)
        cls.a10 = cls._plan(cls.team_a, "2026-02-01", designated=True)
        cls.a10.active = False

        cls._agreement(cls.a1, "2026-02-01", "done", "2026-01-25")
        cls._agreement(cls.a1, "2026-02-01", "done", "2026-02-01")
        cls._agreement(cls.a1, "2026-03-01", "done", "2026-03-05")
        cls._agreement(cls.a2, "2026-04-01", "open")
        cls._agreement(cls.a2, "2026-04-01", "missed")
        cls._agreement(cls.a2, "2026-04-01", "cancelled")
        cls._agreement(cls.b5, "2026-07-15", "done", "2026-07-01")
        cls._agreement(cls.a7, "2026-02-01", "done", "2026-01-15")
        cls._agreement(cls.c9, "2026-03-01", "done", "2026-02-15")

        cls._condition(cls.a1, "met")
        cls._condition(cls.a1, "open")
        cls._condition(cls.a2, "not_met")
        cls._condition(cls.a2, "withdrawn")
        cls._condition(cls.c9, "met")
        cls._condition(cls.a7, "met")

        cls.org_plan = cls.env["fgp.organisation.plan"].create(
            {
                "name": "Organisatieplan gemeente Teststad 2026",
                "partner_id": cls.municipality.id,
                "team_ids": [(6, 0, [cls.team_a.id, cls.team_b.id])],
                "date_start": "2026-01-01",
                "date_end": "2026-06-30",
                "maturity": "searching",
                "target_maturity": "frontrunner",
            }
        )
        cls.empty_plan = cls.env["fgp.organisation.plan"].create(
            {
                "name": "Organisatieplan gemeente Teststad 2020",
                "partner_id": cls.municipality.id,
                "team_ids": [(6, 0, [cls.team_a.id, cls.team_b.id])],
                "date_start": "2020-01-01",
                "date_end": "2020-12-31",
            }
        )

    @classmethod
    def _plan(
        cls,
        team,
        offered,
        authorship="family",
        youth_participation="not_involved",
        designated=False,
    ):
        cls._plan_seq = getattr(cls, "_plan_seq", 0) + 1
        plan = cls.env["fgp.plan"].create(
            {
                "name": f"Plan familie Test {cls._plan_seq}",
                "team_id": team.id,
                "date_offered": offered,
                "authorship": authorship,
                "youth_participation": youth_participation,
            }
        )
        if designated:
            partner = cls.env["res.partner"].create(
                {"name": f"Oma Test {cls._plan_seq}"}
            )
            add_member(plan, partner, "relative", is_designated=True)
        return plan

    @classmethod
    def _agreement(cls, plan, deadline, state, date_done=False):
        return cls.env["fgp.agreement"].create(
            {
                "plan_id": plan.id,
                "description": f"Afspraak {deadline} {state}",
                "source": "professional",
                "provider_id": cls.provider.id,
                "deadline": deadline,
                "state": state,
                "date_done": date_done,
            }
        )

    @classmethod
    def _condition(cls, plan, state):
        return cls.env["fgp.safety.condition"].create(
            {
                "plan_id": plan.id,
                "description": f"Voorwaarde {state}",
                "state": state,
                "assessment": "Beoordeeld in het netwerkberaad.",
            }
        )
