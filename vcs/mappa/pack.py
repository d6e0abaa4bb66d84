"""The victims' views for a MAPPA meeting, submitted by their VLO.

MAPPA Guidance (victim liaison) and the Victims' Code: victims never attend a MAPPA meeting;
their VLO submits each opted-in victim's views, concerns and the safety measures they want.
Views holding the contact details of the victim (or their nominee) are refused when submitted:
the meeting and the offender manager read them, in the meeting pack and the pre-meeting view
the offender side's door builds (`vcs.offender_side.meeting_pack`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.casework.lock import claim_case
from vcs.casework.unit_scope import case_in_unit
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, InvalidInput, Refused
from vcs.core.tables import Deadline
from vcs.core.timeline import record_event
from vcs.core.words import long_date
from vcs.mappa.schemas import VictimViewsIn, VictimViewsOut
from vcs.mappa.status import load_meeting
from vcs.mappa.tables import MeetingVictimView
from vcs.offender_side.screening import screen


async def submit_views(
    actor: Actor, meeting_id: int, data: VictimViewsIn, today: date
) -> VictimViewsOut:
    """The VLO submits (or replaces, until the meeting) an opted-in victim's views, concerns and
    the safety measures they want; this meets the case's views clock."""
    meeting = await _refusals(actor, meeting_id, data, today)
    async with write_transaction():
        check_views_wanted(meeting, await claim_case(actor, data.case_id, None), today)
        deadline = await _store_views(meeting, data, today, actor)
    clock = await Deadline.select().where(Deadline.id == deadline).first() if deadline else None
    return VictimViewsOut(
        meeting_id=meeting_id,
        case_id=data.case_id,
        submitted_on=today,
        deadline=clocks.deadline_out(clock, today) if clock else None,
    )


async def check_views(actor: Actor, meeting_id: int, data: VictimViewsIn, today: date) -> None:
    """Every refusal sending the views would meet, without sending them: the check page shows
    them before the VLO confirms."""
    await _refusals(actor, meeting_id, data, today)


async def _refusals(
    actor: Actor, meeting_id: int, data: VictimViewsIn, today: date
) -> dict[str, Any]:
    meeting = await load_meeting(meeting_id)
    case = await case_in_unit(actor, data.case_id)
    check_views_wanted(meeting, case, today)
    # Outside the write: the check reads the victim's details, and its audit entry must stay
    # even when the views are refused.
    fields = {"views": [data.views], "concerns": [data.concerns], "measures": [data.measures]}
    await screen(
        actor,
        case["offender"],
        fields,
        readers="the offender manager and the MAPPA meeting",
        what="MAPPA views",
        confirmed=data.confirm_not_victim_details,
    )
    return meeting


async def _store_views(
    meeting: dict[str, Any], data: VictimViewsIn, today: date, actor: Actor
) -> int | None:
    """Inside the write: keep the views (replacing any before) and meet the views clock."""
    key = f"{meeting['id']}:{data.case_id}"
    row = await MeetingVictimView.select().where(MeetingVictimView.key == key).first()
    values: dict[str, Any] = {
        "views": data.views,
        "concerns": data.concerns,
        "measures": data.measures,
        "submitted_on": today,
        "submitted_by": actor.username,
    }
    if row is None:
        await MeetingVictimView(meeting=meeting["id"], case=data.case_id, key=key, **values).save()
    else:
        await MeetingVictimView.update(**values).where(MeetingVictimView.id == row["id"])
    deadline: int | None = row["deadline"] if row else None
    if deadline:
        await Deadline.update({Deadline.met_on: today}).where(
            (Deadline.id == deadline) & Deadline.met_on.is_null()
        )
        await clocks.refresh_next_due(data.case_id)
    on = long_date(meeting["on"])
    summary = f"Views submitted for the MAPPA level {meeting['level']} meeting on {on}"
    replaced = bool(row and row["submitted_on"])
    await record_event(
        data.case_id,
        "mappa_views_submitted",
        today,
        actor,
        summary,
        {"meeting": meeting["id"], "replaced": replaced},
    )
    return deadline


def check_views_wanted(meeting: dict[str, Any], case: dict[str, Any], today: date) -> None:
    """Refuse views the meeting cannot take: another offender's case, a victim not opted in,
    or a meeting already held. The case page asks this before offering the views form."""
    if case["offender"] != meeting["offender"]:
        raise InvalidInput.on("case_id", "This case is not about the meeting's offender")
    if case["participation"] != "opted_in":
        raise Refused("Only an opted-in victim's views go to a MAPPA meeting")
    if today > meeting["on"]:
        raise Conflict("The meeting has taken place: its views can no longer change")
