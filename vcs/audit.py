"""The audit trail: who read or changed which record, and when.

Append-only, and each entry carries the hash of the one before, so removing or altering an
entry breaks the chain where it happened. Entries never hold a victim's personal details,
only which record was read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from vcs.actors import Actor
from vcs.db import serialise_on
from vcs.tables import AuditEntry

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
    """Append an audit entry. Call inside a write transaction so it stands or falls with the
    change it records."""
    await serialise_on("audit-chain")
    last = await AuditEntry.select(AuditEntry.hash).order_by(AuditEntry.id, ascending=False).first()
    prev_hash = last["hash"] if last else GENESIS
    at = datetime.now(UTC).replace(microsecond=0)
    fields = _fields(at, actor.username, actor.role.value, action, record_type, record_id, detail)
    await AuditEntry.insert(
        AuditEntry(
            at=at,
            actor=actor.username,
            role=actor.role.value,
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
    """Recompute every entry's hash in order; name the first entry whose hash or link is wrong."""
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
