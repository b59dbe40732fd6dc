import json
import logging
from contextlib import nullcontext

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.tools import SQL, Query

from ..tools import FLAG, flagged
from . import fgp_access_log_schema as schema

_logger = logging.getLogger(__name__)

OPERATIONS = [
    ("read", "Opened"),
    ("create", "Created"),
    ("write", "Changed"),
    ("unlink", "Deleted"),
    ("export", "Exported"),
    ("print", "Printed"),
    ("portal_view", "Viewed in the portal"),
    ("erase", "Erased"),
]


# The context keys below are set with FLAG (see tools.ContextFlag): a caller
# cannot set them from an RPC call's context.
# Context key that suppresses logging while the privacy jobs themselves destroy
# a file: what they did is logged once, without the destroyed content.
SKIP_CONTEXT_KEY = "fgp_access_log_skip"
# Context key set while a list (or the x2many lines of a form) is read: only
# opening one record counts as a read, not every row of a list.
NO_READ_CONTEXT_KEY = "fgp_access_log_no_read"
# The columns that name a record of another table, each with the array that
# names all of them for an event about several (see fgp_access_log_schema).
# They have no foreign keys: the log keeps what it recorded whatever happens
# to the rows it names, and a key check per record would triple an export's
# cost; fgp.access.log.referenced clears them when the record goes.
REFERENCES = {
    "user_id": ("res.users", None),
    "partner_id": ("res.partner", "partner_ids"),
    "plan_id": ("fgp.plan", "plan_ids"),
}
# What a search on a column finds: every event that concerned the record,
# alone or among others (an export), by the array's GIN index.
ARRAY_OF = {"res_id": "res_ids", "partner_id": "partner_ids", "plan_id": "plan_ids"}


def int_array(ids):
    """An int4[] parameter as PostgreSQL's array text ('{1,2,3}'): psycopg2
    would send ARRAY[1, 2, 3], which PostgreSQL parses as one expression per
    element, a tenth of an export's logging at 10,000 ids."""
    return SQL("%s::int4[]", "{%s}" % ",".join(map(str, ids)))


class FgpAccessLog(models.Model):
    """Who opened, changed, exported, printed or viewed which plan (NEN 7513).

    One entry per event: opening a plan is one entry, and so is an export of
    10,000 plans, which names all of them (see fgp_access_log_schema). A
    search on ``plan_id``, ``partner_id`` or ``res_id`` finds every event that
    concerned that plan, person or record, alone or among others; the columns
    themselves hold it only when the event concerned just that one.

    Append-only: entries are inserted with one SQL statement per event, never
    changed, and removed only by the retention job or an approved erasure; the
    database itself enforces it (see ``init``)."""

    _name = "fgp.access.log"
    _description = "Access log"
    _order = "timestamp desc, id desc"
    _log_access = False
    _rec_name = "operation"
    # The table is PostgreSQL's, partitioned by month, read through a view
    # (fgp_access_log_schema.create_schema): the ORM neither makes nor alters it.
    _auto = False
    _table = schema.VIEW

    timestamp = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        readonly=True,
        help="The person whose file it is: the plan's (first) young person. "
        "Empty for an event about several plans: see Persons.",
    )
    plan_id = fields.Many2one(
        "fgp.plan",
        readonly=True,
        help="Empty for an event about several plans (an export): a search on "
        "the plan finds those too.",
    )
    res_model = fields.Char(string="Document model", readonly=True)
    res_id = fields.Integer(
        string="Document ID",
        readonly=True,
        aggregator=False,  # an id, not a quantity: no measure of the pivot view
        help="Empty for an event about several documents: see Documents.",
    )
    record_count = fields.Integer(
        string="Documents",
        readonly=True,
        help="How many documents the event concerned (an export: every row).",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Persons",
        compute="_compute_partner_ids",
        search="_search_partner_ids",
        help="The young people of every plan the event concerned.",
    )
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    ip_address = fields.Char(string="IP address", readonly=True)

    def init(self):
        """The table, its partitions for the months to come, the guard that
        makes it append-only in the database itself (a server action, a shell
        or any SQL sent as the Odoo database user cannot quietly change or
        remove what the log recorded) and the view the model reads.
        Idempotent: run on every install and update."""
        schema.create_schema(self.env.cr)
        self._ensure_partitions()

    @api.model
    def _ensure_partitions(self):
        """A partition for this month and the next ones (the retention job
        runs this daily, so no entry waits in the default partition)."""
        now = fields.Datetime.now()
        schema.ensure_partitions(
            self.env.cr, now, now + relativedelta(months=schema.MONTHS_AHEAD)
        )

    def _compute_partner_ids(self):
        self.env.cr.execute(
            SQL(
                "SELECT id, partner_ids FROM %s WHERE id = ANY(%s)",
                SQL.identifier(schema.DATA_TABLE),
                self.ids,
            )
        )
        persons = dict(self.env.cr.fetchall())
        for entry in self:
            entry.partner_ids = [Command.set(persons.get(entry.id) or [])]

    def _search_partner_ids(self, operator, value):
        return [("partner_id", operator, value)]

    def _condition_to_sql(self, alias, fname, operator, value, query):
        """A plan, person or document is found in every event that concerned
        it (see ARRAY_OF), by the GIN index of its array."""
        column = ARRAY_OF.get(fname)
        if not column or operator not in ("=", "!=", "in", "not in"):
            return super()._condition_to_sql(alias, fname, operator, value, query)
        array = SQL.identifier(alias, column)
        if isinstance(value, Query):
            found = SQL("%s && ARRAY(%s)", array, value.subselect())
        elif isinstance(value, SQL):
            found = SQL("%s && ARRAY(%s)", array, value)
        else:
            values = value if isinstance(value, list | tuple) else [value]
            ids = [v for v in values if v and isinstance(v, int)]
            conditions = []
            if ids:
                conditions.append(SQL("%s && %s", array, int_array(ids)))
            if len(ids) < len(values):
                # False or no id: the events that concerned nothing of the kind
                conditions.append(SQL("cardinality(%s) = 0", array))
            found = SQL(" OR ").join(conditions) if conditions else SQL("FALSE")
        if operator in ("!=", "not in"):
            return SQL("NOT (%s)", found)
        return SQL("(%s)", found)

    # ------------------------------------------------------------------
    # Append-only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        """Entries are written by `_log_event` only, never through the ORM."""
        raise AccessError(_("The access log cannot be written to by hand."))

    def write(self, vals):  # pylint: disable=method-required-super
        """Nobody changes what the log recorded, the administrator included."""
        raise AccessError(_("The access log cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        """Only the retention job and an approved erasure remove entries, and
        not through the ORM (see _purge_before and _forget_plans)."""
        raise AccessError(
            _(
                "Entries of the access log cannot be deleted; the retention "
                "job removes them when their term has passed."
            )
        )

    # ------------------------------------------------------------------
    # Reading the log is itself logged
    # ------------------------------------------------------------------
    @api.model
    @api.readonly
    def web_search_read(self, domain, specification, **kwargs):
        """Log that the log was consulted: one entry naming what it showed."""
        result = super(
            FgpAccessLog, self.with_context(**{NO_READ_CONTEXT_KEY: FLAG})
        ).web_search_read(domain, specification, **kwargs)
        ids = [rec["id"] for rec in result["records"]]
        if ids:
            self.browse(ids)._log_self_read("read")
        return result

    @api.readonly
    def web_read(self, specification):
        """Log that one entry was opened."""
        result = super().web_read(specification)
        if len(self) == 1 and not flagged(self.env, NO_READ_CONTEXT_KEY):
            self._log_self_read("read")
        return result

    def export_data(self, fields_to_export):
        """Log that (part of) the log was exported."""
        result = super().export_data(fields_to_export)
        self._log_self_read("export")
        return result

    @api.model
    def read_group(self, domain, fields, groupby, **kwargs):
        """Grouped views (pivot, graph) consult the log too."""
        result = super().read_group(domain, fields, groupby, **kwargs)
        self._log_event(self._name, "read")
        return result

    def _log_self_read(self, operation):
        """One entry naming the entries consulted and the plans they were
        about."""
        self.env.cr.execute(
            SQL(
                """
                SELECT ARRAY(SELECT DISTINCT p FROM %s, unnest(plan_ids) AS p
                              WHERE id = ANY(%s))
                """,
                SQL.identifier(schema.DATA_TABLE),
                int_array(self.ids),
            )
        )
        plan_ids = self.env.cr.fetchone()[0]
        self._log_event(self._name, operation, self.ids, plan_ids)

    # ------------------------------------------------------------------
    # Writing the log
    # ------------------------------------------------------------------
    @api.model
    def _ip_address(self):
        try:
            return request.httprequest.remote_addr if request else None
        except RuntimeError:  # outside a request (cron, shell)
            return None

    @api.model
    def _log_event(self, res_model, operation, res_ids=(), plan_ids=()):
        """Log one event: ``operation`` on the records ``res_ids`` of
        ``res_model``, which belong to the plans ``plan_ids`` (a list, or an
        SQL expression of an int4[]: see _log_query). The young people of the
        plans are looked up here.

        One INSERT, whatever the number of records. Odoo 18 serves
        ``web_read`` and ``readonly=True`` routes on a read-only cursor (on a
        replica when one is configured): then the entry goes through a cursor
        of its own on the primary, committed before the data leaves the
        server, so a read is logged even though its own transaction never
        commits."""
        if flagged(self.env, SKIP_CONTEXT_KEY):
            return
        if not isinstance(res_ids, SQL):
            res_ids = int_array(res_ids)
        if not isinstance(plan_ids, SQL):
            plan_ids = int_array(sorted(set(plan_ids)))
        cr = self.env.cr
        if cr.readonly:
            # Nothing to keep in a read-only transaction; ending it is also what
            # lets a test cursor open a read/write one (res.device does the same).
            cr.rollback()
            cursor = self.env.registry.cursor(readonly=False)
        else:
            # Already on the primary: one more INSERT in the same transaction.
            cursor = nullcontext(cr)
        with cursor as log_cr:
            log_cr.execute(
                SQL(
                    """
                    INSERT INTO %(table)s
                        (timestamp, user_id, operation, ip_address, res_model,
                         res_ids, plan_ids, partner_ids,
                         res_id, plan_id, partner_id)
                    SELECT %(now)s, %(uid)s, %(operation)s, %(ip)s, %(model)s,
                           e.res_ids, e.plan_ids, y.partner_ids,
                           CASE WHEN cardinality(e.res_ids) = 1
                                THEN e.res_ids[1] END,
                           CASE WHEN cardinality(e.plan_ids) = 1
                                THEN e.plan_ids[1] END,
                           CASE WHEN cardinality(e.plan_ids) = 1
                                THEN y.partner_ids[1] END
                      FROM (SELECT %(res_ids)s AS res_ids,
                                   %(plan_ids)s AS plan_ids) AS e,
                   LATERAL (SELECT ARRAY(SELECT DISTINCT r.partner_id
                                           FROM unnest(e.plan_ids) AS p(id)
                                           JOIN fgp_plan_youth_rel r
                                             ON r.plan_id = p.id
                                       ORDER BY r.partner_id) AS partner_ids) AS y
                    """,
                    table=SQL.identifier(schema.DATA_TABLE),
                    now=fields.Datetime.now(),
                    uid=self.env.uid,
                    operation=operation,
                    ip=self._ip_address(),
                    model=res_model,
                    res_ids=res_ids,
                    plan_ids=plan_ids,
                )
            )

    @api.model
    def _log_records(self, records, operation, plan_column="plan_id"):
        """Log an operation on records of a logged model: one entry, whatever
        their number (an export logs thousands)."""
        ids = [rid for rid in records._ids if isinstance(rid, int)]
        if not ids:
            return
        if plan_column == "id":
            plan_ids = ids
        else:
            # The records' plans as stored, pending changes included.
            records.flush_recordset([plan_column])
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s FROM %s WHERE id = ANY(%s)",
                    SQL.identifier(plan_column),
                    SQL.identifier(records._table),
                    int_array(ids),
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                return
            ids = [row[0] for row in rows]
            plan_ids = [row[1] for row in rows if row[1]]
        self._log_event(records._name, operation, ids, plan_ids)

    @api.model
    def _log_query(self, model, query, operation, plan_column="plan_id"):
        """Log an operation on every record a query of ``model`` selects (a
        grouped read: the records of all its groups; a report's scope), as
        one entry made by one INSERT ... SELECT, without a row in Python."""
        plans = SQL.identifier(model._table, plan_column)
        self._log_event(
            model._name,
            operation,
            SQL("ARRAY%s", query.subselect(SQL.identifier(model._table, "id"))),
            SQL(
                "ARRAY(SELECT DISTINCT p FROM %s AS s(p) WHERE p IS NOT NULL)",
                query.subselect(plans),
            ),
        )

    # ------------------------------------------------------------------
    # What the entries name
    # ------------------------------------------------------------------
    def _rewrite(self, assignments, where):
        """UPDATE what entries name (never what they recorded: the guard
        checks RECORDED_COLUMNS)."""
        with schema.guard_lifted(self.env.cr, schema.REFERENCES_SETTING):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s WHERE %s",
                    SQL.identifier(schema.DATA_TABLE),
                    SQL(", ").join(assignments),
                    where,
                )
            )
        self.invalidate_model()

    @api.model
    def _replace_references(self, records, new=None):
        """Point the entries that name these users, persons or plans at ``new``
        (a merge of persons) or at nothing (a delete, as ``ondelete="set
        null"`` would): the entry keeps what was done to which document
        (``res_model``, ``res_id``) and the log stays readable."""
        for column, (model, array) in REFERENCES.items():
            if records._name != model or not records.ids:
                continue
            old = int_array(records.ids)
            new_id = new.id if new else None
            assignments = [
                SQL(
                    "%(c)s = CASE WHEN %(c)s = ANY(%(old)s) THEN %(new)s::int4 "
                    "ELSE %(c)s END",
                    c=SQL.identifier(column),
                    old=old,
                    new=new_id,
                )
            ]
            if array:
                assignments.append(
                    SQL(
                        """%(a)s = ARRAY(SELECT DISTINCT x FROM (
                               SELECT CASE WHEN v = ANY(%(old)s) THEN %(new)s::int4
                                      ELSE v END
                                 FROM unnest(%(a)s) AS v) AS u(x)
                            WHERE x IS NOT NULL ORDER BY x)""",
                        a=SQL.identifier(array),
                        old=old,
                        new=new_id,
                    )
                )
                where = SQL("%s && %s", SQL.identifier(array), old)
            else:
                where = SQL("%s = ANY(%s)", SQL.identifier(column), old)
            self._rewrite(assignments, where)

    @api.model
    def _forget_plans(self, plan_ids, file_records):
        """An approved erasure: the entries about these plans only go; an
        entry about others too (an export) keeps those, and no longer names
        these plans, their records (``file_records``: ids by model) or their
        young people who are in none of its other plans."""
        plans = int_array(plan_ids)
        about = SQL("plan_ids && %s", plans)
        with schema.guard_lifted(self.env.cr, schema.PURGE_SETTING):
            self.env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s AND plan_ids <@ %s",
                    SQL.identifier(schema.DATA_TABLE),
                    about,
                    plans,
                )
            )
        records = {model: sorted(ids) for model, ids in file_records.items()}
        self._rewrite(
            [
                SQL(
                    "plan_ids = ARRAY(SELECT unnest(plan_ids) EXCEPT "
                    "SELECT unnest(%s) ORDER BY 1)",
                    plans,
                ),
                SQL(
                    """res_ids = ARRAY(SELECT unnest(res_ids) EXCEPT
                        SELECT jsonb_array_elements_text(%s::jsonb -> res_model)::int4
                        ORDER BY 1)""",
                    json.dumps(records),
                ),
                SQL(
                    """partner_ids = ARRAY(
                        SELECT DISTINCT r.partner_id FROM fgp_plan_youth_rel r
                         WHERE r.plan_id = ANY(plan_ids) AND NOT r.plan_id = ANY(%s)
                           AND r.partner_id = ANY(partner_ids)
                      ORDER BY 1)""",
                    plans,
                ),
            ],
            about,
        )

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _purge_before(self, cutoff):
        """Remove the entries older than ``cutoff``; only for the retention
        job. Whole months go by dropping their partition (instant, whatever
        their size); the month the cutoff falls in by a DELETE of its older
        entries. Returns how many entries went."""
        cr = self.env.cr
        purged = schema.drop_partitions_before(cr, cutoff)
        with schema.guard_lifted(self.env.cr, schema.PURGE_SETTING):
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE timestamp < %s",
                    SQL.identifier(schema.DATA_TABLE),
                    cutoff,
                )
            )
            purged += cr.rowcount
        self.invalidate_model()
        return purged
