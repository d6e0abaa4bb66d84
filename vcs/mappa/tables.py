"""Tables of MAPPA and the sentence's key stages: the offender's MAPPA category and level over
time, the sentence's key dates and every change to them, bulk date changes, key stages and the
victims to tell of each, Victim Personal Statements, MAPPA meetings and the victims' views.

Offender-side records hold no victim details: a victim appears only through their case.
"""

from __future__ import annotations

from piccolo.columns import (
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

from vcs.core.tables import Case, Deadline, Offender


class MappaStatus(Table):
    """The offender's MAPPA category (1 to 4) and level (1 to 3) from a date: the history is
    kept, the latest by `from_date` is current."""

    id = Serial(primary_key=True)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.cascade, index=True)
    category = Integer()
    level = Integer()
    lead_agency = Varchar(length=32, null=True, default=None)
    from_date = Date()
    recorded_by = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())


class MappaMeeting(Table):
    """A level 2 or 3 MAPPA meeting about an offender; victims' views are due `views_due`."""

    id = Serial(primary_key=True)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.cascade, index=True)
    level = Integer()
    on = Date()
    views_due = Date()
    created_by = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())


class MeetingVictimView(Table):
    """What one opted-in victim wants the meeting to know, as their VLO put it: never their
    contact details (checked when submitted)."""

    id = Serial(primary_key=True)
    meeting = ForeignKey(references=MappaMeeting, on_delete=OnDelete.cascade, index=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    key = Varchar(length=40, unique=True)
    deadline = ForeignKey(references=Deadline, null=True, on_delete=OnDelete.set_null)
    views = Text(default="")
    concerns = Text(default="")
    measures = Text(default="")
    submitted_on = Date(null=True, default=None)
    submitted_by = Varchar(length=64, default="")
    updated_at = Timestamptz(default=TimestamptzNow())
