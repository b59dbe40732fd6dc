"""The access log's references lost their foreign keys (see
``models/fgp_access_log.py``, REFERENCES): drop the ones older versions made."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        """
        SELECT conname FROM pg_constraint
         WHERE conrelid = 'fgp_access_log'::regclass AND contype = 'f'
        """
    )
    names = [name for (name,) in cr.fetchall()]
    for name in names:
        cr.execute(
            SQL("ALTER TABLE fgp_access_log DROP CONSTRAINT %s", SQL.identifier(name))
        )
    if names:
        cr.execute(
            "DELETE FROM ir_model_constraint WHERE type = 'f' AND name = ANY(%s)",
            [names],
        )
