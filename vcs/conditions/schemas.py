"""Shapes of licence-condition requests: what a VLO sends, what each reader sees.

`ConditionRequestFields` are what every reader of a request sees; the Victim Liaison Unit's
`ConditionRequestOut` adds the case and the victim's name. The offender manager's view,
`ConditionRequestView`, is the offender side's own shape (`vcs.offender_side.schemas`): it never
holds a victim's address, phone, email or date of birth, nor which case the request came from.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, StrictBool

from vcs.core.schemas import (
    DeadlineOut,
    Input,
    IsoDate,
    LongText,
    Name,
    Output,
    Page,
    RequiredReason,
    ShortText,
    StrictInt,
)

CONFIRM_HELP = (
    "true once the VLO has checked that the words shaped like a postcode, phone number or email "
    "are not a victim's or their nominee's (a victim's known details are refused all the same)"
)


def confirm_field() -> Any:
    return Field(default=False, description=CONFIRM_HELP)


class ConditionTypeCode(StrEnum):
    NO_CONTACT = "no_contact"
    EXCLUSION_ZONE = "exclusion_zone"
    RESTRICTION_ZONE = "restriction_zone"
    EVENT_EXCLUSION = "event_exclusion"
    NON_ASSOCIATION = "non_association"
    PREMISES = "premises"
    OTHER = "other"


class DecisionMaker(StrEnum):
    PRISON_GOVERNOR = "prison_governor"
    PAROLE_BOARD = "parole_board"
    PUBLIC_PROTECTION_CASEWORK = "public_protection_casework"
    MENTAL_HEALTH_CASEWORK_SECTION = "mental_health_casework_section"
    TRIBUNAL = "tribunal"
    HOSPITAL_MANAGERS = "hospital_managers"


class NeededFor(StrEnum):
    RELEASE = "release"
    TEMPORARY_RELEASE = "temporary_release"
    PAROLE_HEARING = "parole_hearing"


class Outcome(StrEnum):
    GRANTED = "granted"
    GRANTED_VARIED = "granted_varied"
    REFUSED = "refused"


class ZoneIn(Input):
    """A GeoJSON Polygon or MultiPolygon in WGS84 longitude and latitude (RFC 7946)."""

    type: Literal["Polygon", "MultiPolygon"]
    coordinates: list[Any] = Field(description="GeoJSON coordinates: [longitude, latitude]")


Names = list[Name]
Places = list[ShortText]


class ConditionRequestCreate(Input):
    type: ConditionTypeCode
    details: LongText = Field(description="The victim's request in their own words")
    justification: LongText
    names: Names = Field(default_factory=list, max_length=20)
    premises: Places = Field(default_factory=list, max_length=20)
    zone: ZoneIn | None = None
    wording: LongText | None = Field(
        default=None, description="A bespoke condition's wording, or the event's name"
    )
    needed_by: IsoDate | None = Field(
        default=None, description="The expected release, temporary release or parole hearing"
    )
    needed_for: NeededFor = NeededFor.RELEASE
    confirm_not_victim_details: StrictBool = confirm_field()


class ConditionRequestUpdate(Input):
    """Any of the request's fields; a field sent as null is cleared (zone, wording, needed_by)."""

    type: ConditionTypeCode | None = None
    details: LongText | None = None
    justification: LongText | None = None
    names: Names | None = Field(default=None, max_length=20)
    premises: Places | None = Field(default=None, max_length=20)
    zone: ZoneIn | None = None
    wording: LongText | None = None
    needed_by: IsoDate | None = None
    needed_for: NeededFor | None = None
    version: StrictInt | None = Field(default=None, description="The version last read")
    confirm_not_victim_details: StrictBool = confirm_field()


class ForwardIn(Input):
    decision_maker: DecisionMaker
    on: IsoDate
    decision_maker_reason: LongText | None = Field(
        default=None,
        description="Why the request goes to a decision maker other than the one that fits the "
        "sentence (a transfer, a recall review); needed only then",
    )


class AlternativeIn(Input):
    text: LongText
    reason: LongText
    confirm_not_victim_details: StrictBool = confirm_field()


class DecisionIn(Input):
    outcome: Outcome
    on: IsoDate
    final_wording: LongText | None = None
    reason: LongText | None = None
    confirm_not_victim_details: StrictBool = confirm_field()


class VictimInformedIn(Input):
    on: IsoDate


class WithdrawIn(Input):
    on: IsoDate
    reason: LongText
    confirm_not_victim_details: StrictBool = confirm_field()


class ForwardingApprovalIn(Input):
    """A VLU manager's decision to let a zone or premises that could point to a home be
    forwarded as drawn."""

    reason: RequiredReason = Field(description="Why it may go as drawn (seen in the unit only)")


class ConditionTypeOut(Output):
    code: str
    title: str
    standard_wording: str
    needs: str = Field(description="names, zone, premises or wording")
    needs_ppcs_approval: bool
    cvl_code: str | None = Field(
        description="The condition's code in HMPPS Create and Vary a Licence (none for bespoke)"
    )
    policy_versions: list[str] = Field(description="Licence-policy versions that have it")


class DecisionMakerOut(Output):
    code: str
    name: str


class ConditionTypeList(Page[ConditionTypeOut]):
    policy_version: str
    decision_makers: list[DecisionMakerOut]


class ZoneWarningOut(Output):
    code: str
    message: str


class ZoneOut(Output):
    geojson: dict[str, Any]
    area_km2: float
    warnings: list[ZoneWarningOut]
    svg_url: str


class MapOut(Output):
    media_type: str
    size_bytes: int
    sha256: str
    url: str


class ForwardedOut(Output):
    decision_maker: str
    decision_maker_name: str
    on: date
    sha256: str = Field(description="Digest of the exact copy forwarded")
    representation_url: str


class AlternativeOut(Output):
    id: int
    text: str
    reason: str
    proposed_by: str
    proposed_on: date


class DecisionOut(Output):
    outcome: str
    on: date
    final_wording: str
    reason: str


class ConditionRequestFields(Output):
    """What every reader of a request sees: no victim contact details, no case number."""

    id: int
    offender_id: int
    type: str
    title: str
    policy_version: str
    wording: str
    details: str
    justification: str
    names: list[str]
    premises: list[str]
    cvl_code: str | None = Field(
        default=None,
        description="The condition's code in HMPPS Create and Vary a Licence (none for bespoke)",
    )
    licence_policy_versions: list[str] = Field(
        default_factory=list, description="Licence-policy versions that have the condition"
    )
    zone: ZoneOut | None
    map: MapOut | None
    needed_by: date | None
    needed_for: str
    status: str = Field(description="draft, forwarded, decided, victim_informed or withdrawn")
    forwarded: ForwardedOut | None
    alternatives: list[AlternativeOut]
    decision: DecisionOut | None
    victim_informed_on: date | None
    withdrawn_on: date | None
    withdrawal_reason: str
    vlo: str = Field(description="The allocated VLO's name, else the Victim Liaison Unit's")


class ForwardingApprovalOut(Output):
    """Why the zone or premises could point to a home, what to change, and any VLU manager's
    decision to forward it as drawn. Seen by the Victim Liaison Unit only."""

    needed: bool = Field(description="Forwarding waits for a VLU manager's approval")
    reasons: list[str]
    what_to_change: str
    approved: bool
    approved_by: str | None
    approved_on: date | None
    reason: str


class ConditionRequestOut(ConditionRequestFields):
    """A request as its Victim Liaison Unit sees it."""

    case_id: int
    victim_name: str
    created_on: date
    created_by: str
    created_by_name: str = ""  # the display name of the officer who recorded it
    version: int
    forwarding_deadline: DeadlineOut | None
    forwarding_approval: ForwardingApprovalOut | None = Field(
        default=None, description="Only when the zone or premises could point to a home"
    )
