"""Shapes of a case as the Victim Liaison Unit sees it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from vcs.casework.schemas import PreferencesOut
from vcs.core.schemas import DeadlineOut, Output, Page
from vcs.referrals.schemas import Eligibility


class CaseSummary(Output):
    """A caseload row: no victim contact details, only who and how urgent."""

    id: int
    victim_name: str
    relationship: str
    offender_id: int
    offender_name: str
    unit_code: str
    assigned_to: str | None
    state: str
    eligibility_status: str
    participation: str
    next_due: date | None
    urgency: str = Field(description="overdue, due_soon, pending, or none when no clock runs")


class CaseCounts(Output):
    open: int
    overdue: int
    due_soon: int
    unallocated: int


class CaseList(Page[CaseSummary]):
    counts: CaseCounts


class AddressOut(Output):
    line1: str
    line2: str
    town: str
    postcode: str


class VictimDetails(Output):
    """The victim's personal details: for the VLU only, every read audited."""

    id: int
    name: str
    relationship: str
    date_of_birth: date | None
    address: AddressOut | None
    email: str | None
    phone: str | None
    language: str
    deceased_on: date | None = None
    under_18: bool = Field(
        default=False, description="under 18 today: letters go to a parent or guardian"
    )


class NominatedContactOut(Output):
    """Who receives information for the victim (a nominee, or a parent or guardian)."""

    kind: str
    name: str
    relationship: str
    address: AddressOut | None
    email: str | None
    phone: str | None


class OffenderOut(Output):
    id: int
    name: str
    date_of_birth: date
    crn: str | None
    prison_number: str | None
    pnc: str | None


class SentenceOut(Output):
    date: date
    court: str
    type: str
    length_months: int | None


class OffenceOut(Output):
    description: str
    category: str
    against_child: bool
    code: str


class CaseDetail(Output):
    id: int
    version: int
    state: str
    unit_code: str
    unit_name: str = ""
    referral_id: int
    assigned_to: str | None
    assigned_to_name: str | None = None  # the VLO's display name, for people to read
    victim: VictimDetails
    offender: OffenderOut
    offences: list[OffenceOut]
    sentence: SentenceOut
    eligibility: Eligibility
    participation: str
    participation_level: str | None
    closed_on: date | None
    close_reason: str | None
    nominated_contact: NominatedContactOut | None
    preferences: PreferencesOut
    deadlines: list[DeadlineOut]


class CaseEventOut(Output):
    id: int
    kind: str
    occurred_on: date
    recorded_at: datetime
    actor: str
    actor_name: str = ""  # the display name of whoever did it, for people to read
    summary: str
    data: dict[str, Any]


class UnitDeadline(Output):
    """One open clock in the unit, for the manager's list."""

    case_id: int
    victim_name: str
    assigned_to: str | None
    deadline: DeadlineOut
