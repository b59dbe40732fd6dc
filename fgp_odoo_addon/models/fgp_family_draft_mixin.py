from odoo import api, fields, models
from odoo.osv import expression

from ..tools import FLAG, flagged

# Context key, set with tools.FLAG, of server code that acts for the family (the
# portal methods, the family's own download, the plan's "has a draft" flag, the
# destruction of a file): only there does sudo() see the family's drafts.
FAMILY_CONTEXT_KEY = "fgp_for_family"
# The cache of a one2many or many2many is shared by every environment unless
# the field depends on the context. A field whose lines may be drafts keeps one
# value per user, superuser mode and family flag (``depends_context=...``), so a
# list read for the family never serves a sudo() read for the professionals.
FAMILY_DEPENDS_CONTEXT = ("uid", FAMILY_CONTEXT_KEY)


def for_family(records):
    """``records`` as the family's own server code sees them: sudo(), with the
    family's drafts (see FgpFamilyDraftMixin._search). Only for code that acts
    for the family after its own check (a consented network member of the
    plan, or the destruction of the file); never for what professionals see."""
    # sudo: the callers act for the family, after their own check; the flag
    # is what lets sudo() see the family's drafts
    return records.sudo().with_context(**{FAMILY_CONTEXT_KEY: FLAG})


class FgpFamilyDraftMixin(models.AbstractModel):
    """Content the family writes in the portal: while the plan is being prepared it
    is the family's draft (private family time) until the family shares it.

    The record rules of the internal groups hide drafts. Server code reads with
    sudo(), which skips record rules: ``_search`` hides drafts from sudo() too,
    so snapshots, reports, the follow-up job, mails and exports leave them out
    without each of them having to think of it. Every read goes through
    ``_search``: a search, a one2many (the chapters of a plan), a read
    group, and also a record read by id (``fetch``), which then raises an
    access error instead of returning the draft. Only code that acts for the
    family sees drafts: :meth:`_fgp_for_family`."""

    _name = "fgp.family.draft.mixin"
    _description = "Family draft"

    is_family_draft = fields.Boolean(
        string="Family draft",
        index=True,
        copy=False,
        help="Written by the family in the portal while the plan is being prepared "
        "and not shared yet: professionals do not see it until the family shares it.",
    )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """sudo() does not see drafts, unless it acts for the family."""
        if self.env.su and not flagged(self.env, FAMILY_CONTEXT_KEY):
            domain = expression.AND([domain or [], [("is_family_draft", "=", False)]])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _fgp_for_family(self):
        """These records as the family's own server code sees them (see
        for_family)."""
        return for_family(self)

    def _fgp_invalidate_lists(self):
        """Forget the cached lines of the one2many fields these records are on:
        their cache is kept per environment (FAMILY_DEPENDS_CONTEXT), and a new
        or shared line must show in every environment's list, not only in the
        one of the writer."""
        spec = [
            (inverse, None)
            for field in self._fields.values()
            if field.type == "many2one"
            for inverse in self.pool.field_inverses[field]
        ]
        self.env.cache.invalidate(spec)

    @api.model_create_multi
    def create(self, vals_list):
        """A new record (a draft or not) changes the lists cached per family."""
        records = super().create(vals_list)
        records._fgp_invalidate_lists()
        return records

    def write(self, vals):
        """A draft the family shares gets the stored values it missed: while it
        was a draft, no sudo() recomputation (a plan's team, say) could see it."""
        result = super().write(vals)
        if "is_family_draft" in vals or any(
            self._fields[name].type == "many2one" for name in vals
        ):
            self._fgp_invalidate_lists()
        if "is_family_draft" in vals and not vals["is_family_draft"]:
            for field in self._fields.values():
                if field.store and field.compute:
                    self.env.add_to_compute(field, self)
        return result
