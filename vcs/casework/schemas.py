"""Shapes for a VLO's work on a case: allocation, contact, choices, contacts, closure."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from vcs.access.schemas import Username
from vcs.core.schemas import (
    Email,
    Input,
    IsoDate,
    Label,
    Name,
    OptionalLabel,
    OptionalShort,
    OptionalText,
    Output,
    Phone,
    Reason,
    RecordId,
    RequiredReason,
    StrictBool,
)
from vcs.referrals.schemas import AddressIn, Language, UnitCode

Version = Annotated[RecordId | None, Field(description="The case version you read; stale -> 412")]


class ContactMethod(StrEnum):
    LETTER = "letter"
    PHONE = "phone"
    EMAIL = "email"
    VISIT = "visit"
    SMS = "sms"


class ContactOutcome(StrEnum):
    """What came of an attempt. Every outcome but `note` is contact actually attempted."""

    MADE_CONTACT = "made_contact"  # spoke to or met them
    SENT = "sent"  # letter, email or text sent
    NO_REPLY = "no_reply"  # call unanswered, nobody at home
    MESSAGE_LEFT = "message_left"
    UNDELIVERABLE = "undeliverable"  # returned letter, bounced email, number not in use
    NOTE = "note"  # an internal note: not contact


class ParticipationStatus(StrEnum):
    OPTED_IN = "opted_in"
    OPTED_OUT = "opted_out"


class ParticipationLevel(StrEnum):
    """How much the victim wants to hear."""

    RELEASE_MONTH = "release_month"
    ANNUAL = "annual"
    KEY_STAGES = "key_stages"


class Channel(StrEnum):
    POST = "post"
    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"  # text messages, sent through GOV.UK Notify


class ContactKind(StrEnum):
    NOMINEE = "nominee"
    PARENT_GUARDIAN = "parent_guardian"


class CloseReason(StrEnum):
    SENTENCE_EXPIRED = "sentence_expired"
    VICTIM_REQUEST = "victim_request"
    VICTIM_DIED = "victim_died"
    OFFENDER_DIED = "offender_died"
    TRANSFERRED = "transferred"


class AllocationIn(Input):
    vlo: Username
    version: Version = None


class ContactIn(Input):
    on: IsoDate
    method: ContactMethod
    outcome: ContactOutcome
    notes: OptionalText = ""
    follow_up: StrictBool = Field(default=False, description="a follow-up after no reply")
    late_reason: Reason = Field(default="", description="needed when first contact is late")
    version: Version = None


class ContactOut(Output):
    id: int
    on: date
    method: str
    outcome: str
    follow_up: bool
    notes: str
    recorded_by: str
    recorded_at: datetime


class ParticipationIn(Input):
    status: ParticipationStatus
    on: IsoDate
    level: ParticipationLevel | None = None
    reason: Reason = ""
    version: Version = None


class ParticipationOut(Output):
    id: int
    status: str
    level: str | None
    on: date
    reason: str
    recorded_by: str


class NominatedContactIn(Input):
    name: Name
    relationship: Label
    kind: ContactKind = ContactKind.NOMINEE
    address: AddressIn | None = None
    email: Email | None = None
    phone: Phone | None = None
    version: Version = None


class PreferencesIn(Input):
    channels: Annotated[list[Channel], Field(min_length=1, max_length=4)]
    language: Language = Language.EN
    large_print: StrictBool = False
    easy_read: StrictBool = False
    interpreter_language: OptionalLabel = ""
    safe_times_to_call: OptionalShort = ""
    no_post_to_home: StrictBool = False
    version: Version = None


class PreferencesOut(Output):
    channels: list[str]
    language: str
    large_print: bool
    easy_read: bool
    interpreter_language: str
    safe_times_to_call: str
    no_post_to_home: bool


class CloseIn(Input):
    reason: CloseReason
    on: IsoDate
    to_unit: UnitCode | None = Field(default=None, description="for a transfer: the receiving VLU")
    notes: Reason = ""
    version: Version = None


class ReopenIn(Input):
    reason: RequiredReason
    on: IsoDate
    version: Version = None


class VictimDeathIn(Input):
    on: IsoDate
    version: Version = None


class CaseChanged(Output):
    """What a change returns: the case's new version and its state."""

    id: int
    version: int
    state: str
    unit_code: str
    assigned_to: str | None
    participation: str


class TaskOut(Output):
    id: int
    case_id: int
    kind: str
    summary: str
    due: date
    done_on: date | None


class TaskDoneIn(Input):
    on: IsoDate


class SweepIn(Input):
    on: IsoDate | None = None


class SweepOut(Output):
    on: date
    open_clocks: int
    overdue: int
    due_soon: int
    newly_overdue: int
    no_response: int
    tasks_created: int
    annual_contacts_raised: int = 0


class Entitlement(StrEnum):
    """The victim's entitlements the compliance record covers (Victims' Code)."""

    OFFER = "offer"  # the offer of the Victim Contact Scheme
    FIRST_CONTACT = "first_contact"
    KEY_STAGE_INFORMATION = "key_stage_information"
    REPRESENTATIONS = "representations"  # on licence conditions
    STATEMENTS = "statements"  # a Victim Personal Statement or a statement to the tribunal


class Departure(StrEnum):
    """Why an entitlement was not delivered, or not on time."""

    VICTIM_DECLINED = "victim_declined"
    COULD_NOT_CONTACT = "could_not_contact"
    LATE_REFERRAL = "late_referral"
    INFORMATION_LATE = "information_late"
    OPERATIONAL = "operational"
    OTHER = "other"


class EntitlementIn(Input):
    entitlement: Entitlement
    delivered: StrictBool
    on: IsoDate = Field(description="When it was delivered, or when the departure was recorded")
    departure: Departure | None = Field(
        default=None, description="Why it was not delivered, or late: needed when not delivered"
    )
    notes: OptionalText = ""
    version: Version = None


class EntitlementOut(Output):
    id: int
    case_id: int
    entitlement: str
    entitlement_words: str
    delivered: bool
    on: date
    departure: str | None
    departure_words: str | None
    notes: str
    recorded_by: str
