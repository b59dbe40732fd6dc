from odoo import _, api, models
from odoo.exceptions import UserError

from ..tools import FLAG, flagged

# Context key with which server code records who did what (set with FLAG, see
# tools.ContextFlag: an RPC call cannot set it).
SYSTEM_CONTEXT_KEY = "fgp_system_values"


class FgpSystemFieldsMixin(models.AbstractModel):
    """Fields that record who did what and when (who set or assessed a safety
    condition, who wrote a note, who decided a request, what a version kept)
    are recorded by the product, never typed in: otherwise an assessment could
    be made to look like a colleague's.

    A model lists them in ``_fgp_system_fields``. ``readonly=True`` only hides
    them in forms (an RPC call ignores it); this mixin refuses them in every
    ``create`` and ``write`` unless server code sets them (sudo, or
    :meth:`_fgp_as_system`), and ignores ``default_<field>`` context keys. What
    the system records with a change (the assessor with a new state) the model
    returns from :meth:`_fgp_system_values`. A test walks the registry: every
    user or moment of authorship on a family-plan model is declared here or
    explicitly allowed."""

    _name = "fgp.system.fields.mixin"
    _description = "Fields set by the system"
    _fgp_system_fields = ()

    def _fgp_as_system(self):
        """These records for server code that records who did what."""
        return self.with_context(**{SYSTEM_CONTEXT_KEY: FLAG})

    def _fgp_system_values(self, vals):
        """What the system records along with ``vals`` (in a create or a
        write): who decided and when. Values server code passes win."""
        return {}

    def _fgp_check_system_fields(self, fnames, operation):
        forged = set(self._fgp_system_fields).intersection(fnames)
        if forged and not (self.env.su or flagged(self.env, SYSTEM_CONTEXT_KEY)):
            # Who may not make or change the record at all hears that first.
            self.check_access(operation)
            raise UserError(
                _(
                    "%(fields)s: the system records this; it cannot be changed "
                    "by hand.",
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env)
                            for name in forged
                        )
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Only the product records who did what: refuse system fields (and
        their context defaults) from a caller, fill in the product's values."""
        for vals in vals_list:
            self._fgp_check_system_fields(vals, "create")
        vals_list = [{**self._fgp_system_values(vals), **vals} for vals in vals_list]
        # A default_<field> key of the call's context would name another author:
        # the context without those keys (removing keys needs the whole dict).
        defaults = {f"default_{name}" for name in self._fgp_system_fields}
        context = {k: v for k, v in self.env.context.items() if k not in defaults}
        records = self.with_context(context)  # pylint: disable=context-overridden
        return super(FgpSystemFieldsMixin, records).create(vals_list)

    def write(self, vals):
        """Refuse a caller's change of a system field; add the product's values."""
        self._fgp_check_system_fields(vals, "write")
        return super().write({**self._fgp_system_values(vals), **vals})
