from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    fgp_agreement_id = fields.Many2one(
        "fgp.agreement",
        string="Missed agreement",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="The agreement that was not kept and made this call necessary.",
    )
