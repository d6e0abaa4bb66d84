"""Forms sent after the writer's session ended, kept so that nothing they typed is lost.

The fields are kept in the database (never in a page address or a log: they may hold a victim's
details) under a random key tied to the person whose session it was, for `VCS_KEPT_FORM_SECONDS`.
After signing in again the same person, and nobody else, takes them back once, on the page the
form was sent from; anyone else's key, or an expired one, gives nothing.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from vcs.access.tables import KeptForm
from vcs.core.config import settings
from vcs.core.db import write_transaction

MAX_FIELDS = 200


async def keep(user_id: int, path: str, fields: dict[str, str], now: datetime) -> str:
    """Keep a form's fields for the person whose session ended; the key to take them back."""
    key = secrets.token_urlsafe(32)
    kept = dict(list(fields.items())[:MAX_FIELDS])
    until = now + timedelta(seconds=settings.kept_form_seconds)
    async with write_transaction():
        await KeptForm.delete().where(KeptForm.expires_at < now)
        await KeptForm.insert(
            KeptForm(key=key, user=user_id, path=path, fields=json.dumps(kept), expires_at=until)
        )
    return key


@dataclass(frozen=True)
class Kept:
    path: str  # where the form was sent
    fields: dict[str, str]


async def take(key: str, user_id: int, now: datetime, path: str | None = None) -> Kept | None:
    """The form kept under `key`, once, if it is this person's, not yet expired and (when
    `path` is given) was sent to that page; None otherwise (another person's key is left
    alone)."""
    if not key or len(key) > 64:
        return None
    found = KeptForm.select(KeptForm.id, KeptForm.path, KeptForm.fields, KeptForm.expires_at)
    async with write_transaction():
        row = await found.where(KeptForm.key == key, KeptForm.user == user_id).first()
        if row is None or (path is not None and row["path"] != path):
            return None
        await KeptForm.delete().where(KeptForm.id == row["id"])
    if row["expires_at"] < now:
        return None
    fields = json.loads(row["fields"])
    if not isinstance(fields, dict):
        return None
    return Kept(str(row["path"]), {str(k): str(v) for k, v in fields.items()})
