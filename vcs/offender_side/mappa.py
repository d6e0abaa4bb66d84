"""MAPPA through the door: the offender's category and level, arranging a meeting, and the
meetings about one of the offender manager's own offenders with how many of the opted-in
victims' views are in.

The MAPPA status and a meeting's date and level are facts about the offender, holding no victim
fact: they are passed through from `vcs.mappa.status` as the MAPPA area keeps them. The
meetings list counts the victims' views, naming no victim.
"""

from __future__ import annotations

from datetime import date

from vcs.core.actors import Actor, Role
from vcs.mappa import meetings, status
from vcs.mappa.schemas import MappaHistory, MappaIn, MeetingIn, MeetingOut
from vcs.mappa.status import VIEWS_WORKING_DAYS as VIEWS_WORKING_DAYS
from vcs.offender_side import facts
from vcs.offender_side.pack_schemas import OffenderMeeting


async def set_mappa(actor: Actor, offender_id: int, data: MappaIn, today: date) -> MappaHistory:
    """Record the offender's MAPPA category and level (`vcs.mappa.status.set_mappa`)."""
    return await status.set_mappa(actor, offender_id, data, today)


async def mappa_history(actor: Actor, offender_id: int, limit: int, offset: int) -> MappaHistory:
    """The offender's MAPPA category and level over time (`vcs.mappa.status.mappa_history`)."""
    return await status.mappa_history(actor, offender_id, limit, offset)


async def create_meeting(actor: Actor, data: MeetingIn, today: date) -> MeetingOut:
    """Arrange a level 2 or 3 meeting (`vcs.mappa.status.create_meeting`): the answer counts
    the victims invited, naming none."""
    return await status.create_meeting(actor, data, today)


async def meetings_for_offender(
    actor: Actor, offender_id: int, today: date
) -> list[OffenderMeeting]:
    """The meetings about one of the offender manager's own offenders, with how many of the
    opted-in victims' views are in."""
    await status.require_offender(actor, offender_id, Role.OFFENDER_MANAGER)
    found = await meetings.offender_meetings(offender_id, today)
    invited = [v.case_id for v in await facts.victims_of([offender_id], opted_in_only=True)]
    counts = await meetings.submitted_counts([m["id"] for m in found], invited)
    return [
        OffenderMeeting(
            meeting_id=m["id"],
            level=m["level"],
            on=m["on"],
            views_due=m["views_due"],
            past=m["on"] < today,
            views_submitted=counts.get(m["id"], 0),
            victims_invited=len(invited),
        )
        for m in found
    ]
