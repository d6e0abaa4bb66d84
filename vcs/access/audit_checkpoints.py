"""Signed checkpoints of the audit trail, kept outside the database.

A checkpoint is a small JSON file in `VCS_AUDIT_CHECKPOINTS` holding the number and hash of the
newest entry at the time, where keyed hashing starts, and when it was written, signed with the
audit key (HMAC-SHA256). Someone who can change the database but not the checkpoints cannot cut
entries off the end of the trail, or re-make it, without `vcs audit verify` seeing that the
trail no longer reaches, or no longer matches, the newest checkpoint.
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


@dataclass(frozen=True)
class Checkpoint:
    seq: int  # the newest entry's number: 0 for an empty trail
    hash: str
    keyed_from: int
    written_at: datetime
    name: str = ""  # the file's name

    @property
    def when(self) -> str:
        return f"the checkpoint of {in_words(self.written_at)}"

    def content(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "keyed_from": self.keyed_from,
            "written_at": self.written_at.astimezone(UTC).isoformat(),
        }


def folder() -> Path:
    return settings.audit_checkpoints


def _parse(path: Path, key: AuditKey) -> Checkpoint | None:
    """The checkpoint in `path` if it is well formed and signed with this key."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        checkpoint = Checkpoint(
            seq=int(body["seq"]),
            hash=str(body["hash"]),
            keyed_from=int(body["keyed_from"]),
            written_at=datetime.fromisoformat(str(body["written_at"])),
            name=path.name,
        )
        signature = str(body["signature"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return checkpoint if same(signature, sign(key, checkpoint.content())) else None


def read_checkpoints(key: AuditKey) -> tuple[list[Checkpoint], list[str]]:
    """The signed checkpoints, oldest entry first, and the names of files in the folder that
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
    return sorted(good, key=lambda c: (c.seq, c.written_at)), bad


def write_checkpoint(key: AuditKey, seq: int, hash_: str, keyed_from: int) -> Checkpoint:
    """Sign and write a checkpoint; the file appears whole or not at all."""
    now = datetime.now(UTC)
    checkpoint = Checkpoint(
        seq, hash_, keyed_from, now, f"checkpoint-{seq:010d}-{now:%Y%m%dT%H%M%S%f}Z.json"
    )
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


def set_aside_after(seq: int, key: AuditKey) -> int:
    """After restoring a backup: move the checkpoints of entries newer than the restored trail
    into a `set-aside-<time>` folder beside them, where they are kept but no longer checked.
    Returns how many were moved."""
    newer = [c for c in read_checkpoints(key)[0] if c.seq > seq]
    if not newer:
        return 0
    aside = folder() / f"set-aside-{datetime.now(UTC):%Y%m%dT%H%M%S%f}Z"
    aside.mkdir(mode=0o700)
    for checkpoint in newer:
        os.replace(folder() / checkpoint.name, aside / checkpoint.name)
    return len(newer)
