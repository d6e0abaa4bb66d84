"""Messages to victims, nominees, parents and guardians sent through GOV.UK Notify.

Each message is saved before it is sent (who, which case, channel, template and version, the
personalisation, who approved it); Notify's id and every status it reports are kept. A message
holds the addressee's name and role, never their phone, email or address: those are read from
the case at the moment of sending.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
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

from vcs.core.tables import Case, Unit


class Notification(Table):
    """One message to one person by one channel.

    `state`: awaiting_approval -> queued -> sending (claimed by a worker) -> sent -> delivered |
    failed; or cancelled (never approved, or its addressee refused at sending). `attempt` counts
    the sends: each send has its own client reference `<reference>-<attempt>`, recorded before
    the call, so a worker that dies after sending is found out by that reference, never sent
    again.
    """

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict, index=True)
    reference = Varchar(length=64, unique=True)
    batch = Varchar(length=64, index=True)  # one approval covers a batch
    stage = Varchar(length=48)  # the key stage (or message) it tells
    urgent = Boolean(default=False)
    channel = Varchar(length=8)  # sms | email | letter
    template_id = Varchar(length=64, default="")
    template_version = Varchar(length=64)
    language = Varchar(length=2)  # en | cy
    personalisation = JSON(default="{}")
    letter = Integer(null=True, default=None)  # the drafted letter a precompiled letter sends
    addressee_role = Varchar(length=16)
    addressee_name = Varchar(length=200)
    state = Varchar(length=20, default="awaiting_approval", index=True)
    attempt = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow())
    claimed_at = Timestamptz(null=True, default=None)
    claimed_by = Varchar(length=64, default="")
    notify_id = Varchar(length=64, null=True, default=None, index=True)
    notify_status = Varchar(length=24, default="")
    failure = Text(default="")
    follows = Integer(null=True, default=None)  # the failed message this one falls back from
    created_by = Varchar(length=64)
    approved_by = Varchar(length=64, default="")
    approved_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class NotificationStatus(Table):
    """Every status Notify reported for a message, once each (callbacks may come twice)."""

    id = Serial(primary_key=True)
    notification = ForeignKey(references=Notification, on_delete=OnDelete.cascade, index=True)
    key = Varchar(length=120, unique=True)  # <notification>:<attempt>:<status>
    attempt = Integer(default=1)
    status = Varchar(length=24)
    source = Varchar(length=16)  # send | callback | poll
    reported_at = Timestamptz(null=True, default=None)
    received_at = Timestamptz(default=TimestamptzNow())


class NotifySendingSlot(Table):
    """The sends every worker made in one window of the configured rate (e.g. one second):
    a worker takes a slot in the window before each send, so several workers together keep
    under Notify's limit."""

    id = Serial(primary_key=True)
    tick = BigInt(unique=True)  # the window: seconds since 1970 // its length
    used = Integer(default=0)
