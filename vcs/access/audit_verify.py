"""Checking the audit trail, and signing checkpoints of it.

`verify_chain` walks every entry in number order and recomputes its hash: the numbers must run
1, 2, 3... with no gap, each entry must link to the hash of the one before, and its own hash
must be the keyed hash of its number, that link and its fields (entries made before the service
had a key, numbered below `audit_keyed_from`, are checked against their plain SHA-256 chain).
Then every signed checkpoint must still match: the trail must reach its entry, with the same
hash, and keyed hashing must start where it said. The first bad entry is named.

`take_checkpoint` checks the trail since the newest checkpoint and, only if it holds, signs a
new one; the nightly sweep runs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vcs.access.audit_checkpoints import Checkpoint, read_checkpoints, write_checkpoint
from vcs.access.audit_key import (
    GENESIS,
    AuditKey,
    audit_key,
    entry_fields,
    keyed_hash,
    legacy_hash,
    same,
)
from vcs.access.tables import AuditEntry
from vcs.core.tables import Setting

KEYED_FROM = "audit_keyed_from"


@dataclass(frozen=True)
class Problem:
    message: str
    seq: int | None = None  # the first bad entry's number; None for a bad checkpoint file


@dataclass(frozen=True)
class ChainCheck:
    entries: int  # entries whose hash and link were checked
    key: AuditKey
    keyed_from: int = 1
    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_bad_entry(self) -> int | None:
        return self.problems[0].seq if self.problems else None


async def keyed_from_number() -> int:
    """The number of the first entry hashed with the key (1 unless the database held entries
    made by the previous release, which the migration numbered)."""
    row = await Setting.select(Setting.value).where(Setting.key == KEYED_FROM).first()
    return int(row["value"]) if row else 1


async def newest_entry() -> int:
    """The number of the newest entry (0 when the trail is empty)."""
    row = await AuditEntry.select(AuditEntry.seq).order_by(AuditEntry.seq, ascending=False).first()
    return int(row["seq"]) if row else 0


@dataclass
class _Walk:
    key: AuditKey
    keyed_from: int
    last_seq: int = 0
    last_hash: str = GENESIS
    checked: int = 0
    problem: Problem | None = None

    def take(self, row: dict[str, Any]) -> bool:
        """Check one entry, in number order; False at the first bad one."""
        seq, expected = row["seq"], self.last_seq + 1
        if seq != expected:
            before = f"the trail starts at entry {seq}" if expected == 1 else f"entry {seq}"
            after = "" if expected == 1 else f"the entries go from {expected - 1} to "
            self.problem = Problem(f"entry {expected} is missing: {after}{before}", expected)
            return False
        fields = entry_fields(
            row["at"],
            row["actor"],
            row["role"],
            row["action"],
            row["record_type"],
            row["record_id"],
            row["detail"],
        )
        if row["prev_hash"] != self.last_hash:
            before = "the start of the trail" if seq == 1 else f"the hash of entry {seq - 1}"
            self.problem = Problem(
                f"entry {seq} does not link to {before}: an entry there was removed, added or "
                "changed",
                seq,
            )
            return False
        if seq < self.keyed_from:
            wanted = legacy_hash(self.last_hash, fields)
        else:
            wanted = keyed_hash(self.key, seq, self.last_hash, fields)
        if not same(row["hash"], wanted):
            self.problem = Problem(
                f"entry {seq} does not match its keyed hash: it was changed, or entries were "
                "removed or renumbered and the rest re-hashed without the key",
                seq,
            )
            return False
        self.last_seq, self.last_hash, self.checked = seq, row["hash"], self.checked + 1
        return True


async def _walk(walk: _Walk, batch: int) -> _Walk:
    while True:
        rows = (
            await AuditEntry.select()
            .where(AuditEntry.seq > walk.last_seq)
            .order_by(AuditEntry.seq)
            .limit(batch)
        )
        if not rows or not all(walk.take(row) for row in rows):
            return walk


async def _against_checkpoints(checkpoints: Iterable[Checkpoint], keyed_from: int) -> list[Problem]:
    """Whether the trail still reaches and matches each checkpoint (one query for all)."""
    checkpoints = list(checkpoints)
    if not checkpoints:
        return []
    wanted = [c.seq for c in checkpoints if c.seq > 0]
    rows = await AuditEntry.select(AuditEntry.seq, AuditEntry.hash).where(
        AuditEntry.seq.is_in(wanted or [0])
    )
    held = {r["seq"]: r["hash"] for r in rows}
    last = await newest_entry()
    problems = []
    for c in checkpoints:
        if c.keyed_from != keyed_from:
            problems.append(
                Problem(
                    f"keyed hashing starts at entry {keyed_from}, but {c.when} says it starts "
                    f"at entry {c.keyed_from}: the trail was re-hashed without the key",
                    min(c.keyed_from, keyed_from),
                )
            )
        elif c.seq > last:
            problems.append(
                Problem(
                    f"the trail ends at entry {last}, but {c.when} recorded entry {c.seq}: "
                    "the newest entries have been cut off",
                    last + 1,
                )
            )
        elif c.seq > 0 and not same(held.get(c.seq, ""), c.hash):
            problems.append(Problem(f"entry {c.seq} is not the entry {c.when} recorded", c.seq))
    return problems


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.seq is None, p.seq or 0))


async def _check(since_latest_checkpoint: bool, batch: int) -> tuple[ChainCheck, _Walk]:
    key = audit_key()
    keyed_from = await keyed_from_number()
    checkpoints, bad_files = await asyncio.to_thread(read_checkpoints, key)
    problems = [
        Problem(f"the checkpoint file {name} is not signed with this audit key")
        for name in bad_files
    ]
    problems += await _against_checkpoints(checkpoints, keyed_from)
    walk = _Walk(key, keyed_from)
    if since_latest_checkpoint and checkpoints and not problems:
        walk.last_seq, walk.last_hash = checkpoints[-1].seq, checkpoints[-1].hash
    await _walk(walk, batch)
    if walk.problem:
        problems.append(walk.problem)
    check = ChainCheck(walk.checked, key, keyed_from, checkpoints, _ordered(problems))
    return check, walk


async def verify_chain(batch: int = 5000) -> ChainCheck:
    """Check every entry and every checkpoint; name the first bad entry."""
    check, _ = await _check(since_latest_checkpoint=False, batch=batch)
    return check


@dataclass(frozen=True)
class CheckpointOutcome:
    check: ChainCheck
    written: Checkpoint | None  # None when the trail did not hold


async def take_checkpoint(batch: int = 5000) -> CheckpointOutcome:
    """Sign a checkpoint of the newest entry, after checking the entries since the newest
    checkpoint and that every checkpoint still matches. A trail that does not hold is not
    signed: the problem is returned instead."""
    check, walk = await _check(since_latest_checkpoint=True, batch=batch)
    if not check.intact:
        return CheckpointOutcome(check, None)
    written = await asyncio.to_thread(
        write_checkpoint, check.key, walk.last_seq, walk.last_hash, check.keyed_from
    )
    return CheckpointOutcome(check, written)
