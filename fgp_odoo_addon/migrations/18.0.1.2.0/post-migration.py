"""Free sign-up off (see data/fgp_security_settings_data.xml): a database made
before this version still has auth_signup's default, open sign-up for anyone."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2b")
