"""The audit trail: who read or changed which record, and when.

Append-only, numbered without gaps, and each entry carries the hash of the one before under a
key the database does not hold (`vcs.access.audit_key`), so removing, altering or renumbering
entries shows where it happened (`vcs.access.audit_verify`); signed checkpoints kept outside the
database show entries cut off the end (`vcs.access.audit_checkpoints`). Entries never hold a
victim's personal details, only which record was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piccolo.custom_types import Combinable

from vcs.access.audit_key import GENESIS, audit_key, entry_fields, keyed_hash
from vcs.access.schemas import AuditEntryOut
from vcs.access.tables import AuditEntry
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import InvalidInput, PermissionDenied
from vcs.core.schemas import Page

LONDON = ZoneInfo("Europe/London")


async def record(
    actor: Actor, action: str, record_type: str, record_id: int | None, detail: str = ""
) -> None:
    """Append an audit entry, numbered after the last and chained to it by a hash keyed with
    the audit key. Call inside the write transaction of the change it records so that both
    stand or fall together; alone, it opens its own. Appends are serialised, so entries written
    at once by many processes still form one chain with no gaps and no repeats (`seq` is also
    unique in the database)."""
    key = audit_key()
    async with write_transaction():
        await serialise_on("audit-chain")
        last = (
            await AuditEntry.select(AuditEntry.seq, AuditEntry.hash)
            .order_by(AuditEntry.seq, ascending=False)
            .first()
        )
        seq, prev_hash = (last["seq"] + 1, last["hash"]) if last else (1, GENESIS)
        at = datetime.now(UTC).replace(microsecond=0)
        role = actor.role.value
        fields = entry_fields(at, actor.username, role, action, record_type, record_id, detail)
        await AuditEntry.insert(
            AuditEntry(
                seq=seq,
                at=at,
                actor=actor.username,
                role=role,
                action=action,
                record_type=record_type,
                record_id=record_id,
                detail=detail,
                prev_hash=prev_hash,
                hash=keyed_hash(key, seq, prev_hash, fields),
            )
        )


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
    query = AuditEntry.select().order_by(AuditEntry.seq).limit(limit).offset(offset)
    count = AuditEntry.count()
    if where is not None:
        query, count = query.where(where), count.where(where)
    rows = await query
    return Page[AuditEntryOut](
        items=[AuditEntryOut(**r) for r in rows], total=await count, limit=limit, offset=offset
    )
