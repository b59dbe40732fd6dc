"""Generic guards: they fail CI when a future model or method forgets access."""

import re
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_access import FgpAccessCase

# Configuration: readable by every professional on purpose, no family data.
CONFIGURATION_MODELS = {"fgp.section.template", "fgp.support.link", "fgp.team"}
# Groups that may see everything by design.
UNRESTRICTED_GROUPS = {"fgp_odoo_addon.group_fgp_admin", "base.group_system"}
ADDONS_ROOT = Path(__file__).resolve().parents[2]


def fgp_models(env):
    return [
        name
        for name, model in env.registry.items()
        if name.startswith("fgp.") and not model._abstract and not model._transient
    ]


@tagged("post_install", "-at_install", "fgp_access")
class TestAccessGeneric(FgpAccessCase):
    """Every family-plan model has access rights and record rules."""

    def test_every_model_has_access_rights(self):
        """Every fgp model has ir.model.access entries (else only the superuser)."""
        Access = self.env["ir.model.access"]
        for name in fgp_models(self.env):
            with self.subTest(model=name):
                self.assertTrue(Access.search([("model_id.model", "=", name)]))

    def test_every_model_has_rules(self):
        """Every group that may read a family-plan model is bound by a record rule
        (its own, one of a group it implies, or a global one), and professionals
        always are when they may read it: a new model without rules fails here."""
        Access = self.env["ir.model.access"]
        Rule = self.env["ir.rule"]
        professional = self.env.ref("fgp_odoo_addon.group_fgp_professional")
        unrestricted = {self.env.ref(x) for x in UNRESTRICTED_GROUPS}
        for name in fgp_models(self.env):
            if name in CONFIGURATION_MODELS:
                continue
            rules = Rule.search(
                [("model_id.model", "=", name), ("perm_read", "=", True)]
            )
            global_rule = rules.filtered("global")
            groups = Access.search(
                [("model_id.model", "=", name), ("perm_read", "=", True)]
            ).group_id
            self.assertTrue(groups, f"{name} is readable by every user")
            if groups & (professional | professional.trans_implied_ids):
                # Professionals read it (directly or through an implied group).
                groups |= professional
            for group in groups:
                if group in unrestricted:
                    continue
                with self.subTest(model=name, group=group.full_name):
                    applies = group | group.trans_implied_ids
                    self.assertTrue(
                        global_rule
                        or rules.filtered(lambda r, a=applies: r.groups & a),
                        f"{name}: no record rule binds {group.full_name}",
                    )

    def test_portal_rights(self):
        """Portal users never reach notes, never set or assess safety conditions,
        never create or delete plans by ORM (portal pages act on their behalf)."""
        portal = self.env.ref("base.group_portal")
        Access = self.env["ir.model.access"]

        def lines(model):
            return Access.search(
                [("model_id.model", "=", model), ("group_id", "=", portal.id)]
            )

        self.assertFalse(lines("fgp.professional.note"))
        for line in lines("fgp.safety.condition"):
            self.assertFalse(line.perm_write or line.perm_create or line.perm_unlink)
        for line in lines("fgp.plan"):
            self.assertFalse(line.perm_create or line.perm_unlink)
        for user in self.portal_users:
            with self.subTest(user=user.login):
                Note = self.env["fgp.professional.note"].with_user(user)
                self.assertFalse(Note.has_access("read"))

    def test_every_sudo_is_explained(self):
        """Each sudo() in the addons' code has a comment saying why it is safe."""
        missing = []
        for path in sorted(ADDONS_ROOT.glob("fgp_*/**/*.py")):
            if "tests" in path.parts:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines):
                for _match in re.finditer(r"\.sudo\((?!False)", line):
                    context = lines[max(0, number - 6) : number + 1]
                    if "#" in line or any(
                        "sudo" in c and c.strip().startswith("#") for c in context
                    ):
                        continue
                    missing.append(f"{path.relative_to(ADDONS_ROOT)}:{number + 1}")
        self.assertFalse(missing, f"sudo() without a comment why: {missing}")

    def test_sudo_methods_refuse_first(self):
        """Methods that read with sudo refuse users without write access before
        revealing anything (state checks, conditions, the legal ground)."""
        self.plan_a.write({"state": "preparing"})
        self.plan_a.write({"state": "submitted"})
        for user in self.portal_member | self.prof_b | self.manager_b:
            for action in ("action_activate", "action_back_to_preparing"):
                with self.subTest(user=user.login, action=action):
                    with self.assertRaises(AccessError) as error:
                        getattr(self.plan_a.with_user(user), action)()
                    self.assertNotIn("Geen alcohol", str(error.exception))
        plan = self.env["fgp.plan"].create(
            {
                "name": "Plan familie Eerst",
                "exemption_reason": "harms_youth",
                "network_member_ids": [
                    Command.create(
                        {
                            "partner_id": self.portal_member.partner_id.id,
                            "consent_date": "2026-01-05",
                        }
                    )
                ],
            }
        )
        plan.with_user(self.portal_member).check_access("read")
        with self.assertRaises(AccessError):
            plan.with_user(self.portal_member).action_exempt()
        with self.assertUserError():
            plan.with_user(self.admin).action_exempt()
