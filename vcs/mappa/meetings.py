"""The MAPPA meetings about an offender as a case's VLO sees them in a list: each meeting's date
and level, this victim's views and whether they may be recorded now (decided by the same rule
that accepts or refuses them, `vcs.mappa.pack`). Upcoming meetings come first (soonest first),
then past ones (latest first).

The offender manager's list, the meeting pack and the pre-meeting view are the offender side's
(`vcs.offender_side.mappa`, `vcs.offender_side.meeting_pack`), read from the meetings and views
below.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.casework.unit_scope import case_in_unit
from vcs.core.actors import Actor
from vcs.core.errors import DomainError
from vcs.core.schemas import Output
from vcs.mappa.pack import check_views_wanted
from vcs.mappa.tables import MappaMeeting, MeetingVictimView


class CaseMeeting(Output):
    """A MAPPA meeting about the case's offender, and this victim's views for it."""

    meeting_id: int
    level: int
    on: date
    views_due: date
    past: bool
    views_submitted_on: date | None
    views: str
    concerns: str
    measures: str
    views_wanted: bool  # the views would be accepted now
    why_not: str  # else, the reason they would be refused


def _in_order(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    upcoming = sorted((r for r in rows if r["on"] >= today), key=lambda r: (r["on"], r["id"]))
    past = sorted((r for r in rows if r["on"] < today), key=lambda r: (r["on"], r["id"]))
    return upcoming + past[::-1]


async def _meetings(offender_id: int, today: date) -> list[dict[str, Any]]:
    rows = await MappaMeeting.select().where(MappaMeeting.offender == offender_id)
    return _in_order([dict(r) for r in rows], today)


async def meetings_for_case(actor: Actor, case_id: int, today: date) -> list[CaseMeeting]:
    """The meetings about the case's offender with this victim's views: for a VLO or VLU
    manager of the case's unit."""
    case = await case_in_unit(actor, case_id)
    meetings = await _meetings(case["offender"], today)
    views = {
        v["meeting"]: v
        for v in await MeetingVictimView.select().where(
            (MeetingVictimView.case == case_id)
            & MeetingVictimView.meeting.is_in([m["id"] for m in meetings] or [0])
        )
    }
    found = []
    for m in meetings:
        view = views.get(m["id"], {})
        why_not = ""
        try:
            check_views_wanted(m, case, today)
        except DomainError as exc:
            why_not = exc.message
        found.append(
            CaseMeeting(
                meeting_id=m["id"],
                level=m["level"],
                on=m["on"],
                views_due=m["views_due"],
                past=m["on"] < today,
                views_submitted_on=view.get("submitted_on"),
                views=view.get("views", ""),
                concerns=view.get("concerns", ""),
                measures=view.get("measures", ""),
                views_wanted=not why_not,
                why_not=why_not,
            )
        )
    return found


async def offender_meetings(offender_id: int, today: date) -> list[dict[str, Any]]:
    """The meetings about the offender: upcoming first (soonest first), then past (latest
    first)."""
    return await _meetings(offender_id, today)


async def next_meeting(offender_id: int, today: date) -> dict[str, Any] | None:
    """The next meeting about the offender (today or later), if one is arranged."""
    row = await (
        MappaMeeting.select()
        .where((MappaMeeting.offender == offender_id) & (MappaMeeting.on >= today))
        .order_by(MappaMeeting.on)
        .order_by(MappaMeeting.id)
        .first()
    )
    return dict(row) if row else None


async def views_for(meeting_id: int, case_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The views recorded (or awaited) for the meeting, by case."""
    rows = await MeetingVictimView.select().where(
        (MeetingVictimView.meeting == meeting_id) & MeetingVictimView.case.is_in(case_ids or [0])
    )
    return {v["case"]: dict(v) for v in rows}


async def submitted_counts(meeting_ids: list[int], case_ids: list[int]) -> dict[int, int]:
    """How many of these cases' views have been submitted for each meeting."""
    submitted = await MeetingVictimView.select(MeetingVictimView.meeting).where(
        MeetingVictimView.meeting.is_in(meeting_ids or [0])
        & MeetingVictimView.case.is_in(case_ids or [0])
        & MeetingVictimView.submitted_on.is_not_null()
    )
    counts: dict[int, int] = {}
    for s in submitted:
        counts[s["meeting"]] = counts.get(s["meeting"], 0) + 1
    return counts
