"""Refuse domains on fields the user may not read.

Odoo 18 checks a field's ``groups`` when it turns a stored field into SQL, but a
condition on a one2many or many2many (``('note_ids', '!=', False)``,
``('note_ids', 'in', ids)``) is turned into a sub-query without that check: a
user who may not read the field can still learn, record by record, whether it
is set (bisection). Models with such restricted relational fields call
:func:`check_domain_field_access` from ``_search``.
"""

from odoo.osv import expression


def check_domain_field_access(model, domain):
    """Raise AccessError when ``domain`` names a field of ``model`` (or a field
    reached through its path) that the current user may not read."""
    if model.env.su or not domain:
        return
    for leaf in domain:
        if not expression.is_leaf(leaf) or not isinstance(leaf[0], str):
            continue
        current = model
        for fname in leaf[0].split("."):
            field = current._fields.get(fname)
            if field is None:
                break
            if field.groups:
                current.check_field_access_rights("read", [fname])
            if not field.relational:
                break
            current = current.env[field.comodel_name]
        if leaf[1] in ("any", "not any") and isinstance(leaf[2], list | tuple):
            check_domain_field_access(current, leaf[2])


def check_read_group_field_access(model, groupby, aggregates):
    """Raise AccessError when a grouped read groups or aggregates by a field of
    ``model`` the current user may not read.

    Odoo 18 turns a related field that is not stored into the field it points
    to before it checks the groups, so the related field's own ``groups`` (a
    network member's phone number, on the person's phone) are not checked when
    a read group groups by it. Models with such fields call this from
    ``_read_group``."""
    if model.env.su:
        return
    names = {
        spec.split(":")[0].split(".")[0]
        for spec in (*groupby, *aggregates)
        if spec != "__count"
    }
    restricted = [
        name for name in names if name in model._fields and model._fields[name].groups
    ]
    if restricted:
        model.check_field_access_rights("read", restricted)
