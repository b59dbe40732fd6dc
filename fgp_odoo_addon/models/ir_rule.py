import logging

from odoo import _, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """Odoo names the refused records (title, with the family's or youth's
        name) in debug mode: for family plan data the refusal must not tell
        what the user was refused."""
        if not records._name.startswith("fgp."):
            return super()._make_access_error(operation, records)
        _logger.info(
            "Access denied by record rules for operation %s on %s ids %r, uid %s",
            operation,
            records._name,
            records.ids[:6],
            self.env.uid,
        )
        description = self.env["ir.model"]._get(records._name).name or records._name
        return AccessError(
            _(
                "You have no access to this %(document)s (%(model)s, operation: "
                "%(operation)s). It belongs to a family plan of another team or "
                "case. Ask your team manager if you need access.",
                document=description,
                model=records._name,
                operation=operation,
            )
        )
