"""The access log in PostgreSQL: one row per event, partitioned by month,
append-only.

An event is one thing a user did: opened a plan, exported 10,000 agreements,
viewed a page of the portal. Its row names every record, plan and person it
concerned in ``int[]`` columns (``res_ids``, ``plan_ids``, ``partner_ids``)
with GIN indexes, so "who opened this child's file" is an index lookup, and an
export costs one row instead of one per record. The rows live in
``fgp_access_log_data``, partitioned by month on ``timestamp``: the retention
purge drops whole months, and the indexes stay as small as a month. The model
``fgp.access.log`` reads them through the view ``fgp_access_log``.
"""

from contextlib import contextmanager
from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

DATA_TABLE = "fgp_access_log_data"
VIEW = "fgp_access_log"
DEFAULT_PARTITION = "fgp_access_log_default"
PARTITION_FORMAT = "fgp_access_log_%Y_%m"
# Months the partitions are made ahead of time (the retention job keeps it so).
MONTHS_AHEAD = 3

COLUMNS = SQL(
    """
    id serial NOT NULL,
    timestamp timestamp NOT NULL,
    user_id int4,
    operation varchar NOT NULL,
    ip_address varchar,
    res_model varchar,
    res_id int4,
    plan_id int4,
    partner_id int4,
    res_ids int4[] NOT NULL DEFAULT '{}',
    plan_ids int4[] NOT NULL DEFAULT '{}',
    partner_ids int4[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (id, timestamp)
    """
)
# What the log is asked: a period (and its newest entries first), a user, a
# plan, a person. Each index is made per partition, so each stays a month big.
INDEXES = (
    ("timestamp", "btree"),
    ("user_id", "btree"),
    ("plan_ids", "gin"),
    ("partner_ids", "gin"),
)
# What the model reads; how many documents an event concerned is its array's
# length, not a column of its own.
VIEW_COLUMNS = SQL(
    """
    id, timestamp, user_id, operation, ip_address, res_model, res_id, plan_id,
    partner_id, cardinality(res_ids) AS record_count, res_ids, plan_ids,
    partner_ids
    """
)

# Transaction-local PostgreSQL settings that lift the table's guard trigger
# for one statement: the retention purge and an approved erasure (DELETE), and
# the rewrite of what entries name when a person, user or plan goes, or a plan
# is erased from an event about several (UPDATE, never of RECORDED_COLUMNS).
# Any other UPDATE, DELETE or TRUNCATE is refused by the database itself,
# whoever sends it.
PURGE_SETTING = "fgp.access_log_purge"
REFERENCES_SETTING = "fgp.access_log_references"
# What an entry recorded: an UPDATE may never change these, not even while the
# references are rewritten.
RECORDED_COLUMNS = (
    "id",
    "timestamp",
    "res_model",
    "res_id",
    "operation",
    "ip_address",
)
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
# of rows); an UPDATE per row, to compare what it changes. PostgreSQL clones a
# row trigger of the partitioned table onto every partition, not a statement
# trigger: those are made on each partition too (a DELETE may name one).
ROW_TRIGGERS = (("fgp_access_log_guard_update", "BEFORE UPDATE", "FOR EACH ROW"),)
STATEMENT_TRIGGERS = (
    ("fgp_access_log_guard_delete", "BEFORE DELETE", "FOR EACH STATEMENT"),
    ("fgp_access_log_guard_truncate", "BEFORE TRUNCATE", "FOR EACH STATEMENT"),
)


@contextmanager
def guard_lifted(cr, setting):
    """Lift the guard trigger for the statements run inside, in this
    transaction only. Not in a ``finally``: after an error the transaction
    (or its savepoint) is rolled back, which resets the setting with it."""
    cr.execute(SQL("SELECT set_config(%s, 'on', true)", setting))
    yield
    cr.execute(SQL("SELECT set_config(%s, 'off', true)", setting))


def relation_kind(cr, name):
    """'p' for a partitioned table, 'r' a table, 'v' a view, None if absent."""
    cr.execute(
        SQL(
            """
            SELECT c.relkind FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = %s AND n.nspname = current_schema
            """,
            name,
        )
    )
    row = cr.fetchone()
    return row[0] if row else None


def _create_triggers(cr, table, triggers):
    for name, when, level in triggers:
        cr.execute(
            SQL(
                "DROP TRIGGER IF EXISTS %s ON %s",
                SQL.identifier(name),
                SQL.identifier(table),
            )
        )
        cr.execute(
            SQL(
                "CREATE TRIGGER %s %s ON %s %s EXECUTE FUNCTION fgp_access_log_guard()",
                SQL.identifier(name),
                SQL(when),
                SQL.identifier(table),
                SQL(level),
            )
        )


def create_schema(cr):
    """The partitioned table, its default partition, indexes, guard and view.
    Idempotent: run on every install and update."""
    cr.execute(GUARD_FUNCTION)
    cr.execute(
        SQL(
            "CREATE TABLE IF NOT EXISTS %s (%s) PARTITION BY RANGE (timestamp)",
            SQL.identifier(DATA_TABLE),
            COLUMNS,
        )
    )
    # Where an entry goes when its month has no partition (yet): never lost.
    cr.execute(
        SQL(
            "CREATE TABLE IF NOT EXISTS %s PARTITION OF %s DEFAULT",
            SQL.identifier(DEFAULT_PARTITION),
            SQL.identifier(DATA_TABLE),
        )
    )
    for column, method in INDEXES:
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s USING %s (%s)",
                SQL.identifier(f"{DATA_TABLE}_{column}_index"),
                SQL.identifier(DATA_TABLE),
                SQL(method),
                SQL.identifier(column),
            )
        )
    _create_triggers(cr, DATA_TABLE, ROW_TRIGGERS + STATEMENT_TRIGGERS)
    for partition in partitions(cr):
        guard_partition(cr, partition)
    cr.execute(
        SQL(
            "CREATE OR REPLACE VIEW %s AS SELECT %s FROM %s",
            SQL.identifier(VIEW),
            VIEW_COLUMNS,
            SQL.identifier(DATA_TABLE),
        )
    )


def partitions(cr):
    """The names of the table's partitions, the default one included."""
    cr.execute(
        SQL(
            """
            SELECT c.relname FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = %s::regclass
          ORDER BY c.relname
            """,
            DATA_TABLE,
        )
    )
    return [row[0] for row in cr.fetchall()]


def month_start(moment):
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def ensure_partitions(cr, first, last):
    """A partition for every month from ``first`` to ``last`` (datetimes).

    Entries that went to the default partition for want of one (a clock set
    back, a month not made ahead) move into the new partition: PostgreSQL
    refuses a partition whose range the default partition holds rows of."""
    existing = set(partitions(cr))
    month = month_start(first)
    while month <= last:
        name = month.strftime(PARTITION_FORMAT)
        following = month + relativedelta(months=1)
        if name not in existing:
            _create_partition(cr, name, month, following)
        month = following


def _create_partition(cr, name, start, end):
    in_range = SQL("timestamp >= %s AND timestamp < %s", start, end)
    cr.execute(
        SQL(
            "SELECT EXISTS (SELECT 1 FROM %s WHERE %s)",
            SQL.identifier(DEFAULT_PARTITION),
            in_range,
        )
    )
    if not cr.fetchone()[0]:
        cr.execute(
            SQL(
                "CREATE TABLE %s PARTITION OF %s FOR VALUES FROM (%s) TO (%s)",
                SQL.identifier(name),
                SQL.identifier(DATA_TABLE),
                start,
                end,
            )
        )
    else:
        # Move the month out of the default partition: a table of its own
        # filled with those rows, the rows deleted there, then attached.
        cr.execute(
            SQL(
                "CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)",
                SQL.identifier(name),
                SQL.identifier(DATA_TABLE),
            )
        )
        cr.execute(
            SQL(
                "INSERT INTO %s SELECT * FROM %s WHERE %s",
                SQL.identifier(name),
                SQL.identifier(DEFAULT_PARTITION),
                in_range,
            )
        )
        with guard_lifted(cr, PURGE_SETTING):
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s",
                    SQL.identifier(DEFAULT_PARTITION),
                    in_range,
                )
            )
        cr.execute(
            SQL(
                "ALTER TABLE %s ATTACH PARTITION %s FOR VALUES FROM (%s) TO (%s)",
                SQL.identifier(DATA_TABLE),
                SQL.identifier(name),
                start,
                end,
            )
        )
    guard_partition(cr, name)


def guard_partition(cr, name):
    """The guard's statement triggers on one partition (its row trigger is
    the partitioned table's own, cloned by PostgreSQL)."""
    _create_triggers(cr, name, STATEMENT_TRIGGERS)


def drop_partitions_before(cr, cutoff):
    """Drop the partitions of the months that ended before ``cutoff``; return
    how many entries they held."""
    dropped = 0
    for name in partitions(cr):
        if name == DEFAULT_PARTITION:
            continue
        start = _partition_month(name)
        if start + relativedelta(months=1) > cutoff:
            continue
        cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(name)))
        dropped += cr.fetchone()[0]
        cr.execute(SQL("DROP TABLE %s", SQL.identifier(name)))
    return dropped


def _partition_month(name):
    return datetime.strptime(name, PARTITION_FORMAT)
