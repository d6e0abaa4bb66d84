"""Piccolo tables: the service's persistent record.

Victims' personal details live only in `Victim` (and `NominatedContact`), never beside the
offender: the 2006 probation rule that victim details are not stored with offender records.
Instants are UTC `Timestamptz`; legal dates and deadlines are `Date`.
"""

from __future__ import annotations

from piccolo.columns import (
    BigInt,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from vcs.core.tables import User


class RevokedToken(Table):
    """Bearer tokens signed out before they expired."""

    id = Serial(primary_key=True)
    jti = Varchar(length=64, unique=True, index=True)
    expires_at = Timestamptz()


class SignInCount(Table):
    """Failed sign-ins counted in a window (`vcs.access.throttle`), in the database so that
    every app process counts together. A key holds a hash of the address or username, never
    the text; a window's row is forgotten once it has ended."""

    id = Serial(primary_key=True)
    key = Varchar(length=200, unique=True)
    hits = Integer(default=0)
    ends_ms = BigInt(index=True)  # when the window ends: milliseconds since 1970 (UTC)


class AuditEntry(Table):
    """Append-only audit trail, written in several chains ("lanes") so that writers need not
    wait for each other; each entry is chained to the one before in its lane by a keyed hash.

    `seq` numbers a lane's entries 1, 2, 3... with no gaps (`lane` and `seq` are unique
    together: the index is made by the migration that added lanes); ids may skip where a
    transaction was rolled back, so each chain follows `seq`. Entries made before there were
    lanes are lane 0's first entries."""

    id = Serial(primary_key=True)
    lane = Integer(default=0)
    seq = Integer(default=0)
    at = Timestamptz(default=TimestamptzNow())
    actor = Varchar(length=64)
    role = Varchar(length=32, default="")
    action = Varchar(length=64)
    record_type = Varchar(length=32)
    record_id = Integer(null=True, default=None)
    detail = Text(default="")
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64, unique=True)


class KeptForm(Table):
    """A form sent after its writer's session ended, kept for them while they sign in again:
    the fields as sent (they may hold a victim's details, so never in a page address or a log),
    under a random key that only its writer can use, until `expires_at`."""

    id = Serial(primary_key=True)
    key = Varchar(length=64, unique=True, index=True)
    user = ForeignKey(references=User)
    path = Varchar(length=500)
    fields = Text(default="{}")
    expires_at = Timestamptz(index=True)
