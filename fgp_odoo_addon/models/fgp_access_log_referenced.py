from odoo import models


class FgpAccessLogReferenced(models.AbstractModel):
    """A record the access log names: a user, a person or a plan.

    The log's references have no foreign keys (see ``fgp_access_log.REFERENCES``);
    deleting such a record clears them here instead."""

    _name = "fgp.access.log.referenced"
    _description = "Record named by the access log"

    def unlink(self):
        """The log keeps its entries when what they name goes (see
        fgp.access.log._replace_references)."""
        records = self.browse(self.ids)
        result = super().unlink()
        self.env["fgp.access.log"]._replace_references(records)
        return result
