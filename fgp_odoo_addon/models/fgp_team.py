from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class FgpTeam(models.Model):
    _name = "fgp.team"
    _description = "Team"
    _inherit = ["fgp.internal.thread.mixin", "mail.thread"]
    _order = "name"

    name = fields.Char(required=True, translate=False, tracking=True)
    active = fields.Boolean(default=True)
    description = fields.Text()
    # The family reads them on its plan page, through the portal's controller.
    phone = fields.Char(
        string="Work phone",
        groups="base.group_user",
        help="How families reach the team: shown on their plan page in the portal.",
    )
    email = fields.Char(
        groups="base.group_user",
        help="How families reach the team: shown on their plan page in the portal.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Team manager",
        index=True,
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("fgp_odoo_addon.group_fgp_manager").id)
        ],
    )
    member_ids = fields.Many2many(
        "res.users",
        "fgp_team_res_users_rel",
        "team_id",
        "user_id",
        string="Professionals",
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref("fgp_odoo_addon.group_fgp_professional").id,
            )
        ],
    )
    plan_ids = fields.One2many("fgp.plan", "team_id", string="Plans")
    plan_count = fields.Integer(compute="_compute_plan_count")

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A team with this name already exists."),
    ]

    def _compute_plan_count(self):
        counts = dict(
            self.env["fgp.plan"]._read_group(
                [("team_id", "in", self.ids)], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.plan_count = counts.get(team, 0)

    @api.constrains("name")
    def _check_name(self):
        for team in self:
            if not (team.name or "").strip():
                raise ValidationError(
                    _("Give the team a name, for example 'Wijkteam Noord'.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        """Record rules read the user's teams: a new team must reach them."""
        teams = super().create(vals_list)
        self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        """Record rules read the user's teams: membership changes must reach them."""
        res = super().write(vals)
        if {"member_ids", "manager_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        """Record rules read the user's teams: a removed team must leave them."""
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def action_view_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fgp_odoo_addon.fgp_plan_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id}
        return action
