"""The events inbox: every message from HMPPS systems, recorded once before it has any effect.

`message_id` is the message's own id (SNS `MessageId`, or the id a pushing system gives);
`event_key` is a digest of the event itself, so the same event published twice under two message
ids is still one row. Holds offender identifiers and movement facts only, never a victim's.
"""

from __future__ import annotations

from piccolo.columns import (
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from vcs.core.tables import Offender


class InboxMessage(Table):
    """One message from HMPPS systems and what became of it.

    status: received (not handled yet, or failed and to be tried again) | processed | ignored
    (an event type or reason that changes nothing here) | unmatched (waiting in the review queue)
    | dismissed (a manager decided it concerns none of our offenders) | parked (failed
    `VCS_EVENTS_MAX_ATTEMPTS` times, or could not be read: waits for the administrator)."""

    id = Serial(primary_key=True)
    message_id = Varchar(length=128, unique=True)
    event_key = Varchar(length=64, null=True, default=None, unique=True)
    source = Varchar(length=16)  # queue | api
    event_type = Varchar(length=120, default="")
    occurred_at = Timestamptz(null=True, default=None)
    noms = Varchar(length=16, null=True, default=None)
    crn = Varchar(length=16, null=True, default=None)
    body = Text(default="")
    status = Varchar(length=16, default="received", index=True)
    attempts = Integer(default=0)
    error = Text(default="")
    effect = Varchar(length=32, default="")
    offender = ForeignKey(references=Offender, null=True, on_delete=OnDelete.set_null)
    resolved_by = Varchar(length=64, default="")
    resolution = Text(default="")
    received_at = Timestamptz(default=TimestamptzNow())
    handled_at = Timestamptz(null=True, default=None)
