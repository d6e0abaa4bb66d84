"""Shapes of MAPPA and the sentence's key stages: MAPPA status, key dates, key stages and who has
been told, bulk date changes, Victim Personal Statements, meetings, the victims' views, the
meeting pack and the offender manager's pre-meeting view.

What an offender manager or a MAPPA meeting sees (`MeetingPack`, `PreMeeting`) holds victims'
names and relationships, never an address, phone, email or date of birth.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictBool, StringConstraints

from vcs.core.schemas import (
    DeadlineOut,
    Input,
    IsoDate,
    Label,
    OptionalText,
    Output,
    Page,
    RecordId,
)


class ReleaseKind(StrEnum):
    AUTOMATIC = "automatic"
    CONDITIONAL = "conditional"


Fraction = Annotated[Decimal, Field(gt=0, le=1, max_digits=5, decimal_places=4)]


class KeyDatesIn(Input):
    """Every key date of the sentence (a date left out is cleared)."""

    tariff_expiry: IsoDate | None = None
    parole_eligibility: IsoDate | None = None
    release_date: IsoDate | None = None
    release_kind: ReleaseKind | None = None
    release_fraction: Fraction | None = Field(
        default=None, description="The share of the sentence served before release (0.5)"
    )
    licence_expiry: IsoDate | None = None
    sentence_expiry: IsoDate | None = None
    conditional_discharge: IsoDate | None = Field(
        default=None, description="For a restricted patient"
    )
    version: RecordId | None = Field(default=None, description="The version read; stale -> 412")


class KeyDateChangeOut(Output):
    field: str
    old_value: str | None
    new_value: str | None
    on: date
    source: str
    recorded_by: str


class KeyDatesOut(Output):
    offender_id: int
    sentence_type: str | None
    length_months: int | None
    sentenced_on: date | None
    tariff_expiry: date | None = None
    parole_eligibility: date | None = None
    release_date: date | None = None
    release_kind: str | None = None
    release_fraction: str | None = None
    licence_expiry: date | None = None
    sentence_expiry: date | None = None
    conditional_discharge: date | None = None
    version: int
    history: Page[KeyDateChangeOut]


class KeyStageKind(StrEnum):
    PAROLE_REVIEW_STARTED = "parole_review_started"
    HEARING_DATE_SET = "hearing_date_set"
    PAROLE_DECISION = "parole_decision"
    TEMPORARY_RELEASE_CONSIDERED = "temporary_release_considered"
    TEMPORARY_RELEASE = "temporary_release"
    OPEN_CONDITIONS = "open_conditions"
    RELEASE = "release"
    RECALL = "recall"
    HOSPITAL_TRANSFER = "hospital_transfer"
    DEPORTATION = "deportation"
    DEATH = "death"
    LICENCE_EXPIRY = "licence_expiry"
    SENTENCE_EXPIRY = "sentence_expiry"
    RELEASE_DATE_CHANGED = "release_date_changed"
    FIXED_TERM_RECALL = "fixed_term_recall"


class KeyStageIn(Input):
    kind: KeyStageKind
    on: IsoDate
    details: OptionalText = ""
    hearing_date: IsoDate | None = Field(default=None, description="For hearing_date_set")
    new_release_date: IsoDate | None = Field(
        default=None,
        description="For release_date_changed; for fixed_term_recall the re-release date "
        "(worked out from the recall date when not given)",
    )
    confirm_not_victim_details: StrictBool = Field(
        default=False,
        description="true once the writer has checked that words in the details shaped like a "
        "postcode, phone number or email are not a victim's or their nominee's",
    )


class ToldState(StrEnum):
    NOBODY_TO_TELL = "nobody_to_tell"
    NOT_TOLD = "not_told"
    PARTIALLY_TOLD = "partially_told"
    TOLD = "told"


class VictimToTell(Output):
    """One co-victim to tell. Name and case only for the reader's own unit."""

    case_id: int | None
    victim_name: str | None
    unit_code: str
    level: str
    task_id: int | None
    due: date | None
    told_on: date | None


class KeyStageOut(Output):
    id: int
    offender_id: int
    kind: str
    on: date
    details: str
    hearing_date: date | None
    new_release_date: date | None
    recorded_by: str
    reconsideration_until: date | None = Field(
        description="A parole decision may be reconsidered until this date (21 days)"
    )
    to_tell: int
    told: int
    state: ToldState
    told_together: bool = Field(description="Every co-victim told, all on the same day")
    victims: list[VictimToTell] | None = Field(description="For the Victim Liaison Units only")


class CaseKeyStage(KeyStageOut):
    """A key stage on a case's page: this victim's task beside every co-victim's."""

    this_victim: VictimToTell | None


class BulkChangeIn(Input):
    name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._:()/-]{1,99}$"),
    ]
    sentence_types: Annotated[list[Label], Field(min_length=1, max_length=20)]
    release_fraction_from: Fraction
    release_fraction_to: Fraction
    effective_from: IsoDate


class BulkChangeOut(Output):
    name: str
    state: str
    effective_from: date
    offenders_changed: int
    tasks_created: int
    already_applied: bool = Field(description="True when this change had been applied before")


class ProgressionChange(Output):
    """One bulk date change of the progression model, ready to preview and apply."""

    name: str
    sentence_types: list[str]
    release_fraction_from: Decimal
    release_fraction_to: Decimal
    effective_from: date
    words: str


class ExcludedSentences(Output):
    sentence_types: list[str]
    words: str


class ProgressionModelOut(Output):
    """The progression model's release point as bulk date changes (each previewed and applied
    through the bulk-change routes), and the sentences it excludes."""

    name: str
    source: str
    changes: list[ProgressionChange]
    excluded: list[ExcludedSentences]


class TribunalStep(StrEnum):
    INVITED = "invited"
    RECEIVED = "received"
    SENT = "sent"
    DECLINED = "declined"
    OUTCOME_TOLD = "outcome_told"


class TribunalStatementIn(Input):
    step: TribunalStep
    on: IsoDate
    hearing_date: IsoDate | None = Field(default=None, description="For an invitation")
    outcome: OptionalText = Field(
        default="", description="For outcome_told: the tribunal's outcome as told to the victim"
    )
    version: RecordId | None = Field(
        default=None, description="The case version you read; stale -> 412"
    )


class TribunalStatementOut(Output):
    id: int
    case_id: int
    hearing_date: date
    invited_on: date
    received_on: date | None
    sent_on: date | None
    declined_on: date | None
    outcome_told_on: date | None
    outcome: str
    status: str
    deadline: DeadlineOut | None


class VpsStep(StrEnum):
    INVITED = "invited"
    RECEIVED = "received"
    SENT = "sent"
    DECLINED = "declined"


class VpsIn(Input):
    step: VpsStep
    on: IsoDate
    hearing_date: IsoDate | None = Field(
        default=None, description="For an invitation: else the latest hearing date recorded"
    )


class VpsOut(Output):
    id: int
    case_id: int
    hearing_date: date
    invited_on: date
    received_on: date | None
    sent_on: date | None
    declined_on: date | None
    status: str
    deadline: DeadlineOut | None
    entitlement: bool = Field(
        description="false when the case was taken on at discretion: the statement is invited "
        "as a courtesy, not as an entitlement (configurable)"
    )
    entitlement_note: str | None = None
