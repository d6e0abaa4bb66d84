"""The audit trail: who read or changed which record, and when.

Append-only, and written in several chains ("lanes", `vcs.access.audit_lanes`) so that
transactions writing at once need not wait for each other. Each lane is numbered without gaps,
and each entry carries the hash of the one before in its lane under a key the database does not
hold (`vcs.access.audit_key`), so removing, altering, renumbering or moving entries between
lanes shows where it happened (`vcs.access.audit_verify`); signed checkpoints of every lane's
newest entry, kept outside the database, show entries cut off the end of any lane
(`vcs.access.audit_checkpoints`). Entries never hold a victim's personal details, only which
record was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piccolo.custom_types import Combinable

from vcs.access.audit_key import GENESIS, audit_key, entry_fields, keyed_hash
from vcs.access.audit_lanes import hold_lane, take_lane
from vcs.access.audit_verify import keyed_from_number
from vcs.access.schemas import AuditEntryOut
from vcs.access.tables import AuditEntry
from vcs.core.actors import SYSTEM, Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import InvalidInput, PermissionDenied
from vcs.core.schemas import Page

LONDON = ZoneInfo("Europe/London")


async def record(
    actor: Actor, action: str, record_type: str, record_id: int | None, detail: str = ""
) -> None:
    """Append an audit entry to this transaction's lane, numbered after the lane's last and
    chained to it by a hash keyed with the audit key. Call inside the write transaction of the
    change it records so that both stand or fall together; alone, it opens its own. Only one
    transaction at a time holds a lane, so each lane stays one chain with no gaps and no
    repeats (`lane` and `seq` are also unique together in the database)."""
    async with write_transaction():
        if not _unkeyed_looked_for:
            await bind_unkeyed_entries()
        await _append(await take_lane(), actor, action, record_type, record_id, detail)


async def _append(
    lane: int, actor: Actor, action: str, record_type: str, record_id: int | None, detail: str
) -> None:
    """Append an entry to `lane`, which this transaction holds."""
    last = (
        await AuditEntry.select(AuditEntry.seq, AuditEntry.hash)
        .where(AuditEntry.lane == lane)
        .order_by(AuditEntry.seq, ascending=False)
        .first()
    )
    seq, prev_hash = (last["seq"] + 1, last["hash"]) if last else (1, GENESIS)
    at = datetime.now(UTC).replace(microsecond=0)
    role = actor.role.value
    fields = entry_fields(at, actor.username, role, action, record_type, record_id, detail)
    await AuditEntry.insert(
        AuditEntry(
            lane=lane,
            seq=seq,
            at=at,
            actor=actor.username,
            role=role,
            action=action,
            record_type=record_type,
            record_id=record_id,
            detail=detail,
            prev_hash=prev_hash,
            hash=keyed_hash(audit_key(), seq, prev_hash, fields, lane),
        )
    )


_unkeyed_looked_for = False  # whether this process has run `bind_unkeyed_entries`


async def bind_unkeyed_entries() -> bool:
    """When lane 0 ends with entries made before the service had a key (a database of an older
    release), append a keyed entry to it, so that those entries are bound under the key by the
    next entry at once, as they were when the trail was one chain, rather than whenever a writer
    next happens to take lane 0. Each process runs it before its first entry (two short reads;
    lane 0 is held only when there is something to bind). True if an entry was appended."""
    global _unkeyed_looked_for
    async with write_transaction():
        if not await _lane_0_unbound():
            _unkeyed_looked_for = True
            return False
        await hold_lane(0)
        if not await _lane_0_unbound():  # another process bound them meanwhile
            return False
        keyed_from = await keyed_from_number()
        detail = f"binds entries 1 to {keyed_from - 1} of lane 0 under the audit key"
        await _append(0, SYSTEM, "audit_keyed", "audit_entry", None, detail)
    _unkeyed_looked_for = True
    return True


async def _lane_0_unbound() -> bool:
    keyed_from = await keyed_from_number()
    if keyed_from <= 1:
        return False
    last = (
        await AuditEntry.select(AuditEntry.seq)
        .where(AuditEntry.lane == 0)
        .order_by(AuditEntry.seq, ascending=False)
        .first()
    )
    return last is not None and last["seq"] == keyed_from - 1


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
    """The audit trail for the service administrator, oldest first (entries made in the same
    second by lane, then number). Read-only: there is no way to change or remove an entry
    through the service."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("Only a service administrator can read the audit trail")
    where = _where(filters)
    query = (
        AuditEntry.select()
        .order_by(AuditEntry.at, AuditEntry.lane, AuditEntry.seq)
        .limit(limit)
        .offset(offset)
    )
    count = AuditEntry.count()
    if where is not None:
        query, count = query.where(where), count.where(where)
    rows = await query
    return Page[AuditEntryOut](
        items=[AuditEntryOut(**r) for r in rows], total=await count, limit=limit, offset=offset
    )
