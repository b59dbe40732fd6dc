"""Class 7: figures of teams one may not see.

An organisation plan's KPIs, asked for over JSON-RPC (onchange of a new plan,
web_save, web_read, web_search_read) as each role, for any teams and a period of
one day, count only the family plans that role may read. Every KPI field of the
models that carry them is walked from the registry."""

from odoo import fields
from odoo.tests import JsonRpcException, new_test_user, tagged

from odoo.addons.fgp_odoo_addon.tests.common_attack import AttackCase
from odoo.addons.fgp_organisation_plan.models.fgp_organisation_kpi_mixin import (
    kpi_values,
)

KPI_MIXIN = "fgp.organisation.kpi.mixin"


@tagged("post_install", "-at_install", "fgp_http", "fgp_attack")
class TestAttackKpis(AttackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.crm_user = new_test_user(
            cls.env, login="fgp_crm_kpi", groups="base.group_user"
        )
        cls.today = fields.Date.context_today(cls.env.user)
        cls.all_teams = cls.team_a | cls.team_b | cls.team_c
        # Made by data (the superuser): covers every team, for one day.
        cls.org_plan = cls.env["fgp.organisation.plan"].create(
            {
                "name": "Organisatieplan één dag",
                "partner_id": cls.coordinator.id,
                "team_ids": [(6, 0, cls.all_teams.ids)],
                "date_start": cls.today,
                "date_end": cls.today,
                "state": "active",
            }
        )
        cls.roles = (
            cls.prof_a,
            cls.prof_b,
            cls.safety_a,
            cls.manager_a,
            cls.manager_b,
            cls.admin,
            cls.sysadmin,
        )
        mixin = cls.env.registry[KPI_MIXIN]
        magic = set(cls.env.registry["base"]._fields)
        cls.kpi_fields = sorted(set(mixin._fields) - magic)

    def empty(self):
        """The figures of a plan without teams: what an onchange leaves out as
        unchanged."""
        values = kpi_values({})
        Plan = self.env["fgp.organisation.plan"]
        for name in list(values):
            values[f"{name}_display"] = Plan._format_kpi(values[name])
        return {name: value for name, value in values.items() if name in Plan._fields}

    def expected(self, user, teams):
        """The KPIs over the plans ``user`` may read: the oracle, in Python."""
        plans = (
            self.env["fgp.plan"]
            .with_user(user)
            .search(
                [
                    ("team_id", "in", teams.ids),
                    ("date_offered", "=", self.today),
                    ("origin_plan_id", "=", False),
                ]
            )
        )
        plans = self.env["fgp.plan"].browse(plans.ids)
        taken = plans.filtered(lambda p: p.state not in ("declined", "exempt"))
        youth_plans = taken.filtered(lambda p: p.plan_type == "family_group")
        agreements = plans.agreement_ids.filtered(
            lambda a: a.deadline == self.today and a.state != "cancelled"
        )
        conditions = plans.safety_condition_ids.filtered(
            lambda c: c.state != "withdrawn"
        )
        values = kpi_values(
            {
                "plan_count": len(plans),
                "taken_up_count": len(taken),
                "family_authored_count": len(
                    taken.filtered(lambda p: p.authorship == "family")
                ),
                "youth_plan_count": len(youth_plans),
                "youth_participation_count": len(
                    youth_plans.filtered(
                        lambda p: p.youth_participation in ("consulted", "co_author")
                    )
                ),
                "designated_contact_count": len(taken.filtered("designated_member_id")),
                "agreement_count": len(agreements),
                "agreement_on_time_count": len(
                    agreements.filtered(
                        lambda a: a.state == "done" and a.date_done <= a.deadline
                    )
                ),
                "condition_count": len(conditions),
                "condition_met_count": len(
                    conditions.filtered(lambda c: c.state == "met")
                ),
            }
        )
        Plan = self.env["fgp.organisation.plan"]
        for name in list(values):
            if f"{name}_display" in Plan._fields:
                values[f"{name}_display"] = Plan._format_kpi(values[name])
        self.assertEqual(set(values), set(self.kpi_fields), "every KPI field")
        return values

    def assert_kpis(self, values, user, teams, what):
        expected = self.expected(user, teams)
        for name in self.kpi_fields:
            self.assertEqual(values[name], expected[name], f"{what}: {name}")

    def test_onchange_of_another_team(self):
        """The form of a new plan, for one team at a time and one day: each role
        gets the figures of the plans it may read, nothing of other teams."""
        spec = {name: {} for name in self.kpi_fields}
        spec["team_ids"] = {}
        for user in self.roles:
            self.login(user)
            for team in self.all_teams:
                with self.subTest(user=user.login, team=team.name):
                    values = {
                        "name": "Eén gezin",
                        "partner_id": self.coordinator.id,
                        "team_ids": [[6, False, team.ids]],
                        "date_start": str(self.today),
                        "date_end": str(self.today),
                    }
                    result = self.rpc(
                        "fgp.organisation.plan",
                        "onchange",
                        [],
                        values,
                        ["team_ids", "date_start", "date_end"],
                        spec,
                    )
                    self.assert_kpis(
                        dict(self.empty(), **result["value"]), user, team, "onchange"
                    )
        # The leak this closes: P-B's onchange on team A's day.
        self.login(self.prof_b)
        self.assertEqual(self.expected(self.prof_b, self.team_a)["plan_count"], 0)
        self.assertTrue(self.expected(self.admin, self.team_a)["plan_count"])

    def test_read_and_list(self):
        """web_read and web_search_read of a plan covering every team: the
        reader's figures only."""
        spec = {name: {} for name in self.kpi_fields}
        for user in self.roles:
            with self.subTest(user=user.login):
                self.login(user)
                [values] = self.rpc(
                    "fgp.organisation.plan", "web_read", self.org_plan.ids, spec
                )
                self.assert_kpis(values, user, self.all_teams, "web_read")
                result = self.rpc(
                    "fgp.organisation.plan",
                    "web_search_read",
                    [("id", "=", self.org_plan.id)],
                    spec,
                )
                self.assert_kpis(
                    result["records"][0], user, self.all_teams, "web_search_read"
                )
        self.login(self.crm_user)
        with self.assertRaises(JsonRpcException):
            self.rpc("fgp.organisation.plan", "web_read", self.org_plan.ids, spec)

    def test_save_for_another_team(self):
        """A manager cannot save a plan covering a team they do not manage; the
        functional administrator can, and reads all its figures."""
        spec = {name: {} for name in self.kpi_fields}
        vals = {
            "name": "Organisatieplan team B",
            "partner_id": self.coordinator.id,
            "team_ids": [[6, False, self.team_b.ids]],
            "date_start": str(self.today),
            "date_end": str(self.today),
        }
        self.login(self.manager_a)
        with self.assertRaises(JsonRpcException) as error:
            self.rpc("fgp.organisation.plan", "web_save", [], vals, specification=spec)
        self.assertIn("ValidationError", str(error.exception))
        self.login(self.admin)
        [values] = self.rpc(
            "fgp.organisation.plan", "web_save", [], vals, specification=spec
        )
        self.assert_kpis(values, self.admin, self.team_b, "web_save")
        self.assertEqual(values["plan_count"], 1)

    def test_snapshots_of_teams_one_may_not_read(self):
        """The monthly job counts every plan; its snapshot of a plan covering
        every team is read by the functional administrator only."""
        self.env["fgp.organisation.plan"]._cron_take_snapshots()
        snapshot = self.org_plan.snapshot_ids
        self.assertEqual(snapshot.plan_count, len(self.plans))
        spec = {name: {} for name in self.kpi_fields}
        for user in self.roles:
            with self.subTest(user=user.login):
                self.login(user)
                result = self.rpc(
                    "fgp.organisation.snapshot",
                    "web_search_read",
                    [("id", "=", snapshot.id)],
                    spec,
                )
                if user in (self.admin, self.sysadmin):
                    self.assertEqual(result["records"][0]["plan_count"], 4)
                    continue
                self.assertFalse(result["records"])
                with self.assertRaises(JsonRpcException):
                    self.rpc(
                        "fgp.organisation.snapshot", "web_read", snapshot.ids, spec
                    )
