from lxml import etree

from odoo import api, models, tools
from odoo.models import regex_field_agg

from ..tools import FLAG, flagged
from .fgp_access_log import NO_READ_CONTEXT_KEY

# Fields that hold the file's content (texts, documents, the lines of a plan):
# a list that asks for one its views do not show is reading the file.
CONTENT_TYPES = ("text", "html", "binary", "json", "one2many", "many2many")
# Aggregates of a grouped read that return the values themselves, not a figure.
CONTENT_AGGREGATES = ("array_agg", "recordset")


class FgpAccessLogMixin(models.AbstractModel):
    """Logs opening a record, every read by id, every change and every export
    of a model that belongs to a plan's file, in `fgp.access.log`. The rows of
    a list (``web_search_read``) are not reads, unless the list asks for content
    that none of the model's lists or kanbans shows."""

    _name = "fgp.access.log.mixin"
    _description = "Access log mixin"

    @api.model
    def _fgp_plan_column(self):
        # The plan is the record itself, or the plan the record belongs to.
        return "id" if self._name == "fgp.plan" else "plan_id"

    def _fgp_log(self, operation):
        self.env["fgp.access.log"]._log_records(
            self, operation, plan_column=self._fgp_plan_column()
        )

    def _fgp_as_rows(self):
        """These records as rows: what a call reads through them (the lines of
        a form, the records of a list) is not a read of its own."""
        return self.with_context(**{NO_READ_CONTEXT_KEY: FLAG})

    def _fgp_log_reads(self, values_list):
        """Log a read of every record a read call returned, unless the call
        itself reads rows for an outer one."""
        if not flagged(self.env, NO_READ_CONTEXT_KEY):
            ids = [values["id"] for values in values_list if values["id"]]
            self.browse(ids)._fgp_log("read")

    @api.model
    @api.readonly
    def web_search_read(self, domain, specification, **kwargs):
        """A list shows rows, it does not open them: no read entry per row.
        A call that asks the rows for more than a list shows (a text, the
        plan's chapters) reads every record it returns."""
        result = super(FgpAccessLogMixin, self._fgp_as_rows()).web_search_read(
            domain, specification, **kwargs
        )
        if self._fgp_asks_content(specification):
            self._fgp_log_reads(result["records"])
        return result

    @api.model
    def _fgp_asks_content(self, specification):
        shown = self._fgp_list_fields()
        return any(
            field.type in CONTENT_TYPES and name not in shown
            for name, field in ((n, self._fields.get(n)) for n in specification)
            if field
        )

    @api.model
    @tools.ormcache("self._name", cache="templates")
    def _fgp_list_fields(self):
        """The fields any list or kanban view of this model shows (the cache
        is cleared whenever a view changes)."""
        # sudo: the definitions of views, the same for every user.
        views = (
            self.env["ir.ui.view"]
            .sudo()
            .search([("model", "=", self._name), ("type", "in", ("list", "kanban"))])
        )
        return frozenset(
            node.get("name")
            for view in views
            for node in etree.fromstring(view.arch).iter("field")
        )

    @api.readonly
    def web_read(self, specification):
        """Opening a record in a form is a read of the file, and so is every
        record a call reads by id (the next page of a form's lines, or a call
        made outside the web client). The form's x2many lines are rows."""
        result = super(FgpAccessLogMixin, self._fgp_as_rows()).web_read(specification)
        self._fgp_log_reads(result)
        return result

    @api.readonly
    def read(self, fields=None, load="_classic_read"):
        """The raw read of the API (the web client does not use it here): a
        read of every record it returns."""
        result = super(FgpAccessLogMixin, self._fgp_as_rows()).read(fields, load=load)
        self._fgp_log_reads(result)
        return result

    @api.model
    @api.readonly
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs
    ):
        """The raw search and read of the API: unlike a list of the web client,
        it may ask for any field, so every record it returns is logged."""
        result = super(FgpAccessLogMixin, self._fgp_as_rows()).search_read(
            domain, fields, offset=offset, limit=limit, order=order, **read_kwargs
        )
        self._fgp_log_reads(result)
        return result

    @api.model
    @api.readonly
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Counts and sums per group are figures, not reads. A grouped read
        that returns what the records say (``description:array_agg``, the
        maximum of a text, groups by a text) reads every record of its groups:
        they are all logged, with one INSERT ... SELECT on the same domain.
        ``web_read_group`` (list, kanban, pivot and graph views) comes here."""
        result = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        if self._fgp_groups_content(fields, groupby):
            self.env["fgp.access.log"]._log_query(
                self,
                self._search(domain or []),
                "read",
                plan_column=self._fgp_plan_column(),
            )
        return result

    @api.model
    def _fgp_groups_content(self, fields, groupby):
        """Whether a grouped read returns content (see read_group)."""

        def is_content(name):
            # A group by a many2many (the plans per young person) shows names,
            # as a list's rows do; a text or a document is content.
            field = self._fields.get(name)
            return (
                field is not None
                and field.type in CONTENT_TYPES
                and field.type not in ("one2many", "many2many")
            )

        for spec in fields or ():
            match = regex_field_agg.match(spec)
            if not match:
                continue
            name, func, fname = match.groups()
            if func in CONTENT_AGGREGATES or (func and is_content(fname or name)):
                return True
        groupby = [groupby] if isinstance(groupby, str) else groupby or ()
        return any(is_content(spec.split(":")[0]) for spec in groupby)

    def web_save(self, vals, specification, next_id=None):
        """Saving logs the change; re-reading the saved form is not a new read
        (moving on to the next record is)."""
        records = self if next_id else self._fgp_as_rows()
        return super(FgpAccessLogMixin, records).web_save(
            vals, specification, next_id=next_id
        )

    @api.model_create_multi
    def create(self, vals_list):
        """Log every record created."""
        records = super().create(vals_list)
        records._fgp_log("create")
        return records

    def write(self, vals):
        """Log every change."""
        result = super().write(vals)
        self._fgp_log("write")
        return result

    def unlink(self):
        """Log every deletion, before the rows are gone."""
        self._fgp_log("unlink")
        return super().unlink()

    def export_data(self, fields_to_export):
        """Log every exported record, with one INSERT for the whole export."""
        result = super().export_data(fields_to_export)
        self._fgp_log("export")
        return result
