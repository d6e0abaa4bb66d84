"""The MAPPA meetings about an offender, as a case's VLO and the offender's offender manager see
them in a list: each meeting's date and level, and whose views are in.

A VLO (or VLU manager) reads them from a case of their unit, with this victim's views and
whether they may be recorded now (decided by the same rule that accepts or refuses them,
`vcs.mappa.pack`); the offender manager reads them for one of their own offenders, with how
many of the opted-in victims' views are in. Never a victim's contact details. Upcoming meetings
come first (soonest first), then past ones (latest first).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.casework.unit_scope import case_in_unit
from vcs.core.actors import Actor, Role
from vcs.core.errors import DomainError
from vcs.core.schemas import Output
from vcs.core.tables import Case
from vcs.mappa.pack import check_views_wanted
from vcs.mappa.status import require_offender
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


class OffenderMeeting(Output):
    """A MAPPA meeting about the offender, and how many victims' views are in."""

    meeting_id: int
    level: int
    on: date
    views_due: date
    past: bool
    views_submitted: int
    victims_invited: int  # the open, opted-in victims whose views the meeting wants


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


async def meetings_for_offender(
    actor: Actor, offender_id: int, today: date
) -> list[OffenderMeeting]:
    """The meetings about one of the offender manager's own offenders, with how many of the
    opted-in victims' views are in."""
    await require_offender(actor, offender_id, Role.OFFENDER_MANAGER)
    meetings = await _meetings(offender_id, today)
    opted_in = await Case.select(Case.id).where(
        (Case.offender == offender_id) & (Case.state == "open") & (Case.participation == "opted_in")
    )
    submitted = await MeetingVictimView.select(MeetingVictimView.meeting).where(
        MeetingVictimView.meeting.is_in([m["id"] for m in meetings] or [0])
        & MeetingVictimView.case.is_in([c["id"] for c in opted_in] or [0])
        & MeetingVictimView.submitted_on.is_not_null()
    )
    counts: dict[int, int] = {}
    for s in submitted:
        counts[s["meeting"]] = counts.get(s["meeting"], 0) + 1
    return [
        OffenderMeeting(
            meeting_id=m["id"],
            level=m["level"],
            on=m["on"],
            views_due=m["views_due"],
            past=m["on"] < today,
            views_submitted=counts.get(m["id"], 0),
            victims_invited=len(opted_in),
        )
        for m in meetings
    ]
