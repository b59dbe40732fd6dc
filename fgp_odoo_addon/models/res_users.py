from odoo import fields, models


class ResUsers(models.Model):
    _name = "res.users"
    _inherit = ["res.users", "fgp.access.log.referenced"]

    fgp_team_ids = fields.Many2many(
        "fgp.team",
        "fgp_team_res_users_rel",
        "user_id",
        "team_id",
        string="Family plan teams",
    )
    fgp_managed_team_ids = fields.One2many(
        "fgp.team",
        "manager_id",
        string="Managed family plan teams",
    )
