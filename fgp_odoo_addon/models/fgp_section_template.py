from odoo import fields, models


class FgpSectionTemplate(models.Model):
    """A chapter the basic variant proposes; the family is free to drop or rename it."""

    _name = "fgp.section.template"
    _description = "Basic variant chapter"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    hint = fields.Html(
        translate=True,
        help="Questions that help the family write this chapter; shown beside the "
        "chapter as help, never as its text.",
    )
