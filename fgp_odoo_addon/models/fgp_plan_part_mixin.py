from odoo import _, api, models
from odoo.exceptions import UserError, ValidationError

from ..tools import check_storable_text


class FgpPlanPartMixin(models.AbstractModel):
    """A record that hangs under one plan: a network member, a chapter, an
    agreement, a note, a version...

    Odoo checks record rules on a record as it is *before* a write: a part
    written onto another plan would only pass the rules of the plan it leaves,
    and whoever reads the new plan would then read it. So a part stays with
    the plan it was created in, and every part of a plan it refers to (an
    agreement's responsible member or help question) belongs to that same plan.
    A model with a many2one to ``fgp.plan`` inherits this mixin (a test walks
    the registry)."""

    _name = "fgp.plan.part.mixin"
    _description = "Part of a plan"
    # The many2one to fgp.plan; its presence marks a model as a part of a plan.
    _fgp_plan_field = "plan_id"

    @api.model
    def _fgp_part_references(self):
        """The stored many2one fields (not computed) to parts of a plan."""
        return [
            name
            for name, field in self._fields.items()
            if field.type == "many2one"
            and field.store
            and not field.compute
            and getattr(self.env[field.comodel_name], "_fgp_plan_field", None)
        ]

    @api.model_create_multi
    def create(self, vals_list):
        """A part refers only to parts of its own plan."""
        for vals in vals_list:
            check_storable_text(self.env, vals.values())
        records = super().create(vals_list)
        records._fgp_check_same_plan(self._fgp_part_references())
        return records

    def write(self, vals):
        """Refuse a change of plan; only server code (sudo) may move a part."""
        check_storable_text(self.env, vals.values())
        plan_field = self._fgp_plan_field
        moved = plan_field in vals and any(
            record[plan_field].id != vals[plan_field] for record in self
        )
        if moved and not self.env.su:
            # Who may not write the part at all hears that first.
            self.check_access("write")
            raise UserError(
                _(
                    "This stays with the plan it was made in; it cannot be moved "
                    "to another plan. Make a new one in the other plan instead."
                )
            )
        result = super().write(vals)
        references = self._fgp_part_references()
        if not moved:
            references = [name for name in references if name in vals]
        self._fgp_check_same_plan(references)
        return result

    def _fgp_check_same_plan(self, fnames):
        """Every part of a plan named in ``fnames`` belongs to the record's plan."""
        if not fnames:
            return
        plan_field = self._fgp_plan_field
        # sudo: compares the plans of the referred parts, also of another plan the
        # user may not read; the message names the field only, never the record.
        for record in self.sudo():
            for fname in fnames:
                target = record[fname]
                if target and target[target._fgp_plan_field] != record[plan_field]:
                    raise ValidationError(
                        _(
                            "%(field)s: choose one of this plan, not of another plan.",
                            field=self._fields[fname]._description_string(self.env),
                        )
                    )
