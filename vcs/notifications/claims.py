"""Claiming messages to send: on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so two workers never
claim the same row; on SQLite in one IMMEDIATE transaction (one writer). A claim writes the
attempt before the call to Notify, and a row a dead worker left "sending" is claimed again after
its lease with the same reference, so it is looked up at Notify, never sent twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from vcs.core import config
from vcs.core.db import is_postgres, write_transaction
from vcs.notifications.tables import Notification


async def _claim(sql: str, *args: Any) -> list[dict[str, Any]]:
    async with write_transaction():
        return list(await Notification.raw(sql, *args))


def _skip_locked() -> str:
    return " FOR UPDATE SKIP LOCKED" if is_postgres() else ""


# Two fixed statements; the values are bound parameters, the lock clause one of two constants.
STALE = (
    "UPDATE notification SET claimed_at = {}, claimed_by = {} WHERE id IN ("
    "SELECT id FROM notification WHERE state = 'sending' AND claimed_at < {} "
    "ORDER BY id LIMIT {}%s) RETURNING id, attempt, reference"
)
DUE = (
    "UPDATE notification SET state = 'sending', attempt = attempt + 1, notify_status = '', "
    "claimed_at = {}, claimed_by = {}, updated_at = {} WHERE id IN ("
    "SELECT id FROM notification WHERE state = 'queued' AND next_attempt_at <= {} "
    "ORDER BY id LIMIT {}%s) RETURNING id, attempt, reference"
)


# A slot in the rate's window: the window's row made or its count raised, under the limit only.
SLOT = (
    "INSERT INTO notify_sending_slot (tick, used) VALUES ({}, 1) "
    "ON CONFLICT (tick) DO UPDATE SET used = notify_sending_slot.used + 1 "
    "WHERE notify_sending_slot.used < {} RETURNING used"
)


async def claim_stale(worker: str, limit: int, now: datetime) -> list[dict[str, Any]]:
    """Rows a dead worker left "sending": claimed again, same attempt (same reference)."""
    return await _claim(
        STALE % _skip_locked(),
        now,
        worker,
        now - timedelta(seconds=config.settings.notify_lease_seconds),
        limit,
    )


async def claim_due(worker: str, limit: int, now: datetime) -> list[dict[str, Any]]:
    """Approved rows due now: a new attempt (a new client reference) each."""
    return await _claim(
        DUE % _skip_locked(),
        now,
        worker,
        now,
        now,
        limit,
    )
