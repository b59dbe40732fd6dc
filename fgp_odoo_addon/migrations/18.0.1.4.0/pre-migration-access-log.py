"""The access log becomes one row per event in a table partitioned by month,
read through a view of the old name (see models/fgp_access_log_schema.py).

Before the module loads (and logs what its update changes), the old table
(one row per record) steps aside, the new one is made and every old entry is
copied over as an event about one record, keeping its id; then the old table
goes, with what Odoo knew of its foreign keys."""

from odoo.tools import SQL

from odoo.addons.fgp_odoo_addon.models import fgp_access_log_schema as schema

LEGACY = "fgp_access_log_legacy"


def migrate(cr, version):
    if schema.relation_kind(cr, "fgp_access_log") != "r":
        return
    cr.execute(SQL("ALTER TABLE fgp_access_log RENAME TO %s", SQL.identifier(LEGACY)))
    cr.execute(
        SQL(
            "ALTER SEQUENCE IF EXISTS fgp_access_log_id_seq RENAME TO %s",
            SQL.identifier(f"{LEGACY}_id_seq"),
        )
    )
    schema.create_schema(cr)
    cr.execute(
        SQL("SELECT min(timestamp), max(timestamp) FROM %s", SQL.identifier(LEGACY))
    )
    first, last = cr.fetchone()
    if first:
        schema.ensure_partitions(cr, first, last)
    cr.execute(
        SQL(
            """
            INSERT INTO %(data)s
                (id, timestamp, user_id, operation, ip_address, res_model,
                 res_id, plan_id, partner_id, res_ids, plan_ids, partner_ids)
            SELECT id, timestamp, user_id, operation, ip_address, res_model,
                   NULLIF(res_id, 0), plan_id, partner_id,
                   CASE WHEN COALESCE(res_id, 0) = 0 THEN '{}'
                        ELSE ARRAY[res_id] END,
                   CASE WHEN plan_id IS NULL THEN '{}' ELSE ARRAY[plan_id] END,
                   CASE WHEN partner_id IS NULL THEN '{}' ELSE ARRAY[partner_id] END
              FROM %(legacy)s
            """,
            data=SQL.identifier(schema.DATA_TABLE),
            legacy=SQL.identifier(LEGACY),
        )
    )
    cr.execute(
        SQL(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "GREATEST((SELECT max(id) FROM %s), 1))",
            schema.DATA_TABLE,
            SQL.identifier(schema.DATA_TABLE),
        )
    )
    cr.execute(SQL("DROP TABLE %s", SQL.identifier(LEGACY)))
    cr.execute(
        """
        DELETE FROM ir_model_constraint
         WHERE type = 'f'
           AND model = (SELECT id FROM ir_model WHERE model = 'fgp.access.log')
        """
    )
