import functools

from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression


class MailFollowers(models.Model):
    """Odoo lets every internal user read every follower of every record: for a
    family plan that tells who is in the family's network. Followers of family
    plan records are readable only by who may read the record they follow."""

    _inherit = "mail.followers"

    @api.model
    def _fgp_thread_models(self):
        return [
            name
            for name, model in self.env.registry.items()
            if name.startswith("fgp.")
            and not model._abstract
            and "message_follower_ids" in model._fields
        ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Leave out followers of family plan records the user may not read."""
        if not self.env.su:
            for model_name in self._fgp_thread_models():
                Model = self.env[model_name].with_context(active_test=False)
                visible = [("res_model", "!=", model_name)]
                if Model.has_access("read"):
                    visible = expression.OR(
                        [visible, [("res_id", "in", Model._search([]))]]
                    )
                domain = expression.AND([domain, visible])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        """Reading a follower by id needs read access to the record it follows."""
        result = super()._check_access(operation)
        if result or self.env.su or not self:
            return result
        forbidden = self.browse()
        # sudo: only to learn which record each follower follows; the access
        # decision below is taken as the user.
        followers = self.sudo()
        for model_name in self._fgp_thread_models():
            on_model = followers.filtered(lambda f, m=model_name: f.res_model == m)
            if not on_model:
                continue
            Model = self.env[model_name].with_context(active_test=False)
            readable = (
                Model.browse(list(set(on_model.mapped("res_id"))))
                .exists()
                ._filtered_access("read")
                if Model.has_access("read")
                else Model
            )
            forbidden |= on_model.filtered(lambda f, r=readable: f.res_id not in r.ids)
        if not forbidden:
            return None
        return self.browse(forbidden.ids), functools.partial(
            AccessError,
            _("You have no access to the followers of this family plan record."),
        )
