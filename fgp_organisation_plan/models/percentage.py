from odoo import fields


class Percentage(fields.Float):
    """A percentage 0-100 that stays False (NULL in the database) when there is
    nothing to divide by.

    A plain Float turns False into 0.0, and 0 % is a result ("nobody") where
    "—" means "no plans yet": reports and trends must tell the two apart. Same
    column type and web widget as Float; only the empty value survives.
    """

    def convert_to_column(self, value, record, values=None, validate=True):
        """An empty percentage is stored as NULL, not as 0."""
        if value is None or value is False:
            return None
        return super().convert_to_column(value, record, values, validate)

    def convert_to_cache(self, value, record, validate=True):
        """An empty percentage stays empty in the cache, not 0."""
        if value is None or value is False:
            return None
        return super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_export(self, value, record):
        return "" if value is False or value is None else value
