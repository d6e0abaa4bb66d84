"""The audit trail: who read or changed which record, and when.

Append-only, and each entry carries the hash of the one before, so removing or altering an
entry breaks the chain where it happened. Entries never hold a victim's personal details,
only which record was read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piccolo.custom_types import Combinable

from vcs.access.schemas import AuditEntryOut
from vcs.access.tables import AuditEntry
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import InvalidInput, PermissionDenied
from vcs.core.schemas import Page

LONDON = ZoneInfo("Europe/London")

GENESIS = "0" * 64


def _entry_hash(prev_hash: str, fields: dict[str, object]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def _fields(
    at: datetime,
    actor: str,
    role: str,
    action: str,
    record_type: str,
    record_id: int | None,
    detail: str,
) -> dict[str, object]:
    return {
        "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor,
        "role": role,
        "action": action,
        "record_type": record_type,
        "record_id": record_id,
        "detail": detail,
    }


async def record(
    actor: Actor, action: str, record_type: str, record_id: int | None, detail: str = ""
) -> None:
    """Append an audit entry chained to the last one. Call inside the write transaction of the
    change it records so that both stand or fall together; alone, it opens its own. Appends are
    serialised, so entries written at once by many processes still form one chain."""
    async with write_transaction():
        await serialise_on("audit-chain")
        last = (
            await AuditEntry.select(AuditEntry.hash)
            .order_by(AuditEntry.id, ascending=False)
            .first()
        )
        prev_hash = last["hash"] if last else GENESIS
        at = datetime.now(UTC).replace(microsecond=0)
        role = actor.role.value
        fields = _fields(at, actor.username, role, action, record_type, record_id, detail)
        await AuditEntry.insert(
            AuditEntry(
                at=at,
                actor=actor.username,
                role=role,
                action=action,
                record_type=record_type,
                record_id=record_id,
                detail=detail,
                prev_hash=prev_hash,
                hash=_entry_hash(prev_hash, fields),
            )
        )


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken_id: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


async def verify_chain(batch: int = 5000) -> ChainCheck:
    """Recompute every entry's hash in order; name the first entry whose hash or link is wrong.

    An altered entry fails its own hash; a removed entry breaks the link of the one after it;
    an inserted entry fails its link. (Removing the newest entries leaves a shorter chain that
    still verifies: compare the count with an earlier run or a backup to see that.)"""
    prev_hash, count, after = GENESIS, 0, 0
    while True:
        rows = (
            await AuditEntry.select()
            .where(AuditEntry.id > after)
            .order_by(AuditEntry.id)
            .limit(batch)
        )
        if not rows:
            return ChainCheck(count, None)
        for row in rows:
            fields = _fields(
                row["at"],
                row["actor"],
                row["role"],
                row["action"],
                row["record_type"],
                row["record_id"],
                row["detail"],
            )
            if row["prev_hash"] != prev_hash or row["hash"] != _entry_hash(prev_hash, fields):
                return ChainCheck(count, row["id"])
            prev_hash, count, after = row["hash"], count + 1, row["id"]


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list; dates are days in England and Wales (Europe/London)."""

    actor: str | None = None
    record_type: str | None = None
    record_id: int | None = None
    on_or_after: date | None = None
    on_or_before: date | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, LONDON).astimezone(UTC)


def _where(filters: AuditFilter) -> Combinable | None:
    if filters.on_or_after and filters.on_or_before and filters.on_or_after > filters.on_or_before:
        raise InvalidInput.on("until", "The end of the date range must not be before its start")
    parts: list[Combinable] = []
    if filters.actor:
        parts.append(AuditEntry.actor == filters.actor)
    if filters.record_type:
        parts.append(AuditEntry.record_type == filters.record_type)
    if filters.record_id is not None:
        parts.append(AuditEntry.record_id == filters.record_id)
    if filters.on_or_after:
        parts.append(AuditEntry.at >= _start_of(filters.on_or_after))
    if filters.on_or_before:
        parts.append(AuditEntry.at < _start_of(filters.on_or_before + timedelta(days=1)))
    where: Combinable | None = None
    for part in parts:
        where = part if where is None else where & part
    return where


async def list_entries(
    actor: Actor, filters: AuditFilter, limit: int, offset: int
) -> Page[AuditEntryOut]:
    """The audit trail for the service administrator, oldest first. Read-only: there is no way
    to change or remove an entry through the service."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("Only a service administrator can read the audit trail")
    where = _where(filters)
    query = AuditEntry.select().order_by(AuditEntry.id).limit(limit).offset(offset)
    count = AuditEntry.count()
    if where is not None:
        query, count = query.where(where), count.where(where)
    rows = await query
    return Page[AuditEntryOut](
        items=[AuditEntryOut(**r) for r in rows], total=await count, limit=limit, offset=offset
    )
