"""Shapes of MAPPA and the sentence's key stages: MAPPA status, key dates, key stages and who has
been told, bulk date changes, Victim Personal Statements, meetings, the victims' views, the
meeting pack and the offender manager's pre-meeting view.

What an offender manager or a MAPPA meeting sees (`MeetingPack`, `PreMeeting`) holds victims'
names and relationships, never an address, phone, email or date of birth.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StrictBool

from vcs.core.schemas import (
    DeadlineOut,
    Input,
    IsoDate,
    LongText,
    OptionalText,
    Output,
    Page,
    RecordId,
    StrictInt,
)


class LeadAgency(StrEnum):
    POLICE = "police"
    PROBATION = "probation"
    PRISON = "prison"
    HEALTH = "health"
    YOUTH_JUSTICE = "youth_justice"


class MappaIn(Input):
    category: Annotated[StrictInt, Field(ge=1, le=4, description="1 to 4")]
    level: Annotated[StrictInt, Field(ge=1, le=3, description="1 to 3")]
    from_: IsoDate = Field(alias="from", description="From when this category and level apply")
    lead_agency: LeadAgency | None = None


class MappaStatusOut(Output):
    category: int
    level: int
    lead_agency: str | None
    from_date: date
    recorded_by: str


class MappaHistory(Page[MappaStatusOut]):
    """The offender's MAPPA category and level over time, oldest first, and the current one."""

    offender_id: int
    current: MappaStatusOut | None


class MeetingIn(Input):
    offender_id: RecordId
    level: Literal[2, 3]
    on: IsoDate


class MeetingOut(Output):
    id: int
    offender_id: int
    level: int
    on: date
    views_due: date
    victims_invited: int = Field(description="Opted-in victims whose views are awaited")


class VictimViewsIn(Input):
    case_id: RecordId
    views: LongText
    concerns: OptionalText = ""
    measures: OptionalText = Field(default="", description="The safety measures the victim wants")
    confirm_not_victim_details: StrictBool = Field(
        default=False,
        description="true once the VLO has checked that words shaped like a postcode, phone "
        "number or email are not a victim's or their nominee's",
    )


class VictimViewsOut(Output):
    meeting_id: int
    case_id: int
    submitted_on: date
    deadline: DeadlineOut | None


class PackRequest(Output):
    """A licence-condition request as the meeting sees it: its status and any decision."""

    id: int
    type: str
    title: str
    wording: str
    status: str
    decision: str | None
    decided_on: date | None
    final_wording: str
    decision_reason: str


class PackVictim(Output):
    victim_name: str
    relationship: str
    vlo: str
    views_status: str = Field(description="submitted or awaited")
    views: str
    concerns: str
    measures: str
    submitted_on: date | None
    requests: list[PackRequest]


class SafetyPoint(Output):
    victim_name: str
    measures: str
    conditions: list[str]


class MeetingPack(Output):
    reference: str
    meeting_id: int
    offender_id: int
    offender_name: str
    level: int
    on: date
    views_due: date
    mappa: MappaStatusOut | None
    produced_on: date
    victims: list[PackVictim]
    other_requests: list[PackRequest] = Field(
        description="Requests of victims not opted in now: their status, never their names"
    )
    victim_safety: list[SafetyPoint] = Field(description="The risk plan's victim-safety pillar")


class PreMeetingViews(Output):
    victim_name: str
    relationship: str
    views: str
    concerns: str
    measures: str
    submitted_on: date


class PreMeeting(Output):
    offender_id: int
    offender_name: str
    mappa: MappaStatusOut | None
    next_meeting: MeetingOut | None
    requests: list[PackRequest]
    views: list[PreMeetingViews]
