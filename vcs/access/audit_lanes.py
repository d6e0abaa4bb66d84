"""Which lane of the audit trail a transaction writes its entries in.

The trail is several chains ("lanes", `VCS_AUDIT_LANES`, on PostgreSQL; one on SQLite, where
writes run one at a time anyway). A lane is held from a transaction's first entry until it
commits or rolls back, by an advisory lock; a writer takes the first lane no one holds, without
waiting, and waits only when every lane is held. So writers in different transactions do not
queue behind each other, and each lane stays one unbroken chain numbered without gaps.

Each process starts looking at a lane of its own (from its process id) and passes over the
lanes its own transactions hold, so writers seldom even try a lane someone else holds. Within
one transaction every entry goes in the same lane.
"""

from __future__ import annotations

import os
import threading

from piccolo.querystring import QueryString

from vcs.core.config import settings
from vcs.core.db import is_postgres
from vcs.core.piccolo_conf import DB

LOCK_CLASS = "audit-lane"

# The lanes this process's transactions hold: lane -> the transaction holding it. Only a hint
# for where to start looking (the advisory lock decides); a finished transaction lets go.
_held: dict[int, object] = {}
_held_guard = threading.Lock()


def lane_count() -> int:
    return settings.audit_lanes if is_postgres() else 1


def first_choice(count: int) -> int:
    """Where this process starts looking: spread over the lanes by process id."""
    return (os.getpid() * 2654435761 >> 7) % count


def _finished(transaction: object) -> bool:
    return bool(
        getattr(transaction, "_committed", True) or getattr(transaction, "_rolled_back", True)
    )


def _order(transaction: object, count: int) -> tuple[int | None, list[int]]:
    """The lane this transaction already holds, if any; else the lanes to try, in order: those
    this process's other transactions do not hold first."""
    with _held_guard:
        for lane, holder in list(_held.items()):
            if holder is transaction:
                return lane, []
            if _finished(holder):
                del _held[lane]
        start = first_choice(count)
        lanes = [(start + i) % count for i in range(count)]
        return None, [n for n in lanes if n not in _held] + [n for n in lanes if n in _held]


def _hold(lane: int, transaction: object) -> int:
    with _held_guard:
        _held[lane] = transaction
    return lane


async def _try(lane: int) -> bool:
    rows = await DB.run_querystring(
        QueryString("SELECT pg_try_advisory_xact_lock(hashtext({}), {}) AS held", LOCK_CLASS, lane)
    )
    return bool(rows[0]["held"])


async def take_lane() -> int:
    """The lane for this transaction's entries, held until it ends. Call inside the write
    transaction; on SQLite always lane 0."""
    if not is_postgres():
        return 0
    transaction = DB.current_transaction.get()
    held, lanes = _order(transaction, lane_count())
    if held is not None:
        return held
    for lane in lanes:
        if await _try(lane):
            return _hold(lane, transaction)
    return await hold_lane(lanes[0])


async def hold_lane(lane: int) -> int:
    """Hold `lane` for this transaction, waiting for whoever holds it now."""
    if is_postgres():
        await DB.run_querystring(
            QueryString("SELECT pg_advisory_xact_lock(hashtext({}), {})", LOCK_CLASS, lane)
        )
        _hold(lane, DB.current_transaction.get())
    return lane
