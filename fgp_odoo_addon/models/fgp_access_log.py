import logging
from contextlib import contextmanager, nullcontext

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.tools import SQL

from ..tools import FLAG, flagged

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
# Context key with which the retention job and an approved erasure may remove
# entries (always from sudo); nothing else can change or remove the log.
PURGE_CONTEXT_KEY = "fgp_access_log_purge"
# Context key that suppresses logging while the privacy jobs themselves destroy
# a file: what they did is logged once, without the destroyed content.
SKIP_CONTEXT_KEY = "fgp_access_log_skip"
# Context key set while a list (or the x2many lines of a form) is read: only
# opening one record counts as a read, not every row of a list.
NO_READ_CONTEXT_KEY = "fgp_access_log_no_read"
# The columns that refer to other tables. They have no foreign keys: the log
# keeps what it recorded whatever happens to the rows it names, and a key
# check per entry (one locked row per key) would triple the cost of an export.
REFERENCES = {
    "user_id": "res.users",
    "partner_id": "res.partner",
    "plan_id": "fgp.plan",
}
# Transaction-local PostgreSQL settings that lift the table's guard trigger
# for one statement: the retention purge and approved erasure (DELETE), and the
# rewrite of references when a person, user or plan goes (UPDATE of the
# REFERENCES columns only). Any other UPDATE, DELETE or TRUNCATE is refused by
# the database itself, whoever sends it.
PURGE_SETTING = "fgp.access_log_purge"
REFERENCES_SETTING = "fgp.access_log_references"
# What an entry recorded: an UPDATE may never change these, not even while the
# references are rewritten.
RECORDED_COLUMNS = ("id", "timestamp", "res_model", "res_id", "operation", "ip_address")
GUARD_FUNCTION = SQL(
    """
    CREATE OR REPLACE FUNCTION fgp_access_log_guard() RETURNS trigger
    LANGUAGE plpgsql AS $guard$
    BEGIN
        IF TG_OP = 'DELETE'
           AND current_setting(%(purge)s, true) = 'on' THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE'
           AND current_setting(%(references)s, true) = 'on'
           AND (%(new)s) IS NOT DISTINCT FROM (%(old)s) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = 'fgp_access_log is append-only: ' || TG_OP || ' refused',
            ERRCODE = 'insufficient_privilege';
    END
    $guard$
    """,
    purge=PURGE_SETTING,
    references=REFERENCES_SETTING,
    new=SQL(", ").join(SQL("NEW.%s", SQL.identifier(c)) for c in RECORDED_COLUMNS),
    old=SQL(", ").join(SQL("OLD.%s", SQL.identifier(c)) for c in RECORDED_COLUMNS),
)
# DELETE and TRUNCATE are checked once per statement (a purge removes millions
# of rows); an UPDATE per row, to compare what it changes.
GUARD_TRIGGERS = (
    ("fgp_access_log_guard_update", "BEFORE UPDATE", "FOR EACH ROW"),
    ("fgp_access_log_guard_delete", "BEFORE DELETE", "FOR EACH STATEMENT"),
    ("fgp_access_log_guard_truncate", "BEFORE TRUNCATE", "FOR EACH STATEMENT"),
)


class FgpAccessLog(models.Model):
    """Who opened, changed, exported, printed or viewed which plan (NEN 7513).

    Append-only: entries are inserted with one SQL statement per operation,
    never changed, and removed only by the retention job or an approved
    erasure request; the database itself enforces it (see ``init``)."""

    _name = "fgp.access.log"
    _description = "Access log"
    _order = "timestamp desc, id desc"
    _log_access = False
    _rec_name = "operation"

    timestamp = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", readonly=True, index=True, ondelete="set null"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The person whose file it is: the plan's (first) young person.",
    )
    plan_id = fields.Many2one(
        "fgp.plan",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    res_model = fields.Char(string="Document model", readonly=True)
    # an id, not a quantity: no measure of the pivot view
    res_id = fields.Integer(string="Document ID", readonly=True, aggregator=False)
    operation = fields.Selection(OPERATIONS, required=True, readonly=True)
    ip_address = fields.Char(string="IP address", readonly=True)

    def _auto_init(self):
        """No foreign keys on the log's references (see REFERENCES)."""
        result = super()._auto_init()
        # Many2one fields ask for their foreign keys once every model is set up
        # (post_init); withdraw those requests right after (see REFERENCES).
        self.pool.post_init(self._withdraw_foreign_keys)
        return result

    def _withdraw_foreign_keys(self):
        for column in REFERENCES:
            self.pool._foreign_keys.pop((self._table, column), None)

    def init(self):
        """Append-only in the database itself, not only in the ORM: a server
        action, a shell or any SQL sent as the Odoo database user cannot
        quietly change or remove what the log recorded (see GUARD_FUNCTION).
        Idempotent: run on every install and update."""
        cr = self.env.cr
        cr.execute(GUARD_FUNCTION)
        for name, when, level in GUARD_TRIGGERS:
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %s ON %s",
                    SQL.identifier(name),
                    SQL.identifier(self._table),
                )
            )
            cr.execute(
                SQL(
                    "CREATE TRIGGER %s %s ON %s %s "
                    "EXECUTE FUNCTION fgp_access_log_guard()",
                    SQL.identifier(name),
                    SQL(when),
                    SQL.identifier(self._table),
                    SQL(level),
                )
            )

    @contextmanager
    def _guard_lifted(self, setting):
        """Lift the guard trigger for the statements run inside, in this
        transaction only. Not in a ``finally``: after an error the transaction
        (or its savepoint) is rolled back, which resets the setting with it."""
        self.env.cr.execute(SQL("SELECT set_config(%s, 'on', true)", setting))
        yield
        self.env.cr.execute(SQL("SELECT set_config(%s, 'off', true)", setting))

    # ------------------------------------------------------------------
    # Append-only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        """Entries are written by `_log` only, never through the ORM."""
        raise AccessError(_("The access log cannot be written to by hand."))

    def write(self, vals):  # pylint: disable=method-required-super
        """Nobody changes what the log recorded, the administrator included."""
        raise AccessError(_("The access log cannot be changed."))

    def unlink(self):
        """Only the retention job and an approved erasure remove entries."""
        if not (self.env.su and flagged(self.env, PURGE_CONTEXT_KEY)):
            raise AccessError(
                _(
                    "Entries of the access log cannot be deleted; the retention "
                    "job removes them when their term has passed."
                )
            )
        return super().unlink()

    # ------------------------------------------------------------------
    # Reading the log is itself logged
    # ------------------------------------------------------------------
    @api.model
    @api.readonly
    def web_search_read(self, domain, specification, **kwargs):
        """Log that the log was consulted, once per plan it showed."""
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
        self._log_rows([(None, None, "fgp.access.log", 0)], "read")
        return result

    def _log_self_read(self, operation):
        """One entry per plan whose log entries were consulted."""
        query = SQL(
            """
            SELECT DISTINCT ON (plan_id) plan_id, partner_id, %s, id
              FROM fgp_access_log
             WHERE id = ANY(%s)
          ORDER BY plan_id, id
            """,
            self._name,
            list(self.ids),
        )
        self.env.cr.execute(query)
        self._log_rows(self.env.cr.fetchall(), operation)

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
    def _log_sql(self, select_sql, operation):
        """Insert the rows the given SELECT yields, as one statement.

        The SELECT must yield (plan_id, partner_id, res_model, res_id); the user,
        operation, IP address and timestamp are added here. Odoo 18 serves
        ``web_read`` and ``readonly=True`` routes on a read-only cursor (on a
        replica when one is configured): then the entries go through a cursor of
        their own on the primary, committed at once, so a read is logged even
        though its own transaction never commits."""
        if flagged(self.env, SKIP_CONTEXT_KEY):
            return
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
                    INSERT INTO fgp_access_log
                        (plan_id, partner_id, res_model, res_id,
                         user_id, operation, ip_address, timestamp)
                    SELECT src.*, %s, %s, %s, %s FROM (%s) AS src
                    """,
                    self.env.uid,
                    operation,
                    self._ip_address(),
                    fields.Datetime.now(),
                    select_sql,
                )
            )

    @api.model
    def _log_rows(self, rows, operation):
        """Log rows the caller already holds, with one INSERT: tuples
        ``(plan_id, partner_id, res_model, res_id)``, the plan and the person
        ``None`` where there is none (a destroyed plan, whose id is then the
        ``res_id``; a read of the log itself). Records of a logged model go
        through :meth:`_log_records` instead, which finds their plan and
        person."""
        if not rows:
            return
        values = SQL(", ").join(
            SQL("(%s::int, %s::int, %s::varchar, %s::int)", *row) for row in rows
        )
        self._log_sql(SQL("VALUES %s", values), operation)

    @api.model
    def _log_records(self, records, operation, plan_column="plan_id"):
        """Log an operation on records of a logged model, one entry each, with
        one INSERT for all of them: an export logs thousands."""
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
                    ids,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                return
            ids, plan_ids = zip(*rows, strict=True)
        source = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[])", list(ids), list(plan_ids)
        )
        self._log_sql(self._log_select(records._name, source), operation)

    @api.model
    def _log_query(self, model, query, operation, plan_column="plan_id"):
        """Log an operation on every record a query of ``model`` selects (a
        grouped read: the records of all its groups), with one INSERT ... SELECT
        and not a single row in Python."""
        table = model._table
        source = query.select(
            SQL.identifier(table, "id"), SQL.identifier(table, plan_column)
        )
        self._log_sql(self._log_select(model._name, source), operation)

    @api.model
    def _log_select(self, res_model, source):
        """The SELECT `_log_sql` inserts, for ``source``: a SELECT that yields
        (res_id, plan_id) pairs of records of ``res_model``.

        The plan's first young person is one index probe per entry (the
        relation's primary key); the statement stays cheap to plan, which is
        most of the cost of logging one opened record."""
        return SQL(
            """
            SELECT src.plan_id, y.partner_id, %s::varchar, src.res_id
              FROM (%s) AS src(res_id, plan_id)
 LEFT JOIN LATERAL (SELECT r.partner_id
                      FROM fgp_plan_youth_rel r
                     WHERE r.plan_id = src.plan_id
                  ORDER BY r.partner_id
                     LIMIT 1) y ON TRUE
            """,
            res_model,
            source,
        )

    @api.model
    def _replace_references(self, records, new=None):
        """Point the entries that name these users, persons or plans at ``new``
        (a merge of persons) or at nothing (a delete, as ``ondelete="set
        null"`` would): the entry keeps what was done to which document
        (``res_model``, ``res_id``) and the log stays readable."""
        for column, model in REFERENCES.items():
            if records._name == model and records.ids:
                with self._guard_lifted(REFERENCES_SETTING):
                    self.env.cr.execute(
                        SQL(
                            "UPDATE fgp_access_log SET %s = %s WHERE %s = ANY(%s)",
                            SQL.identifier(column),
                            new.id if new else None,
                            SQL.identifier(column),
                            records.ids,
                        )
                    )
                self.invalidate_model([column])

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _purge(self, domain):
        """Remove entries; only for the retention job and approved erasures."""
        # sudo: the log is append-only for every user; the privacy jobs are the
        # one place entries may go, and they decide which by their own rules.
        entries = self.sudo().with_context(**{PURGE_CONTEXT_KEY: FLAG}).search(domain)
        count = len(entries)
        with self._guard_lifted(PURGE_SETTING):
            entries.unlink()
        return count
