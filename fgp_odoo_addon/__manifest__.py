# Copyright 2026 Familiegroepsplan contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Familiegroepsplan",
    "summary": "The family's own plan (Jeugdwet / Wmo) with its network, "
    "safety conditions, agreements and follow-up",
    "version": "18.0.1.0.0",
    "category": "Services/Familiegroepsplan",
    "website": "https://github.com/familiegroepsplan/fgp-odoo",
    "author": "Familiegroepsplan contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": ["contacts", "mail", "portal", "report_xlsx"],
    "data": [
        "security/fgp_security.xml",
        "security/ir.model.access.csv",
        "security/fgp_portal_security.xml",
        "data/fgp_section_template_data.xml",
        "data/fgp_privacy_data.xml",
        "views/fgp_team_views.xml",
        "views/fgp_section_template_views.xml",
        "views/fgp_network_member_views.xml",
        "views/fgp_agreement_views.xml",
        "views/fgp_help_question_views.xml",
        "views/fgp_plan_evaluation_views.xml",
        "views/fgp_safety_condition_views.xml",
        "views/fgp_professional_note_views.xml",
        "views/fgp_plan_views.xml",
        "views/res_partner_views.xml",
        "views/fgp_menus.xml",
        "views/fgp_portal_templates.xml",
        "views/fgp_privacy_views.xml",
        "report/fgp_reports.xml",
        "wizards/fgp_report_wizard_views.xml",
    ],
    "demo": [
        "demo/fgp_demo.xml",
        "demo/fgp_plan_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "fgp_odoo_addon/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
