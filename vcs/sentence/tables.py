"""Tables of MAPPA and the sentence's key stages: the offender's MAPPA category and level over
time, the sentence's key dates and every change to them, bulk date changes, key stages and the
victims to tell of each, Victim Personal Statements, MAPPA meetings and the victims' views.

Offender-side records hold no victim details: a victim appears only through their case.
"""

from __future__ import annotations

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

from vcs.core.tables import Case, Deadline, Offender, Sentence, Task


class KeyDates(Table):
    """The sentence's key dates as they stand now (one row per offender); every change is a
    `KeyDateChange`. `release_fraction` is the share of the sentence served before release
    under the rule that set `release_date` ("0.5"), when a rule set it."""

    id = Serial(primary_key=True)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.cascade, unique=True)
    sentence = ForeignKey(references=Sentence, null=True, on_delete=OnDelete.set_null)
    tariff_expiry = Date(null=True, default=None)
    parole_eligibility = Date(null=True, default=None)
    release_date = Date(null=True, default=None)
    release_kind = Varchar(length=16, null=True, default=None)  # automatic | conditional
    release_fraction = Varchar(length=8, null=True, default=None)
    licence_expiry = Date(null=True, default=None)
    sentence_expiry = Date(null=True, default=None)
    conditional_discharge = Date(null=True, default=None)  # restricted patients
    version = Integer(default=1)
    updated_by = Varchar(length=64, default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class BulkDateChange(Table):
    """A policy change applied to a class of sentences at once (release at 40% instead of 50%).
    Its name is its key: applying it again changes nothing."""

    id = Serial(primary_key=True)
    name = Varchar(length=100, unique=True)
    sentence_types = JSON(default="[]")
    fraction_from = Varchar(length=8)
    fraction_to = Varchar(length=8)
    effective_from = Date()
    state = Varchar(length=16, default="running")  # previewed | running | done
    started_by = Varchar(length=64)
    started_on = Date()
    finished_on = Date(null=True, default=None)
    recorded_at = Timestamptz(default=TimestamptzNow())


class KeyDateChange(Table):
    """One key date changed: which, from what, to what, why (by hand, a key stage or a bulk
    change)."""

    id = Serial(primary_key=True)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.cascade, index=True)
    field = Varchar(length=32)
    old_value = Varchar(length=16, null=True, default=None)
    new_value = Varchar(length=16, null=True, default=None)
    on = Date()
    source = Varchar(length=120)
    bulk_change = ForeignKey(references=BulkDateChange, null=True, on_delete=OnDelete.set_null)
    recorded_by = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())


class KeyStage(Table):
    """A key stage of the sentence (a parole decision, release, recall...). `key` makes a stage
    recorded by a bulk change once per offender, however often the change is run."""

    id = Serial(primary_key=True)
    offender = ForeignKey(references=Offender, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=32)
    on = Date()
    details = Text(default="")
    hearing_date = Date(null=True, default=None)
    new_release_date = Date(null=True, default=None)
    bulk_change = ForeignKey(references=BulkDateChange, null=True, on_delete=OnDelete.set_null)
    key = Varchar(length=100, null=True, default=None, unique=True)
    recorded_by = Varchar(length=64)
    recorded_at = Timestamptz(default=TimestamptzNow())


class KeyStageNotice(Table):
    """A victim to tell of a key stage: their case and the task to tell them."""

    id = Serial(primary_key=True)
    stage = ForeignKey(references=KeyStage, on_delete=OnDelete.cascade, index=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    task = ForeignKey(references=Task, null=True, on_delete=OnDelete.set_null)
    level = Varchar(length=16)
    key = Varchar(length=64, unique=True)


class VictimStatement(Table):
    """A Victim Personal Statement for a parole hearing: invited, received, sent to the Parole
    Board (its clock: 28 days before the hearing), or declined."""

    id = Serial(primary_key=True)
    case = ForeignKey(references=Case, on_delete=OnDelete.cascade, index=True)
    hearing_date = Date()
    invited_on = Date()
    received_on = Date(null=True, default=None)
    sent_on = Date(null=True, default=None)
    declined_on = Date(null=True, default=None)
    deadline = ForeignKey(references=Deadline, null=True, on_delete=OnDelete.set_null)
    recorded_at = Timestamptz(default=TimestamptzNow())
    # False when the case was taken on at discretion: invited as a courtesy, not an entitlement.
    entitlement = Boolean(default=True)
    # Who the statement is for: the Parole Board (a Victim Personal Statement) or the
    # First-tier Tribunal (Mental Health) for a restricted patient's victim.
    forum = Varchar(length=16, default="parole_board")
    outcome_told_on = Date(null=True, default=None)  # the victim told the tribunal's outcome
    outcome = Text(default="")
