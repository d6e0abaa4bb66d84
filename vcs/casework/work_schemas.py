"""The shapes of a VLO's list of work and the recent activity on their cases."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from vcs.core.schemas import Output


class WorkItem(Output):
    """One thing to do on a case by a date: a clock, a task, a letter to send or a reply to
    chase."""

    kind: str = Field(
        description="first_contact, vps, mappa_views, condition_forwarding, annual_contact,"
        " tribunal_statement (the clocks), task, letter_draft, or reply_awaited (a letter that"
        " asked the victim for an answer, not yet answered nor chased)"
    )
    case_id: int
    title: str = Field(description="What to do, in the VLO's words")
    due: date
    state: str = Field(description="overdue, due_today or due_this_week")
    working_days_overdue: int = Field(description="0 unless overdue")
    victim_name: str
    vlo: str | None = Field(description="The allocated VLO's name, if any")


class Activity(Output):
    """One recent entry on the timeline of one of the VLO's cases."""

    case_id: int
    victim_name: str
    occurred_on: date
    recorded_at: datetime
    summary: str
