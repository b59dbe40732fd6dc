from odoo import fields, models


class FgpFamilyDraftMixin(models.AbstractModel):
    """Content the family writes in the portal: while the plan is being prepared it
    is the family's draft (private family time) until the family shares it. The
    record rules of the internal groups hide drafts."""

    _name = "fgp.family.draft.mixin"
    _description = "Family draft"

    is_family_draft = fields.Boolean(
        string="Family draft",
        index=True,
        copy=False,
        help="Written by the family in the portal while the plan is being prepared "
        "and not shared yet: professionals do not see it until the family shares it.",
    )
