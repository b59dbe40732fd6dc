from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        """The access log's person has no foreign key for the merge to follow:
        the entries of the merged persons go to the person they became."""
        result = super()._update_foreign_keys(src_partners, dst_partner)
        self.env["fgp.access.log"]._replace_references(src_partners, dst_partner)
        return result
