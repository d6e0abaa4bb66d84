"""Shapes of the Victims' Code compliance and caseload reports.

Every figure is a count, a percentage or a median over records; no report carries a victim's
name or contact details, nor an offender's. A row whose `unit_code` is null is the total of
every unit in the report (the national total); a row whose `month` is null covers the whole
period. Each list is one table, and the CSV of a report has exactly the rows of its JSON.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from vcs.core.schemas import Output


class ReportScope(StrEnum):
    UNIT = "unit"  # one Victim Liaison Unit
    NATIONAL = "national"  # every unit, and the national total


class ReportPeriod(Output):
    from_date: date
    to_date: date
    scope: ReportScope
    unit_code: str | None = Field(description="The unit reported on; null for every unit")


class ClockFigures(Output):
    """One clock's figures for a unit and a month (of sentence for the referral clock, of the
    referral's receipt for first contact)."""

    clock: str = Field(description="referral | first_contact")
    unit_code: str | None
    month: str | None = Field(description="YYYY-MM; null for the whole period")
    started: int = Field(description="Clocks started: referrals, or cases opened")
    met: int = Field(description="Met on or before the due date")
    met_late: int
    overdue: int = Field(description="Not met, past the due date, case open")
    pending: int = Field(description="Not met, not yet due, case open")
    closed: int = Field(description="Not met, case closed before contact")
    within_target_pct: float | None = Field(
        description="met / (met + met_late + overdue) x 100, to one decimal place"
    )
    median_working_days: float | None = Field(
        description="Median working days from start to met, over the clocks met"
    )


class TimelinessReport(ReportPeriod):
    target_working_days: dict[str, int]
    rows: list[ClockFigures] = Field(description="Per clock, unit and month")
    totals: list[ClockFigures] = Field(description="Per clock and unit, for the whole period")


class ReferrerFigures(Output):
    """How promptly one Witness Care Unit referred (referral clock, by sentence date)."""

    referrer_code: str | None = Field(description="The Witness Care Unit; null for all of them")
    referrer_name: str
    referrals: int
    late: int
    late_pct: float | None
    median_working_days: float | None


class CourtFigures(Output):
    """The time from sentence to referral for one Witness Care Unit and one court."""

    referrer_code: str
    referrer_name: str
    court: str
    referrals: int
    late: int
    late_pct: float | None
    median_working_days: float | None


class LateReferrersReport(ReportPeriod):
    rows: list[ReferrerFigures] = Field(description="Highest share of late referrals first")
    by_court: list[CourtFigures] = Field(
        default_factory=list,
        description="Sentence to referral by Witness Care Unit and court, highest share late first",
    )


class ParticipationFigures(Output):
    """Victims offered the scheme (cases opened on a referral received in the period) and
    their choice as it stands."""

    unit_code: str | None
    offered: int
    opted_in: int
    opted_out: int
    no_response: int
    awaiting_reply: int
    not_contacted: int


class LetterFigures(Output):
    unit_code: str | None
    template: str
    language: str
    sent: int


class ConditionFigures(Output):
    """Licence-condition requests made in the period, by outcome (the decision, or where
    there is none yet the request's state: draft, forwarded or withdrawn)."""

    unit_code: str | None
    outcome: str
    requests: int


class TaskFigures(Output):
    """Key-stage tasks (tell the victim of a key stage) due in the period."""

    unit_code: str | None
    kind: str | None = Field(description="The task's kind (tell_release...); null for all")
    due: int
    done_on_time: int
    done_late: int
    overdue: int
    pending: int
    on_time_pct: float | None = Field(
        description="done_on_time / (done_on_time + done_late + overdue) x 100"
    )


class StatementFigures(Output):
    """Victim Personal Statements invited in the period: those a victim is entitled to make
    apart from those invited at discretion (not an entitlement)."""

    unit_code: str | None
    entitlement: bool = Field(description="false: invited in a discretionary case, a courtesy")
    invited: int
    sent: int
    declined: int
    open: int


class EntitlementFigures(Output):
    """Victims' Code compliance: entitlement records in the period, by unit, entitlement and
    the reason for any departure (Victims and Prisoners Act 2024, s.5)."""

    unit_code: str | None
    entitlement: str
    entitlement_words: str
    delivered: bool
    departure: str | None = Field(description="The reason for the departure; null if none")
    departure_words: str | None
    records: int


class DeliveryFigures(Output):
    """Messages through GOV.UK Notify that failed in the period (last reported in it): each
    one a victim, nominee, parent or guardian who may not have heard."""

    unit_code: str | None
    failed: int


class SchemeReport(ReportPeriod):
    participation: list[ParticipationFigures]
    letters: list[LetterFigures]
    conditions: list[ConditionFigures]
    key_stage_tasks: list[TaskFigures]
    statements: list[StatementFigures]
    entitlements: list[EntitlementFigures]
    failed_deliveries: list[DeliveryFigures] = Field(default_factory=list)


class OfficerCaseload(Output):
    """Open cases of one VLO today (or the unit's cases allocated to nobody)."""

    unit_code: str | None
    officer: str | None = Field(description="Username; null for cases not allocated")
    officer_name: str
    open_cases: int
    overdue: int = Field(description="Open cases with a clock past its due date")


class CaseloadReport(Output):
    on: date
    scope: ReportScope
    unit_code: str | None
    rows: list[OfficerCaseload]


SCHEME_TABLES = ("participation", "letters", "conditions", "key_stage_tasks")
