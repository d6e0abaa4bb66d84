"""Piccolo tables: the service's persistent record.

Victims' personal details live only in `Victim` (and `NominatedContact`), never beside the
offender: the 2006 probation rule that victim details are not stored with offender records.
Instants are UTC `Timestamptz`; legal dates and deadlines are `Date`.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from vcs.core.tables import Case


class ParticipationChange(Table):
    """One opt-in or opt-out, as the victim told us: the full history is kept."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=16)  # opted_in | opted_out
    level = Varchar(length=16, null=True, default=None)  # release_month | annual | key_stages
    on = Date()
    reason = Text(default="")
    recorded_by = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())


class ContactAttempt(Table):
    """An attempt to reach the victim (or their contact), or a note that is not contact."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    on = Date()
    method = Varchar(length=16)  # letter | phone | email | visit | sms
    outcome = Varchar(length=24)
    follow_up = Boolean(default=False)
    notes = Text(default="")
    recorded_by = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())


class NominatedContact(Table):
    """Who receives information for the victim: a nominee, or a parent or guardian while the
    victim is under 18. Personal details: every read is audited."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, unique=True)
    kind = Varchar(length=16, default="nominee")  # nominee | parent_guardian
    name = Varchar(length=200)
    relationship = Varchar(length=100)
    address_line1 = Varchar(length=200, default="")
    address_line2 = Varchar(length=200, default="")
    town = Varchar(length=100, default="")
    postcode = Varchar(length=10, default="")
    email = Varchar(length=254, default="")
    phone = Varchar(length=32, default="")


class Preference(Table):
    """How the victim wants to hear from us."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, unique=True)
    channels = JSON(default='["post"]')  # in order of preference: post, email, phone
    language = Varchar(length=2, default="en")
    large_print = Boolean(default=False)
    easy_read = Boolean(default=False)
    interpreter_language = Varchar(length=100, default="")
    safe_times_to_call = Varchar(length=500, default="")
    no_post_to_home = Boolean(default=False)


class EntitlementRecord(Table):
    """Whether one of the victim's entitlements under the Victims' Code was delivered, when,
    and the reason for any departure (Victims and Prisoners Act 2024, s.5)."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    entitlement = Varchar(length=32)
    delivered = Boolean(default=True)
    on = Date()
    departure = Varchar(length=32, default="")  # the reason for a departure, from DEPARTURES
    notes = Text(default="")
    recorded_by = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())
