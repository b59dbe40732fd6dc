from lxml import etree

from odoo import models, tools

from ..tools import flagged


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _compile(self, template):
        """Compile an inline template once when the caller asks for it.

        A mail template's body is QWeb given as an etree, which Odoo compiles
        again for every record it renders (a compiled view is cached, an etree
        is not): for the follow-up job's mails that is most of their cost. With
        ``fgp_reuse_inline_qweb`` set in the context (to ``tools.FLAG``) the
        compiled functions are kept in the registry's template cache, keyed
        like Odoo keys a view's: the template's source and the context keys
        that change compilation (``_get_template_cache_keys``: language,
        restricted rendering, ...).
        Rendering still happens per record, with that record's values."""
        if isinstance(template, etree._Element) and flagged(
            self.env, "fgp_reuse_inline_qweb"
        ):
            return self._fgp_compile_inline(
                etree.tostring(template, encoding="unicode"),
                tuple(
                    self.env.context.get(key) for key in self._get_template_cache_keys()
                ),
                template,
            )
        return super()._compile(template)

    @tools.ormcache("source", "cache_key", cache="templates")
    def _fgp_compile_inline(self, source, cache_key, template):
        return super()._compile(template)
