"""Helpers shared by the addons' models, reports and jobs.

Context switches: one kind
--------------------------
A context key that changes what the server does (switches a safeguard off,
as the access log's skip and purge keys; switches a shortcut on, as reusing
compiled QWeb or skipping subscriptions the follow-up job already made; or
tells a job not to commit) is always set to a :class:`ContextFlag` and read
with :func:`flagged` (or :func:`flag_value` when the switch carries data).
The context of an RPC call is decoded from JSON and can hold no ContextFlag,
so no request can set a switch, whatever key it sends. A plain context value
is only a hint that changes nothing anyone may read or do (``lang``, the
contact a list was opened from: ``fgp_partner_id``).
"""

import logging

import psycopg2

import odoo
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)


class ContextFlag(str):
    """A context value no request can forge.

    The context of an RPC call is decoded from JSON, which only ever yields
    plain strings: a context key that switches off a safeguard (the access
    log) or switches on a shortcut must be set with :data:`FLAG`, which only
    server code holds. A flag equals nothing but itself: Odoo reuses an
    environment whose context compares equal, which must never be one with a
    forged value.
    """

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __new__(cls, value=None):
        """A new flag, unique, carrying ``value`` (see flag_value)."""
        flag = super().__new__(cls, "1")
        # what the switch carries (see flag_value); None for a plain switch
        flag.value = value
        return flag

    def __hash__(self):
        return id(self)


FLAG = ContextFlag()


def flagged(env, key):
    """Whether server code set the context flag ``key`` (see ContextFlag)."""
    return isinstance(env.context.get(key), ContextFlag)


def flag_value(env, key):
    """What the context flag ``key`` carries (``ContextFlag(value)``), or
    ``None`` when server code did not set it."""
    flag = env.context.get(key)
    return flag.value if isinstance(flag, ContextFlag) else None


def get_int_param(env, key, default):
    """A whole-number system parameter (a term, a grace period), or ``default``
    when it is not set or not a number: a typo in the settings must not stop a
    scheduled job."""
    # sudo: reads one system parameter, a setting of the product, nothing else
    value = env["ir.config_parameter"].sudo().get_param(key)
    if value in (None, False, ""):
        return default
    try:
        return int(value)
    except ValueError:
        _logger.warning("System parameter %s is not a whole number: %r", key, value)
        return default


def selection_labels(env, model, field_name):
    """``{value: label}`` of a selection field, in the language of ``env``."""
    return dict(env[model]._fields[field_name]._description_selection(env))


# ----------------------------------------------------------------------
# Scheduled jobs: batches of rows no other worker holds
# ----------------------------------------------------------------------
# Batches in a row that may meet another worker's concurrent update.
MAX_CONFLICTS = 5
# What a batch meets when another worker changed its rows meanwhile: a
# serialization failure, or the unique key of a row the other worker inserted
# first (two batches subscribing one partner to one plan, as two servers' cron
# workers running the follow-up at once do).
BATCH_CONFLICTS = (*PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, psycopg2.errors.UniqueViolation)


def may_commit(env):
    """Whether a job may commit per batch: in production yes; never inside a
    test's transaction (Odoo's runner sets current_test, pytest-odoo sets
    test_enable) or when server code asks so with ``fgp_no_commit``."""
    return not (
        odoo.modules.module.current_test
        or odoo.tools.config["test_enable"]
        or flagged(env, "fgp_no_commit")
    )


def lock_batch(env, query, of=None):
    """The ids ``query`` selects (an ``SQL`` ``SELECT id ... ORDER BY ...
    LIMIT n``), locked ``FOR UPDATE`` for this transaction, leaving out the
    rows another worker holds (``SKIP LOCKED``): two workers running one job
    at once never handle the same row.

    :param of: the table (or its alias) to lock when ``query`` joins others
    """
    query = SQL(
        "%s FOR UPDATE%s SKIP LOCKED",
        query,
        SQL(" OF %s", SQL.identifier(of)) if of else SQL(),
    )
    # the fields an ORM query reads (lock_search); raw SQL flushes itself
    env.flush_query(query)
    env.cr.execute(
        query,
        # A conflict with another worker is expected and retried (run_batches).
        log_exceptions=False,
    )
    return [row[0] for row in env.cr.fetchall()]


def lock_search(model, domain, limit):
    """Up to ``limit`` records of ``model`` matching ``domain`` (with the
    model's access rules, as ``search``), in id order, that no other worker
    holds, locked for this transaction (see :func:`lock_batch`)."""
    query = model._search(domain, limit=limit, order="id")
    if query.is_empty():
        return model.browse()
    return model.browse(lock_batch(model.env, query.select(), of=model._table))


def run_batches(env, batch, batch_size, budget=None, commit=True):
    """Call ``batch(batch_size)`` until it handles fewer rows than
    ``batch_size`` or the budget is spent, committing after each batch (see
    :func:`may_commit`), so a batch done is kept even if a later one fails or
    the worker is stopped. A batch that meets rows another worker just
    changed (serialization failure under REPEATABLE READ, or a unique key it
    inserted first: ``BATCH_CONFLICTS``) is rolled back and tried again on a
    fresh snapshot.

    :param batch: handles one batch of at most ``batch_size`` rows; returns
        how many it handled
    :param budget: ``{"batches": n}``, the batches still allowed, shared by
        the steps of one job run and spent here; ``None``: no limit
    :param commit: ``False``: never commit (the caller's transaction decides)
    :return: the rows handled
    """
    commit = commit and may_commit(env)
    done = conflicts = 0
    while _spend_batch(budget):
        try:
            # A conflict is expected and tried again, not a "bad query" for the
            # server's error log (Odoo's bus presence mutes its own the same
            # way); any other error still reaches the job's log with its cause.
            with mute_logger("odoo.sql_db"):
                count = batch(batch_size)
        except BATCH_CONFLICTS as error:
            if not commit or conflicts >= MAX_CONFLICTS:
                raise
            # Nothing of this batch is kept; earlier batches are committed.
            env.cr.rollback()  # pylint: disable=invalid-commit
            conflicts += 1
            _logger.info("A batch met another worker's change, tried again: %s", error)
            continue
        if not count:
            break
        done += count
        if commit:
            # A batch is complete and consistent: keep it.
            env.cr.commit()  # pylint: disable=invalid-commit
        if count < batch_size:
            break
    return done


def _spend_batch(budget):
    if budget is None or budget["batches"] is None:
        return True
    if budget["batches"] <= 0:
        return False
    budget["batches"] -= 1
    return True


def check_storable_text(env, values):
    """Refuse a text PostgreSQL cannot store (a NUL character) with a message,
    instead of the database's error; ``values`` are a create's or a write's."""
    if any(isinstance(value, str) and "\x00" in value for value in values):
        raise UserError(
            env._(
                "This text contains a character that cannot be saved (a NUL "
                "character). Remove it and try again."
            )
        )
