"""The audit trail's key, and the hashes made with it.

The key never lives in the database: it is `VCS_AUDIT_KEY`, or else a random key made once and
kept in a file outside the database (`VCS_AUDIT_KEY_FILE`; by default beside the SQLite file),
readable by its owner only. Each entry's hash is an HMAC-SHA256 under the key over its lane,
its number in the lane, the hash of the entry before in the lane and its own fields, so someone
who can change the database but cannot read the key can neither alter, remove, renumber nor
move entries between lanes and re-hash the rest.

Entries made before the service had a key (by the previous release) keep their plain SHA-256
chain; `vcs.access.audit_verify` checks them as they were made.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from vcs.core.config import settings

GENESIS = "0" * 64  # the "hash before" of the first entry
MIN_KEY_LENGTH = 32


class AuditKeyProblem(Exception):
    """The audit key cannot be used: the words say what to do about it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AuditKey:
    secret: bytes = b""
    source: str = ""  # in words, for `vcs audit verify`
    created: bool = False  # made just now: no entry can have been keyed with it before


_cache: dict[tuple[str | None, Path], AuditKey] = {}


def audit_key() -> AuditKey:
    """The key entries are hashed with: `VCS_AUDIT_KEY`, or the key file (made on first use).
    Read once per process."""
    where = (settings.audit_key, settings.audit_key_file)
    if where not in _cache:
        if settings.audit_key is not None:
            if len(settings.audit_key) < MIN_KEY_LENGTH:
                raise AuditKeyProblem(
                    f"VCS_AUDIT_KEY is too short: use at least {MIN_KEY_LENGTH} random characters"
                )
            _cache[where] = AuditKey(settings.audit_key.encode(), "the VCS_AUDIT_KEY setting")
        else:
            _cache[where] = _from_file(settings.audit_key_file.resolve())
    return _cache[where]


def _from_file(path: Path) -> AuditKey:
    created = False
    if not path.exists():
        created = _create(path)
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyProblem(
            f"The audit key file {path} can be read by other users: make it readable by its "
            f"owner only (chmod 600 {path})"
        )
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < MIN_KEY_LENGTH:
        raise AuditKeyProblem(f"The audit key file {path} holds no usable key")
    return AuditKey(secret.encode(), f"the key file {path}", created)


def _create(path: Path) -> bool:
    """Write a new random key to `path`, readable by its owner only. Several processes starting
    at once make one key between them: each writes its own temporary file and links it into
    place, which fails for all but the first. True when this process made the key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.link(temp, path)
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(temp)


def entry_fields(
    at: datetime,
    actor: str,
    role: str,
    action: str,
    record_type: str,
    record_id: int | None,
    detail: str,
) -> dict[str, object]:
    """What an entry's hash covers, besides its place in the chain."""
    return {
        "at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor,
        "role": role,
        "action": action,
        "record_type": record_type,
        "record_id": record_id,
        "detail": detail,
    }


def _canonical(value: dict[str, object]) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def keyed_hash(
    key: AuditKey, seq: int, prev_hash: str, fields: dict[str, object], lane: int = 0
) -> str:
    """An entry's hash: HMAC-SHA256 under the key over its lane, its number in the lane, the
    hash before and its fields. Lane 0 is left out of the message, so that its entries hash as
    the trail's did before it had lanes; any other lane is in it, so an entry moved to another
    lane no longer matches."""
    place: dict[str, object] = {"seq": seq, "prev_hash": prev_hash}
    if lane:
        place["lane"] = lane
    message = _canonical({**place, **fields})
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()


def legacy_hash(prev_hash: str, fields: dict[str, object]) -> str:
    """The plain SHA-256 chain of the entries made before the service had a key."""
    return hashlib.sha256(prev_hash.encode() + _canonical(fields)).hexdigest()


def sign(key: AuditKey, content: dict[str, object]) -> str:
    """The signature of a checkpoint: HMAC-SHA256 under the key over its content."""
    return hmac.new(key.secret, b"checkpoint:" + _canonical(content), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
