"""The privacy world (world.py: privacy_team) as a TransactionCase, with the access
log to look at."""

from odoo.tests import TransactionCase

from .world import privacy_team


class PrivacyCommon(TransactionCase):
    """A team with a professional, a manager, an administrator, a log manager
    and a plan of the team with a young person, a parent, a note and a
    safety condition."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        privacy_team(cls)

    def _entries(self, operation=None, records=None):
        domain = []
        if operation:
            domain.append(("operation", "=", operation))
        if records is not None:
            domain += [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        return self.env["fgp.access.log"].sudo().search(domain)
