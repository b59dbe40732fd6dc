"""Databases made before this version: free sign-up off (see
data/fgp_security_settings_data.xml; auth_signup's default is open sign-up for
anyone), and the plans' access tokens forgotten. A plan no longer issues or
honours a token (models/fgp_plan_portal.py); one handed out before is dropped,
so not even Odoo's /mail/view redirect tells that it was valid."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2b")
    cr.execute("UPDATE fgp_plan SET access_token = NULL WHERE access_token IS NOT NULL")
