"""Signed checkpoints of the audit trail, kept outside the database.

A checkpoint is a small JSON file in `VCS_AUDIT_CHECKPOINTS` holding, for every lane of the
trail, the number and hash of its newest entry at the time, where keyed hashing starts, and
when it was written, signed with the audit key (HMAC-SHA256). Someone who can change the
database but not the checkpoints cannot cut entries off the end of any lane, or re-make it,
without `vcs audit verify` seeing that the lane no longer reaches, or no longer matches, the
newest checkpoint. Checkpoints written before the trail had lanes hold lane 0's newest entry
alone, in their own form, and are still checked.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from letters import Language
from letters.dates import MONTHS as LETTER_MONTHS
from vcs.access.audit_key import AuditKey, same, sign
from vcs.core.config import settings

LONDON = ZoneInfo("Europe/London")
PATTERN = "checkpoint-*.json"
MONTHS = LETTER_MONTHS[Language.EN]


def in_words(moment: datetime) -> str:
    """A moment as people write it, in England and Wales: 6 December 2026 at 14:05."""
    local = moment.astimezone(LONDON)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} at {local:%H:%M}"


Head = tuple[int, int, str]  # a lane, the number of its newest entry (0 if none) and its hash


@dataclass(frozen=True)
class Checkpoint:
    heads: tuple[Head, ...]  # every lane's newest entry, by lane
    keyed_from: int
    written_at: datetime
    name: str = ""  # the file's name
    single_chain: bool = False  # written before lanes: lane 0 alone, in the form of then

    @property
    def when(self) -> str:
        return f"the checkpoint of {in_words(self.written_at)}"

    @property
    def entries(self) -> int:
        return sum(seq for _, seq, _ in self.heads)

    def head(self, lane: int) -> tuple[int, str]:
        """The number and hash of `lane`'s newest entry then (0 when it had none)."""
        return next(((seq, hash_) for n, seq, hash_ in self.heads if n == lane), (0, ""))

    def content(self) -> dict[str, object]:
        written_at = self.written_at.astimezone(UTC).isoformat()
        if self.single_chain:
            _, seq, hash_ = self.heads[0]
            return {
                "seq": seq,
                "hash": hash_,
                "keyed_from": self.keyed_from,
                "written_at": written_at,
            }
        return {
            "lanes": [[lane, seq, hash_] for lane, seq, hash_ in self.heads],
            "keyed_from": self.keyed_from,
            "written_at": written_at,
        }


def folder() -> Path:
    return settings.audit_checkpoints


def _parse(path: Path, key: AuditKey) -> Checkpoint | None:
    """The checkpoint in `path` if it is well formed and signed with this key."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        single = "lanes" not in body
        heads = (
            [(0, int(body["seq"]), str(body["hash"]))]
            if single
            else [(int(lane), int(seq), str(hash_)) for lane, seq, hash_ in body["lanes"]]
        )
        checkpoint = Checkpoint(
            heads=tuple(sorted(heads)),
            keyed_from=int(body["keyed_from"]),
            written_at=datetime.fromisoformat(str(body["written_at"])),
            name=path.name,
            single_chain=single,
        )
        signature = str(body["signature"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return checkpoint if same(signature, sign(key, checkpoint.content())) else None


def read_checkpoints(key: AuditKey) -> tuple[list[Checkpoint], list[str]]:
    """The signed checkpoints, fewest entries first, and the names of files in the folder that
    are not checkpoints signed with this key (altered, or made with another key)."""
    if not folder().is_dir():
        return [], []
    good, bad = [], []
    for path in sorted(folder().glob(PATTERN)):
        checkpoint = _parse(path, key)
        if checkpoint is None:
            bad.append(path.name)
        else:
            good.append(checkpoint)
    return sorted(good, key=lambda c: (c.entries, c.written_at)), bad


def write_checkpoint(key: AuditKey, heads: list[Head], keyed_from: int) -> Checkpoint:
    """Sign and write a checkpoint of every lane's newest entry; the file appears whole or not
    at all."""
    now = datetime.now(UTC)
    total = sum(seq for _, seq, _ in heads)
    name = f"checkpoint-{total:010d}-{now:%Y%m%dT%H%M%S%f}Z.json"
    checkpoint = Checkpoint(tuple(sorted(heads)), keyed_from, now, name)
    body = {**checkpoint.content(), "signature": sign(key, checkpoint.content())}
    folder().mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(dir=folder(), prefix=".checkpoint-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(body, out, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, folder() / checkpoint.name)
    finally:
        Path(temp).unlink(missing_ok=True)
    return checkpoint


def set_aside_after(newest: dict[int, int], key: AuditKey) -> int:
    """After restoring a backup: move the checkpoints of entries newer than the restored trail
    (in any lane; `newest` is each lane's newest entry) into a `set-aside-<time>` folder beside
    them, where they are kept but no longer checked. Returns how many were moved."""
    newer = [
        c
        for c in read_checkpoints(key)[0]
        if any(seq > newest.get(lane, 0) for lane, seq, _ in c.heads)
    ]
    if not newer:
        return 0
    aside = folder() / f"set-aside-{datetime.now(UTC):%Y%m%dT%H%M%S%f}Z"
    aside.mkdir(mode=0o700)
    for checkpoint in newer:
        os.replace(folder() / checkpoint.name, aside / checkpoint.name)
    return len(newer)
