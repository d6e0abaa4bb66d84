"""Checking the audit trail, and signing checkpoints of it.

`verify_chain` walks every lane of the trail in number order and recomputes each entry's hash:
a lane's numbers must run 1, 2, 3... with no gap, each entry must link to the hash of the one
before in its lane, and its own hash must be the keyed hash of its lane, its number, that link
and its fields (lane 0's entries made before the service had a key, numbered below
`audit_keyed_from`, are checked against their plain SHA-256 chain). Then every signed checkpoint
must still match: every lane must reach the entry the checkpoint recorded for it, with the same
hash, and keyed hashing must start where it said. The first bad entry of each lane is named.

`take_checkpoint` checks the entries since the newest checkpoint and, only if they hold, signs a
new one; the nightly sweep runs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vcs.access.audit_checkpoints import Checkpoint, Head, read_checkpoints, write_checkpoint
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
    lane: int = 0


@dataclass(frozen=True)
class ChainCheck:
    entries: int  # entries whose hash and link were checked
    key: AuditKey
    keyed_from: int = 1
    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lanes: dict[int, int] = field(default_factory=dict)  # each lane walked: its last good entry

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_bad_entry(self) -> int | None:
        return self.problems[0].seq if self.problems else None

    @property
    def first_bad_lane(self) -> int | None:
        return self.problems[0].lane if self.problems else None


def entry_name(lane: int, seq: int) -> str:
    return f"entry {seq} of lane {lane}"


async def keyed_from_number() -> int:
    """The number of lane 0's first entry hashed with the key (1 unless the database held
    entries made by the previous release, which the migration numbered)."""
    row = await Setting.select(Setting.value).where(Setting.key == KEYED_FROM).first()
    return int(row["value"]) if row else 1


async def lane_heads() -> dict[int, tuple[int, str]]:
    """Every lane holding entries: the number and hash of its newest. One short query per lane
    (the unique index on lane and number answers each)."""
    heads: dict[int, tuple[int, str]] = {}
    lane = -1
    while True:
        row = await (
            AuditEntry.select(AuditEntry.lane)
            .where(AuditEntry.lane > lane)
            .order_by(AuditEntry.lane)
            .first()
        )
        if row is None:
            return heads
        lane = int(row["lane"])
        top = (
            await AuditEntry.select(AuditEntry.seq, AuditEntry.hash)
            .where(AuditEntry.lane == lane)
            .order_by(AuditEntry.seq, ascending=False)
            .first()
        )
        if top is not None:
            heads[lane] = (int(top["seq"]), str(top["hash"]))


async def newest_entries() -> dict[int, int]:
    """Each lane's newest entry's number."""
    return {lane: seq for lane, (seq, _) in (await lane_heads()).items()}


@dataclass
class _Walk:
    key: AuditKey
    keyed_from: int
    lane: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    checked: int = 0
    problem: Problem | None = None

    def _fail(self, message: str, seq: int) -> bool:
        self.problem = Problem(message, seq, self.lane)
        return False

    def take(self, row: dict[str, Any]) -> bool:
        """Check one entry of the lane, in number order; False at the first bad one."""
        seq, expected, lane = row["seq"], self.last_seq + 1, self.lane
        if seq != expected:
            before = f"lane {lane} starts at entry {seq}" if expected == 1 else f"entry {seq}"
            after = "" if expected == 1 else f"the entries go from {expected - 1} to "
            return self._fail(f"{entry_name(lane, expected)} is missing: {after}{before}", expected)
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
            before = f"the start of lane {lane}" if seq == 1 else f"the hash of entry {seq - 1}"
            return self._fail(
                f"{entry_name(lane, seq)} does not link to {before}: an entry there was "
                "removed, added, changed or moved from another lane",
                seq,
            )
        if lane == 0 and seq < self.keyed_from:
            wanted = legacy_hash(self.last_hash, fields)
        else:
            wanted = keyed_hash(self.key, seq, self.last_hash, fields, lane)
        if not same(row["hash"], wanted):
            return self._fail(
                f"{entry_name(lane, seq)} does not match its keyed hash: it was changed or moved "
                "from another lane, or entries were removed or renumbered and the rest re-hashed "
                "without the key",
                seq,
            )
        self.last_seq, self.last_hash, self.checked = seq, row["hash"], self.checked + 1
        return True


async def _walk(walk: _Walk, batch: int) -> _Walk:
    while True:
        rows = (
            await AuditEntry.select()
            .where((AuditEntry.lane == walk.lane) & (AuditEntry.seq > walk.last_seq))
            .order_by(AuditEntry.seq)
            .limit(batch)
        )
        if not rows or not all(walk.take(row) for row in rows):
            return walk


async def _against_checkpoints(
    checkpoints: Iterable[Checkpoint], keyed_from: int, heads: dict[int, tuple[int, str]]
) -> list[Problem]:
    """Whether every lane still reaches and matches each checkpoint (one query per lane)."""
    checkpoints = list(checkpoints)
    wanted: dict[int, set[int]] = {}
    for c in checkpoints:
        for lane, seq, _ in c.heads:
            if 0 < seq <= heads.get(lane, (0, ""))[0]:
                wanted.setdefault(lane, set()).add(seq)
    held: dict[tuple[int, int], str] = {}
    for lane, seqs in wanted.items():
        rows = await AuditEntry.select(AuditEntry.seq, AuditEntry.hash).where(
            (AuditEntry.lane == lane) & AuditEntry.seq.is_in(sorted(seqs))
        )
        held.update({(lane, r["seq"]): r["hash"] for r in rows})
    problems = []
    for c in checkpoints:
        if c.keyed_from != keyed_from:
            problems.append(
                Problem(
                    f"keyed hashing starts at entry {keyed_from} of lane 0, but {c.when} says it "
                    f"starts at entry {c.keyed_from}: the trail was re-hashed without the key",
                    min(c.keyed_from, keyed_from),
                )
            )
            continue
        for lane, seq, hash_ in c.heads:
            last = heads.get(lane, (0, ""))[0]
            if seq > last:
                problems.append(
                    Problem(
                        f"lane {lane} ends at entry {last}, but {c.when} recorded entry {seq}: "
                        "the newest entries have been cut off",
                        last + 1,
                        lane,
                    )
                )
            elif seq > 0 and not same(held.get((lane, seq), ""), hash_):
                problems.append(
                    Problem(
                        f"{entry_name(lane, seq)} is not the entry {c.when} recorded", seq, lane
                    )
                )
    return problems


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.seq is None, p.lane, p.seq or 0))


async def _check(since_latest_checkpoint: bool, batch: int) -> tuple[ChainCheck, list[_Walk]]:
    key = audit_key()
    keyed_from = await keyed_from_number()
    checkpoints, bad_files = await asyncio.to_thread(read_checkpoints, key)
    heads = await lane_heads()
    problems = [
        Problem(f"the checkpoint file {name} is not signed with this audit key")
        for name in bad_files
    ]
    problems += await _against_checkpoints(checkpoints, keyed_from, heads)
    start_from = (
        checkpoints[-1] if since_latest_checkpoint and checkpoints and not problems else None
    )
    walks = []
    for lane in sorted(heads):
        walk = _Walk(key, keyed_from, lane)
        if start_from is not None and start_from.head(lane)[0] > 0:
            walk.last_seq, walk.last_hash = start_from.head(lane)
        await _walk(walk, batch)
        if walk.problem:
            problems.append(walk.problem)
        walks.append(walk)
    check = ChainCheck(
        sum(w.checked for w in walks),
        key,
        keyed_from,
        checkpoints,
        _ordered(problems),
        {w.lane: w.last_seq for w in walks},
    )
    return check, walks


async def verify_chain(batch: int = 5000) -> ChainCheck:
    """Check every entry of every lane and every checkpoint; name each lane's first bad entry."""
    check, _ = await _check(since_latest_checkpoint=False, batch=batch)
    return check


@dataclass(frozen=True)
class CheckpointOutcome:
    check: ChainCheck
    written: Checkpoint | None  # None when the trail did not hold


async def take_checkpoint(batch: int = 5000) -> CheckpointOutcome:
    """Sign a checkpoint of every lane's newest entry, after checking the entries since the
    newest checkpoint and that every checkpoint still matches. A trail that does not hold is
    not signed: the problem is returned instead."""
    check, walks = await _check(since_latest_checkpoint=True, batch=batch)
    if not check.intact:
        return CheckpointOutcome(check, None)
    heads: list[Head] = [(w.lane, w.last_seq, w.last_hash) for w in walks if w.last_seq > 0]
    written = await asyncio.to_thread(write_checkpoint, check.key, heads, check.keyed_from)
    return CheckpointOutcome(check, written)
