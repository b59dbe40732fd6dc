from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .fgp_plan_privacy import (
    DEFAULT_RETENTION_YEARS,
    LOG_RETENTION_PARAM,
    MIN_LOG_RETENTION_YEARS,
    RETENTION_PARAM,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fgp_retention_years = fields.Integer(
        string="Keep plan files (years)",
        config_parameter=RETENTION_PARAM,
        default=DEFAULT_RETENTION_YEARS,
        help="Years a plan's file is kept after the plan was closed (Jeugdwet: "
        "20 years unless a longer term is needed).",
    )
    fgp_access_log_retention_years = fields.Integer(
        string="Keep the access log (years)",
        config_parameter=LOG_RETENTION_PARAM,
        default=MIN_LOG_RETENTION_YEARS,
        help="Years an access log entry is kept: at least 5, at most as long as "
        "the file itself.",
    )

    @api.constrains("fgp_retention_years", "fgp_access_log_retention_years")
    def _check_fgp_retention(self):
        for settings in self:
            if settings.fgp_access_log_retention_years < MIN_LOG_RETENTION_YEARS:
                raise ValidationError(
                    _(
                        "Keep the access log at least %(years)s years.",
                        years=MIN_LOG_RETENTION_YEARS,
                    )
                )
            if settings.fgp_access_log_retention_years > settings.fgp_retention_years:
                raise ValidationError(
                    _("The access log cannot be kept longer than the file itself.")
                )
