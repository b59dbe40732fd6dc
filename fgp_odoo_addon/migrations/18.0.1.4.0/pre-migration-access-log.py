"""The access log becomes one row per event in a table partitioned by month,
read through a view of the old name (see models/fgp_access_log_schema.py).
Before the module loads, the old table steps aside: the post-migration copies
its entries over and drops it."""

from odoo.tools import SQL

LEGACY = "fgp_access_log_legacy"


def migrate(cr, version):
    cr.execute(
        "SELECT relkind FROM pg_class WHERE relname = 'fgp_access_log' "
        "AND relnamespace = current_schema::regnamespace"
    )
    row = cr.fetchone()
    if not row or row[0] != "r":
        return
    cr.execute(SQL("ALTER TABLE fgp_access_log RENAME TO %s", SQL.identifier(LEGACY)))
    cr.execute(
        SQL(
            "ALTER SEQUENCE IF EXISTS fgp_access_log_id_seq RENAME TO %s",
            SQL.identifier(f"{LEGACY}_id_seq"),
        )
    )
