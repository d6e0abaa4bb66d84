"""Shapes of what a MAPPA meeting and an offender manager read: the meeting pack, the
pre-meeting view and the meetings about an offender. Victims by name and relationship, never an
address, phone, email or date of birth; built only by the offender side's door.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from vcs.core.schemas import Output
from vcs.mappa.schemas import MappaStatusOut, MeetingOut


class PackRequest(Output):
    """A licence-condition request as the meeting sees it: its status and any decision."""

    id: int
    type: str
    title: str
    cvl_code: str | None = Field(
        default=None, description="Create and Vary a Licence condition code (none if bespoke)"
    )
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


class OffenderMeeting(Output):
    """A MAPPA meeting about the offender, and how many victims' views are in."""

    meeting_id: int
    level: int
    on: date
    views_due: date
    past: bool
    views_submitted: int
    victims_invited: int  # the open, opted-in victims whose views the meeting wants
