from odoo import fields, models


class MailActivity(models.Model):
    _name = "mail.activity"
    _inherit = ["mail.activity", "fgp.system.fields.mixin"]
    # Only the follow-up job links a call to the agreement that was missed.
    _fgp_system_fields = ("fgp_agreement_id",)

    fgp_agreement_id = fields.Many2one(
        "fgp.agreement",
        string="Missed agreement",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        copy=False,
        help="The agreement that was not kept and made this call necessary.",
    )
