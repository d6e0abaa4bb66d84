"""The shape of an audit entry as the service administrator sees it."""

from __future__ import annotations

from datetime import datetime

from vcs.schemas.common import Output


class AuditEntryOut(Output):
    """Who did what to which record, when; chained to the entry before by `prev_hash`.
    Never holds a victim's personal details, only which record was read."""

    id: int
    at: datetime
    actor: str
    role: str
    action: str
    record_type: str
    record_id: int | None
    detail: str
    prev_hash: str
    hash: str
