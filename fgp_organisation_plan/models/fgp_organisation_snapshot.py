from odoo import api, fields, models


class FgpOrganisationSnapshot(models.Model):
    """The KPIs of an organisation plan as they were on a date: the trend stays
    when family plans change later. Written by the monthly job or 'Snapshot now'."""

    _name = "fgp.organisation.snapshot"
    _description = "Organisation plan KPI snapshot"
    _inherit = ["fgp.organisation.kpi.mixin"]
    _order = "organisation_plan_id, date desc, id desc"
    _rec_name = "date"

    organisation_plan_id = fields.Many2one(
        "fgp.organisation.plan",
        string="Organisation plan",
        required=True,
        ondelete="cascade",
        index=True,
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        index=True,
    )
    partner_id = fields.Many2one(
        related="organisation_plan_id.partner_id", string="Organisation"
    )

    _sql_constraints = [
        (
            "plan_date_uniq",
            "unique (organisation_plan_id, date)",
            "An organisation plan has one KPI snapshot per date.",
        ),
    ]

    @api.depends("organisation_plan_id.name", "date")
    def _compute_display_name(self):
        for snapshot in self:
            date = snapshot.date and fields.Date.to_string(snapshot.date) or ""
            snapshot.display_name = " – ".join(
                part for part in (snapshot.organisation_plan_id.name, date) if part
            )
