from odoo import _, api, models
from odoo.exceptions import ValidationError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.constrains("public", "res_model")
    def _check_fgp_not_public(self):
        """A public file is served to anyone by its (guessable) id: files of
        family plans, their notes and conditions never are."""
        for attachment in self:
            if attachment.public and (attachment.res_model or "").startswith("fgp."):
                raise ValidationError(
                    _(
                        "Files of a family plan cannot be made public: they follow "
                        "the plan's access."
                    )
                )
