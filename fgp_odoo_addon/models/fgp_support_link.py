from odoo import fields, models


class FgpSupportLink(models.Model):
    """Where a family finds independent support in making its plan (Eigen Kracht
    Centrale, Eigen Plan, Familiegroepsplan.nl...): the organisation keeps this
    list, the portal's help page shows it."""

    _name = "fgp.support.link"
    _description = "Independent support for families"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    url = fields.Char(string="Website")
    description = fields.Text(
        translate=True, help="What this organisation does for a family, in plain words."
    )
