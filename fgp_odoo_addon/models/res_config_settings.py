from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .fgp_plan_privacy import (
    DEFAULT_RETENTION_YEARS,
    LOG_RETENTION_PARAM,
    MIN_LOG_RETENTION_YEARS,
    RETENTION_PARAM,
)

# The portal's help page: texts the organisation may write itself. Empty means
# the product's own text (translated), shown by the page.
HELP_TEXT_PARAMS = {
    "right": "fgp_odoo_addon.help_text_right",
    "content": "fgp_odoo_addon.help_text_content",
    "support": "fgp_odoo_addon.help_text_support",
}


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

    fgp_help_text_right = fields.Char(
        string="Help page: your right",
        config_parameter=HELP_TEXT_PARAMS["right"],
        help="Your own text for families on the plan being a right, not a duty. "
        "Empty: the product's text.",
    )
    fgp_help_text_content = fields.Char(
        string="Help page: what goes in the plan",
        config_parameter=HELP_TEXT_PARAMS["content"],
        help="Your own text for families on what may go in the plan. Empty: the "
        "product's text.",
    )
    fgp_help_text_support = fields.Char(
        string="Help page: independent support",
        config_parameter=HELP_TEXT_PARAMS["support"],
        help="Your own text for families above the list of independent support. "
        "Empty: the product's text.",
    )

    @api.model
    def _fgp_help_texts(self):
        """The organisation's own texts for the portal's help page, by part."""
        # sudo: reads the help page's texts, public settings of the organisation
        params = self.env["ir.config_parameter"].sudo()
        return {key: params.get_param(name) for key, name in HELP_TEXT_PARAMS.items()}

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
