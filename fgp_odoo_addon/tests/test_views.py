from odoo.tests import new_test_user

from .common import FgpCommon


class TestViews(FgpCommon):
    """Every view and window action of the addon loads: a broken view fails CI,
    not a user's screen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.functional_admin = new_test_user(
            cls.env, login="fgp_test_beheerder", groups="fgp_odoo_addon.group_fgp_admin"
        )
        data = cls.env["ir.model.data"].search(
            [("module", "=", "fgp_odoo_addon"), ("model", "=", "ir.ui.view")]
        )
        cls.views = cls.env["ir.ui.view"].browse(data.mapped("res_id"))
        data = cls.env["ir.model.data"].search(
            [("module", "=", "fgp_odoo_addon"), ("model", "=", "ir.actions.act_window")]
        )
        cls.actions = cls.env["ir.actions.act_window"].browse(data.mapped("res_id"))

    def _env_for(self, user, model):
        """The user's env, or the superuser's for models the user may not read at
        all (the access log is for log managers only): every view loads for someone."""
        env = self.env(user=user)
        return env if env[model].has_access("read") else self.env

    def _load_views(self, user):
        for view in self.views.filtered(lambda v: v.type != "qweb"):
            # An extension is checked inside the view it extends.
            root = view
            while root.inherit_id and root.mode == "extension":
                root = root.inherit_id
            with self.subTest(view=view.xml_id, user=user.login):
                result = self._env_for(user, root.model)[root.model].get_views(
                    [(root.id, root.type)], {"toolbar": True}
                )
                self.assertIn(root.type, result["views"])
                self.assertTrue(result["views"][root.type]["arch"])

    def test_every_view_loads_for_admin(self):
        """Each view of the addon loads for the functional administrator."""
        self.assertGreaterEqual(len(self.views), 30)
        self._load_views(self.functional_admin)

    def test_every_view_loads_for_professional(self):
        """Each view loads for a professional, whose groups hide some parts."""
        self._load_views(self.professional)

    def test_every_action_loads(self):
        """Each window action opens all its view types, with its search view."""
        plan_views = set(
            self.env.ref("fgp_odoo_addon.fgp_plan_action").view_mode.split(",")
        )
        self.assertTrue(
            {"kanban", "list", "form", "calendar", "pivot", "graph", "activity"}
            <= plan_views
        )
        for action in self.actions:
            for user in (self.functional_admin, self.safety_user):
                with self.subTest(action=action.xml_id, user=user.login):
                    views = [(False, mode) for mode in action.view_mode.split(",")]
                    views.append((action.search_view_id.id, "search"))
                    env = self._env_for(user, action.res_model)
                    result = env[action.res_model].get_views(
                        views, {"toolbar": True, "load_filters": True}
                    )
                    for _view_id, mode in views:
                        self.assertIn(mode, result["views"])

    def test_plan_form_notebook(self):
        """The plan form holds the pages the family and professional work in."""
        arch = self.env["fgp.plan"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        for page in ("plan", "network", "agreements", "safety", "evaluations"):
            self.assertIn(f'name="{page}"', arch)

    def test_contact_form_has_family_plans_button(self):
        """The contact form shows the 'Family plans' button to professionals."""
        arch = (
            self.env["res.partner"]
            .with_user(self.professional)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("action_view_fgp_plans", arch)

    def test_safety_tab_read_only_for_plain_professional(self):
        """The Safety tab is read-only for a professional who may not set or assess
        conditions, and editable for an authorised professional."""
        arch = self.env["fgp.plan"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('readonly="not user_is_safety"', arch)
        plan = self._new_plan(name="Plan Veiligheidstab")
        self.assertFalse(plan.with_user(self.professional).user_is_safety)
        self.assertTrue(plan.with_user(self.safety_user).user_is_safety)
