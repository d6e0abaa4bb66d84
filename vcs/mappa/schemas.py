"""Shapes of MAPPA: the offender's status over time, meetings and the victims' views sent to
them. What a MAPPA meeting and an offender manager read (the meeting pack, the pre-meeting view)
is the offender side's, in `vcs.offender_side.pack_schemas`.
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
