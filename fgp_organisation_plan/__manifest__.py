# Copyright 2026 Familiegroepsplan contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Familiegroepsplan: organisation plan",
    "summary": "The organisation's own plan to make family plans work: maturity, "
    "actions and KPIs from the family plans",
    "version": "18.0.1.1.0",
    "category": "Services/Familiegroepsplan",
    "website": "https://github.com/familiegroepsplan/fgp-odoo",
    "author": "Familiegroepsplan contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["fgp_odoo_addon", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/fgp_organisation_plan_security.xml",
        "data/ir_cron_data.xml",
        "report/organisation_plan_xlsx.xml",
        "views/fgp_organisation_action_views.xml",
        "views/fgp_organisation_snapshot_views.xml",
        "views/fgp_organisation_plan_views.xml",
        "views/fgp_organisation_plan_menus.xml",
    ],
    "demo": [
        "demo/fgp_organisation_plan_demo.xml",
    ],
    "installable": True,
}
