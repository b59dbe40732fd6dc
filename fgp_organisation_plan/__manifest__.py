# Copyright 2026 Familiegroepsplan contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Familiegroepsplan: organisation plan",
    "summary": "The organisation's own plan to make family plans work: maturity, "
    "actions and KPIs from the family plans",
    "version": "18.0.1.0.0",
    "category": "Services/Familiegroepsplan",
    "website": "https://github.com/familiegroepsplan/fgp-odoo",
    "author": "Familiegroepsplan contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["fgp_odoo_addon"],
    "data": [],
    "installable": True,
}
