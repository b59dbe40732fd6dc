from odoo import api, fields, models
from odoo.tools.misc import formatLang

from .percentage import Percentage

# Each KPI: (percentage field, numerator count, denominator count), as readme/USAGE.md
# defines them. The counts are kept next to the percentages so a reader (and a
# snapshot) can always see what a percentage was made of.
KPIS = (
    ("kpi_uptake", "taken_up_count", "plan_count"),
    ("kpi_family_authored", "family_authored_count", "taken_up_count"),
    ("kpi_youth_participation", "youth_participation_count", "youth_plan_count"),
    ("kpi_designated_contact", "designated_contact_count", "taken_up_count"),
    ("kpi_agreements_on_time", "agreement_on_time_count", "agreement_count"),
    ("kpi_safety_met", "condition_met_count", "condition_count"),
)
KPI_FIELDS = tuple(kpi for kpi, _num, _den in KPIS)
COUNT_FIELDS = (
    "plan_count",
    "taken_up_count",
    "family_authored_count",
    "youth_plan_count",
    "youth_participation_count",
    "designated_contact_count",
    "agreement_count",
    "agreement_on_time_count",
    "condition_count",
    "condition_met_count",
)
EMPTY = "—"


def kpi_values(counts):
    """The percentages (0-100, False without a denominator) for a dict of counts."""
    values = {name: counts.get(name, 0) for name in COUNT_FIELDS}
    for kpi, numerator, denominator in KPIS:
        den = values[denominator]
        values[kpi] = 100.0 * values[numerator] / den if den else False
    return values


class FgpOrganisationKpiMixin(models.AbstractModel):
    """The KPIs of an organisation plan: computed live on the plan, stored on its
    snapshots. Only counts, never a family's data."""

    _name = "fgp.organisation.kpi.mixin"
    _description = "Organisation plan KPIs"

    kpi_uptake = Percentage(
        string="Uptake (%)",
        aggregator="avg",
        help="Offers the family took up (not declined, not exempt), as a percentage "
        "of all offers the teams made in the period. A professional plan made "
        "after a declined offer belongs to that offer: one family, one offer.",
    )
    kpi_family_authored = Percentage(
        string="Family's own plan (%)",
        aggregator="avg",
        help="Plans written by the family itself, as a percentage of the plans "
        "taken up. The rest are professional plans made in consultation.",
    )
    kpi_youth_participation = Percentage(
        string="Youth participation (%)",
        aggregator="avg",
        help="Plans in which the young person was consulted or co-authored the "
        "plan, as a percentage of the plans taken up that are about a young "
        "person (family group plans; a personal plan is about an adult).",
    )
    kpi_designated_contact = Percentage(
        string="Designated contact (%)",
        aggregator="avg",
        help="Plans in which the network designated a contact person (the one the "
        "professional calls when agreements are not kept), as a percentage of the "
        "plans taken up.",
    )
    kpi_agreements_on_time = Percentage(
        string="Agreements on time (%)",
        aggregator="avg",
        help="Agreements of these plans with a deadline in the period that were "
        "done on or before their deadline, as a percentage of those agreements "
        "that were not cancelled.",
    )
    kpi_safety_met = Percentage(
        string="Safety conditions met (%)",
        aggregator="avg",
        help="Safety conditions of these plans that are met, as a percentage of "
        "those conditions that were not withdrawn.",
    )

    plan_count = fields.Integer(
        string="Plans offered",
        help="Offers of the teams in the period; a professional plan made after a "
        "declined offer is not a second offer.",
    )
    taken_up_count = fields.Integer(
        string="Plans taken up",
        help="Offered plans the family did not decline and that were not exempt.",
    )
    family_authored_count = fields.Integer(
        string="Family's own plans",
        help="Plans taken up that the family wrote itself.",
    )
    youth_plan_count = fields.Integer(
        string="Plans about a young person",
        help="Plans taken up that are family group plans (about a young person).",
    )
    youth_participation_count = fields.Integer(
        string="Plans with youth participation",
        help="Plans taken up in which the young person was consulted or co-author.",
    )
    designated_contact_count = fields.Integer(
        string="Plans with designated contact",
        help="Plans taken up in which the network designated a contact person.",
    )
    agreement_count = fields.Integer(
        string="Agreements due",
        help="Agreements of these plans with a deadline in the period, not cancelled.",
    )
    agreement_on_time_count = fields.Integer(
        string="Agreements done on time",
        help="Of those, done on or before the deadline.",
    )
    condition_count = fields.Integer(
        string="Conditions set",
        help="Safety conditions of these plans, not withdrawn.",
    )
    condition_met_count = fields.Integer(
        string="Conditions met",
        help="Of those, met.",
    )

    kpi_uptake_display = fields.Char(
        string="Uptake",
        compute="_compute_kpi_display",
        help="Plans the family took up (not declined, not exempt), of all plans "
        "offered. '—': no plans offered.",
    )
    kpi_family_authored_display = fields.Char(
        string="Family's own plan",
        compute="_compute_kpi_display",
        help="Plans written by the family itself, of the plans taken up.",
    )
    kpi_youth_participation_display = fields.Char(
        string="Youth participation",
        compute="_compute_kpi_display",
        help="Plans in which the young person was consulted or co-author, of the "
        "plans taken up that are about a young person.",
    )
    kpi_designated_contact_display = fields.Char(
        string="Designated contact",
        compute="_compute_kpi_display",
        help="Plans in which the network designated a contact person, of the plans "
        "taken up.",
    )
    kpi_agreements_on_time_display = fields.Char(
        string="Agreements on time",
        compute="_compute_kpi_display",
        help="Agreements with a deadline in the period done on or before the "
        "deadline, of those not cancelled.",
    )
    kpi_safety_met_display = fields.Char(
        string="Safety conditions met",
        compute="_compute_kpi_display",
        help="Safety conditions met, of those not withdrawn.",
    )

    @api.depends(*KPI_FIELDS)
    @api.depends_context("lang")
    def _compute_kpi_display(self):
        for record in self:
            for kpi in KPI_FIELDS:
                record[f"{kpi}_display"] = record._format_kpi(record[kpi])

    def _format_kpi(self, value):
        """'62,5 %' in the user's language, or '—' when there was nothing to count."""
        if value is False:
            return EMPTY
        return f"{formatLang(self.env, value, digits=1)} %"
