from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        """The access log's person has no foreign key for the merge to follow:
        the entries of the merged persons go to the person they became. The
        merge moves plan roles by SQL, behind the ORM's back: whether the
        person is a client (which decides who finds them) is computed again."""
        result = super()._update_foreign_keys(src_partners, dst_partner)
        self.env["fgp.access.log"]._replace_references(src_partners, dst_partner)
        dst_partner.invalidate_recordset(["fgp_member_ids", "fgp_youth_plan_ids"])
        self.env.add_to_compute(dst_partner._fields["fgp_is_client"], dst_partner)
        return result
