"""Databases made before this version: a repeating agreement marked done
counted as done on time whatever its days; now it is done on time only when
none of its days was missed. Its stored flag is computed again."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Agreement = env["fgp.agreement"].with_context(active_test=False)
    agreements = Agreement.search(
        [("recurrence", "!=", "once"), ("state", "=", "done")]
    )
    env.add_to_compute(Agreement._fields["done_on_time"], agreements)
    agreements.flush_recordset(["done_on_time"])
