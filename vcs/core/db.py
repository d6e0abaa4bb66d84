"""The database engine: transactions, connection pool and migrations.

SQLite write transactions must begin IMMEDIATE, or two read-then-write transactions running at
once fail with "database is locked"; PostgreSQL takes no such argument. `write_transaction`
hides the difference so that every use case writes all or nothing on either engine.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.querystring import QueryString

from vcs.core.config import settings
from vcs.core.piccolo_conf import DB

# Tables that are no Piccolo table's but kept in step by triggers (PostgreSQL only): the names
# that search reads, one unit at a time (migration 2026-12-06T15:10).
DERIVED_TABLES = ("search_case_name", "search_unit_name")

INDEXES = (
    # The caseload: a unit's open cases, most urgent first.
    # (assigned_to / unit at the end let the caseload counts come from the index alone.)
    "CREATE INDEX IF NOT EXISTS ix_case_caseload"
    " ON vcs_case (unit, state, next_due, id, assigned_to)",
    "CREATE INDEX IF NOT EXISTS ix_case_assigned"
    " ON vcs_case (assigned_to, state, next_due, id, unit)",
    # A case's timeline, oldest first.
    'CREATE INDEX IF NOT EXISTS ix_case_event_timeline ON case_event ("case", id)',
    # The sweep and the managers' list: every unmet clock.
    "CREATE INDEX IF NOT EXISTS ix_deadline_open ON deadline (unit, due) WHERE met_on IS NULL",
    # The sweep's walk over unmet clocks whose breach is not yet recorded, in id order.
    "CREATE INDEX IF NOT EXISTS ix_deadline_unrecorded ON deadline (id)"
    " WHERE met_on IS NULL AND breach_recorded_on IS NULL",
    # Duplicate-referral detection: the same offender, found by birth date then name.
    "CREATE INDEX IF NOT EXISTS ix_offender_birth ON offender (date_of_birth)",
    # An offender manager's own offenders, by name (their list, their search, their counts).
    "CREATE INDEX IF NOT EXISTS ix_offender_manager ON offender (offender_manager, name, id)",
    # Reports (vcs.reports.queries): each aggregate reads one unit's range of dates.
    "CREATE INDEX IF NOT EXISTS ix_deadline_report"
    ' ON deadline (clock, unit, starts_on, due, met_on, "case", referral)',
    # The period's referrals, by id alone (the scheme report's participation joins them with
    # the unit's cases, below, both read from their indexes alone).
    "DROP INDEX IF EXISTS ix_referral_received",
    "CREATE INDEX IF NOT EXISTS ix_referral_received_id ON referral (received_on, id)",
    "CREATE INDEX IF NOT EXISTS ix_case_referral ON vcs_case (unit, referral, participation)",
    # The late referrers: each of the unit's referral clocks looks up its referral's referring
    # unit and sentence, and the sentence's court, from an index rather than the rows.
    "CREATE INDEX IF NOT EXISTS ix_referral_referrer ON referral (id, referring_unit, sentence)",
    "CREATE INDEX IF NOT EXISTS ix_sentence_court ON sentence (id, court)",
    "CREATE INDEX IF NOT EXISTS ix_letter_sent ON letter (unit, sent_on) WHERE status = 'sent'",
    "CREATE INDEX IF NOT EXISTS ix_condition_request_made ON condition_request (unit, created_on)",
    "CREATE INDEX IF NOT EXISTS ix_task_due ON task (unit, due)",
    # The sending worker's claim: approved messages due now, oldest first.
    "CREATE INDEX IF NOT EXISTS ix_notification_due ON notification (next_attempt_at, id)"
    " WHERE state = 'queued'",
    "CREATE INDEX IF NOT EXISTS ix_notification_sending ON notification (claimed_at)"
    " WHERE state = 'sending'",
)


def engine() -> PostgresEngine | SQLiteEngine:
    return DB


def is_postgres() -> bool:
    return isinstance(DB, PostgresEngine)


_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


def _writer_lock() -> asyncio.Lock:
    """One SQLite writer at a time in this process: queueing here is fair and immediate, where
    SQLite's own busy handler would sleep and retry with growing pauses."""
    loop = asyncio.get_running_loop()
    if loop not in _writers:
        _writers[loop] = asyncio.Lock()
    return _writers[loop]


@asynccontextmanager
async def write_transaction() -> AsyncIterator[Any]:
    """A transaction that writes everything or nothing, serialised where the engine needs it.
    Inside another write transaction it joins that one."""
    if isinstance(DB, SQLiteEngine):
        current = DB.current_transaction.get()
        if current is not None:
            async with DB.transaction(transaction_type=TransactionType.immediate) as txn:
                yield txn
            return
        async with (
            _writer_lock(),
            DB.transaction(transaction_type=TransactionType.immediate) as txn,
        ):
            yield txn
    else:
        async with DB.transaction() as txn:
            yield txn


@asynccontextmanager
async def read_transaction() -> AsyncIterator[Any]:
    """Several reads on one connection and one consistent snapshot. On SQLite this also saves
    opening a connection per query. Never write inside it (use `write_transaction`)."""
    async with DB.transaction() as txn:
        yield txn


async def page_total(shown: int, limit: int, offset: int, count: Awaitable[Any]) -> int:
    """How many rows the whole list has, for one page of it: counted (`count` awaited) only
    when the page cannot tell, that is when it is full or past the end."""
    if 0 < shown < limit or (shown == 0 and offset == 0):
        return offset + shown
    return int(await count)


async def serialise_on(key: str) -> None:
    """Within a write transaction, wait for any other transaction holding the same key.

    SQLite's IMMEDIATE transactions already run one at a time; PostgreSQL takes an advisory
    lock released at commit. Used where a read decides a write (duplicate checks, the audit
    chain, the sweep)."""
    if isinstance(DB, PostgresEngine):
        await DB.run_querystring(QueryString("SELECT pg_advisory_xact_lock(hashtext({}))", key))


async def start_pool() -> None:
    """Open the PostgreSQL connection pool (SQLite needs none)."""
    if isinstance(DB, PostgresEngine):
        await DB.start_connection_pool(min_size=1, max_size=settings.pool_size)


async def close_pool() -> None:
    if isinstance(DB, PostgresEngine):
        await DB.close_connection_pool()


async def migrate() -> None:
    """Apply every migration not yet applied, then the indexes the queries rely on."""
    if isinstance(DB, SQLiteEngine):
        await DB.run_ddl("PRAGMA journal_mode=WAL")
    # A migration that rewrites the audit trail takes its guard off itself (as 03:44:30 does);
    # the guard is made again, on both engines, once every migration has run.
    await run_forwards(app_name="vcs", migration_id="all", fake=False)
    for statement in INDEXES:
        await DB.run_ddl(statement)
    for statement in audit_guard_on():
        await DB.run_ddl(statement)


# The audit trail refuses UPDATE and DELETE whoever asks, on both engines.
AUDIT_APPEND_ONLY_TRIGGER = (
    """CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the audit trail is append-only';
    END;
    $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry",
    """CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()""",
)
AUDIT_APPEND_ONLY_SQLITE = tuple(
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_{change} BEFORE {change.upper()} ON audit_entry
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"""
    for change in ("update", "delete")
)


def audit_guard_on() -> tuple[str, ...]:
    """The statements that make the audit trail append-only on this engine."""
    if isinstance(DB, PostgresEngine):
        return AUDIT_APPEND_ONLY_TRIGGER
    return AUDIT_APPEND_ONLY_SQLITE


def audit_guard_off() -> tuple[str, ...]:
    """The statements that take the guard off (a migration rewriting the trail; emptying a test
    database)."""
    if isinstance(DB, PostgresEngine):
        return ("DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry",)
    return tuple(f"DROP TRIGGER IF EXISTS audit_entry_no_{c}" for c in ("update", "delete"))


async def ping() -> None:
    """Fail if the database cannot be reached."""
    await DB.run_ddl("SELECT 1")
