from odoo import api, fields, models
from odoo.tools import format_date


class FgpPlanEndorsement(models.Model):
    """A network member says "ik sta achter dit plan" for one version of the
    plan: the seeds' "everyone satisfied with the plan", made visible to the
    professional and in the version history.

    Only the portal's own code makes one (fgp_plan_network.py portal_endorse,
    with sudo, for the logged-in member): professionals only read them, and
    who, which version and when are system fields, so no one stands behind a
    plan in another's name."""

    _name = "fgp.plan.endorsement"
    _description = "Stands behind the plan"
    _inherit = [
        "fgp.access.log.mixin",
        "fgp.plan.part.mixin",
        "fgp.system.fields.mixin",
    ]
    _order = "version_id desc, date, id"
    # Who stood behind which version, and when: only the portal's own code.
    _fgp_system_fields = ("version_id", "member_id", "date")

    plan_id = fields.Many2one(
        "fgp.plan", required=True, ondelete="cascade", index=True, readonly=True
    )
    version_id = fields.Many2one(
        "fgp.plan.version",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
        copy=False,
    )
    member_id = fields.Many2one(
        "fgp.network.member",
        string="Network member",
        required=True,
        ondelete="cascade",
        readonly=True,
        copy=False,
    )
    date = fields.Date(required=True, readonly=True, copy=False)

    _sql_constraints = [
        (
            "version_member_uniq",
            "unique (version_id, member_id)",
            "A network member stands behind a version once.",
        ),
    ]

    @api.depends("member_id", "date")
    def _compute_display_name(self):
        for endorsement in self:
            endorsement.display_name = (
                f"{endorsement.member_id.partner_id.name or ''} "
                f"({format_date(self.env, endorsement.date)})"
            )
