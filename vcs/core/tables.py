"""Piccolo tables: the service's persistent record.

Victims' personal details live only in `Victim` (and `NominatedContact`), never beside the
offender: the 2006 probation rule that victim details are not stored with offender records.
Instants are UTC `Timestamptz`; legal dates and deadlines are `Date`.
"""

from __future__ import annotations

from datetime import date

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
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

NO_CLOCK = date(9999, 12, 31)  # Case.next_due when no clock is running: sorts after every real date


class Setting(Table):
    """Service-wide values shared by every app process (the token signing key)."""

    id = Serial(primary_key=True)
    key = Varchar(length=64, unique=True)
    value = Text()


class Unit(Table):
    """A Victim Liaison Unit, a Witness Care Unit or a probation delivery unit."""

    id = Serial(primary_key=True)
    code = Varchar(length=32, unique=True, index=True)
    name = Varchar(length=200)
    welsh_name = Varchar(length=200, default="")  # printed on Welsh letters; else the name
    region = Varchar(length=100)
    kind = Varchar(length=16)  # vlu | wcu | probation
    address = Text(default="")
    phone = Varchar(length=40, default="")
    email = Varchar(length=200, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class User(Table, tablename="app_user"):
    """Someone who signs in: a VLO, a Witness Care officer, an offender manager, an admin."""

    id = Serial(primary_key=True)
    username = Varchar(length=64, unique=True, index=True)
    display_name = Varchar(length=200, default="")
    password_hash = Varchar(length=255, secret=True)
    role = Varchar(length=32)
    unit = ForeignKey(references=Unit, null=True, on_delete=OnDelete.restrict)
    active = Boolean(default=True)
    failed_sign_ins = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    last_signed_in_at = Timestamptz(null=True, default=None)
    # Every token carries the number current when it was issued; deactivating the user or
    # changing their role or unit moves it on, which ends every session at once.
    session_generation = Integer(default=0)


class Offender(Table):
    """The person convicted. Holds no victim details, by rule."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    date_of_birth = Date()
    crn = Varchar(length=16, null=True, default=None, index=True)
    prison_number = Varchar(length=16, null=True, default=None, index=True)
    pnc = Varchar(length=20, null=True, default=None, index=True)
    offender_manager = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())


class Sentence(Table):
    id = Serial(primary_key=True)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.restrict, index=True)
    sentenced_on = Date()
    court = Varchar(length=200)
    type = Varchar(length=32)
    length_months = Integer(null=True, default=None)


class Referral(Table):
    """A Witness Care Unit's referral of a sentenced case to a Victim Liaison Unit."""

    id = Serial(primary_key=True)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict, index=True)
    referring_unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict, index=True)
    referred_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.restrict, index=True)
    sentence = ForeignKey(references=Sentence, on_delete=OnDelete.restrict, index=True)
    received_on = Date()
    eligibility_status = Varchar(length=16)
    eligibility_reasons = JSON(default="[]")
    rules_version = Varchar(length=64)
    contact_route = Varchar(length=32, null=True, default=None)
    discretionary_reason = Text(default="")
    # "signposted to the helpline" for a victim outside every scheme (Victims and Courts Act
    # 2026), else empty.
    outcome = Varchar(length=40, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Victim(Table):
    """A victim (or the person who stands in for them). Personal details: every read is audited."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    relationship = Varchar(length=32)
    date_of_birth = Date(null=True, default=None)
    address_line1 = Varchar(length=200, default="")
    address_line2 = Varchar(length=200, default="")
    town = Varchar(length=100, default="")
    postcode = Varchar(length=10, default="")
    email = Varchar(length=254, default="")
    phone = Varchar(length=32, default="")
    language = Varchar(length=2, default="en")
    deceased_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Case(Table, tablename="vcs_case"):
    """One victim's case: their own choices, their own clock.

    `next_due` is the earliest unmet clock's due date (NO_CLOCK when none runs), kept in step
    by `vcs.core.clocks` so that the caseload is sorted most urgent first by an index rather than by
    scanning every clock.
    `version` rises with every change so that two people saving at once cannot lose an update.
    """

    id = Serial(primary_key=True)
    referral = ForeignKey(references=Referral, on_delete=OnDelete.restrict, index=True)
    victim = ForeignKey(references=Victim, on_delete=OnDelete.restrict, index=True)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.restrict, index=True)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict)
    assigned_to = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    state = Varchar(length=16, default="open")  # open | closed
    eligibility_status = Varchar(length=16)
    # The victim's current choice, derived from the participation history and kept in step.
    participation = Varchar(length=16, default="not_contacted")
    participation_level = Varchar(length=16, null=True, default=None)
    closed_on = Date(null=True, default=None)
    close_reason = Varchar(length=32, null=True, default=None)
    next_due = Date(default=NO_CLOCK)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Deadline(Table):
    """A clock: when it started, when it is due, under which policy, and when it was met.

    The due date and the policy are stored, never recomputed, so a change of policy never moves
    an old deadline.
    """

    id = Serial(primary_key=True)
    clock = Varchar(length=32)  # referral | first_contact | ...
    referral = ForeignKey(references=Referral, null=True, on_delete=OnDelete.cascade, index=True)
    case = ForeignKey(references=Case, null=True, on_delete=OnDelete.cascade, index=True)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict)
    starts_on = Date()
    due = Date()
    policy = Varchar(length=100)
    met_on = Date(null=True, default=None)
    late_reason = Text(default="")
    breach_recorded_on = Date(null=True, default=None)


class CaseEvent(Table):
    """One entry on a case's timeline: what happened, on which date, recorded when and by whom."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade)
    kind = Varchar(length=48)
    occurred_on = Date()
    recorded_at = Timestamptz(default=TimestamptzNow())
    actor = Varchar(length=64, default="")
    summary = Text()
    data = JSON(default="{}")


class Task(Table):
    """Something a VLO must do by a date (tell a victim of a key stage, move contact to a young
    person on their 18th birthday). One task per case, kind and key: made once, however often
    the sweep runs."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    unit = ForeignKey(references=Unit, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=48)
    key = Varchar(length=100, unique=True)
    summary = Text()
    due = Date()
    done_on = Date(null=True, default=None)
    done_by = Varchar(length=64, default="")
    created_at = Timestamptz(default=TimestamptzNow())
