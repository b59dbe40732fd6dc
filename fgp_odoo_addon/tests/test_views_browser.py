from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .world import lifecycle_plan, lifecycle_team

# Helpers run in the browser: wait for a selector; walk through view types with the
# view switcher; click every notebook tab so each page renders. Any JavaScript error
# fails the test (HttpCase.browser_js).
HELPERS = """
const wait = (selector) => new Promise((resolve, reject) => {
    let tries = 0;
    const timer = setInterval(() => {
        if (document.querySelector(selector)) {
            clearInterval(timer);
            resolve();
        } else if (++tries > 200) {
            clearInterval(timer);
            reject(new Error("Nothing rendered: " + selector));
        }
    }, 100);
});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const RENDERERS = {
    kanban: ".o_kanban_renderer",
    list: ".o_list_renderer",
    calendar: ".o_calendar_renderer",
    pivot: ".o_pivot",
    graph: ".o_graph_renderer",
    activity: ".o_activity_view",
};
const switchViews = async (types) => {
    for (const type of types) {
        await wait(`.o_switch_view.o_${type}`);
        document.querySelector(`.o_switch_view.o_${type}`).click();
        await wait(RENDERERS[type]);
        await pause(300);
    }
};
const clickTabs = async () => {
    await wait(".o_form_view .o_notebook");
    for (const tab of document.querySelectorAll(".o_notebook .nav-link")) {
        tab.click();
        await pause(300);
    }
};
const run = (steps) => steps().then(
    () => console.log("test successful"),
    (error) => console.error(error.message),
);
"""


@tagged("post_install", "-at_install", "fgp_http")
class TestViewsBrowser(HttpCase):
    """The web client renders the views of the addon without a JavaScript error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The functional administrator sees every menu and team; the system
        # administrator (admin) has no family-plan role.
        cls.functional_admin = new_test_user(
            cls.env, login="fgp_browser_admin", groups="fgp_odoo_addon.group_fgp_admin"
        )

    def _run(self, path, steps):
        self.browser_js(
            path,
            HELPERS + f"run(async () => {{ {steps} }});",
            login=self.functional_admin.login,
        )

    def test_plan_views_render(self):
        """Plans: kanban, list, calendar, pivot, graph and activity views."""
        self._run(
            "/odoo/action-fgp_odoo_addon.fgp_plan_action",
            "await wait('.o_kanban_renderer');"
            "await switchViews(['list', 'calendar', 'pivot', 'graph', 'activity',"
            " 'kanban']);",
        )

    def test_plan_form_renders(self):
        """The plan form with each of its pages, for a family's plan and an offer
        the family declined."""
        plans = self.env["fgp.plan"]
        for xml_id in ("plan_bulut_demo", "plan_hoekstra_demo"):
            plans |= self.env.ref(f"fgp_odoo_addon.{xml_id}", False) or plans
        if not plans:
            plans = plans.create({"name": "Plan familie Browser"})
        for plan in plans:
            with self.subTest(plan=plan.name):
                self._run(
                    f"/odoo/action-fgp_odoo_addon.fgp_plan_action/{plan.id}",
                    "await clickTabs();",
                )

    def test_agreement_views_render(self):
        """Agreements: list, calendar, pivot and graph views."""
        self._run(
            "/odoo/action-fgp_odoo_addon.fgp_agreement_action",
            "await wait('.o_list_renderer');"
            "await switchViews(['calendar', 'pivot', 'graph', 'list']);",
        )

    def test_dashboard_list_opens_every_level(self):
        """The dashboard's list, grouped by team and then by case professional,
        shows the agreements at once: the professionals' groups are open too."""
        lifecycle_team(self)
        plan = lifecycle_plan(self, "Plan familie Dashboard")
        self.env["fgp.agreement"].create(
            {
                "plan_id": plan.id,
                "description": "Schuldhulp belt de familie",
                "source": "professional",
                "deadline": fields.Date.context_today(plan),
            }
        )
        self._run(
            "/odoo/action-fgp_odoo_addon.fgp_agreement_action_dashboard",
            "await wait('.o_list_renderer .o_group_header');"
            "await wait('.o_list_renderer .o_data_row');"
            "if (!document.body.textContent.includes('Schuldhulp belt de familie')) {"
            " throw new Error('the agreement is not shown'); }",
        )
