"""The MAPPA meeting pack and the offender manager's pre-meeting view, built by the door.

MAPPA Guidance (victim liaison) and the Victims' Code: victims never attend a MAPPA meeting;
their VLO puts each opted-in victim's views, concerns and wanted safety measures to it. The
meeting, and the offender manager, see them with the status and decision of each of the
victim's licence-condition requests and a victim-safety section (one of the risk plan's four
pillars), by the victim's name and relationship only (`vcs.offender_side.facts`): never an
address, phone, email or date of birth (the 2006 probation rule that victim details are not
shown in offender records). Every read of the pack is audited.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from letters.meeting_pack import ZoneMap, render_meeting_pack_pdf
from vcs.access import audit
from vcs.conditions.catalogue import CATALOGUE
from vcs.conditions.tables import ConditionDecision, ConditionRequest, ConditionZone
from vcs.conditions.zone_maps import basemap_note, draw_map, zone_summaries
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.mappa import meetings
from vcs.mappa.schemas import MeetingOut
from vcs.mappa.status import current_mappa, load_meeting, require_offender
from vcs.offender_side import facts
from vcs.offender_side.pack_schemas import (
    MeetingPack,
    PackRequest,
    PackVictim,
    PreMeeting,
    PreMeetingViews,
    SafetyPoint,
)

PACK_READERS = (Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
GRANTED = ("granted", "granted_varied")


async def _requests(case_ids: list[int]) -> dict[int, list[PackRequest]]:
    """Each case's licence-condition requests, forwarded or later (never a draft), with their
    status and any decision."""
    rows = await (
        ConditionRequest.select(
            ConditionRequest.id,
            ConditionRequest.case,
            ConditionRequest.type,
            ConditionRequest.wording,
            ConditionRequest.status,
        )
        .where(ConditionRequest.case.is_in(case_ids or [0]) & (ConditionRequest.status != "draft"))
        .order_by(ConditionRequest.id)
    )
    ids = [r["id"] for r in rows] or [0]
    decisions = {
        d["request"]: d
        for d in await ConditionDecision.select().where(ConditionDecision.request.is_in(ids))
    }
    found: dict[int, list[PackRequest]] = {c: [] for c in case_ids}
    for r in rows:
        d = decisions.get(r["id"], {})
        found[r["case"]].append(
            PackRequest(
                id=r["id"],
                type=r["type"],
                title=CATALOGUE[r["type"]].title,
                cvl_code=CATALOGUE[r["type"]].cvl_code,
                wording=r["wording"],
                status=r["status"],
                decision=d.get("outcome"),
                decided_on=d.get("decided_on"),
                final_wording=d.get("final_wording", ""),
                decision_reason=d.get("reason", ""),
            )
        )
    return found


async def _zone_maps(request_ids: list[int]) -> list[ZoneMap]:
    """The map of each request's zones (over the basemap, when one is configured), for the
    pack's PDF, in the order of the requests."""
    zones = await (
        ConditionZone.select(ConditionZone.request, ConditionZone.geojson)
        .where(ConditionZone.request.is_in(request_ids or [0]))
        .order_by(ConditionZone.request)
        .output(load_json=True)
    )
    maps = []
    for zone in zones:
        png = await asyncio.to_thread(draw_map, zone["geojson"], 1200, 860)
        corners = tuple(
            f"{z.label}: {z.area_km2:.2f} km²; corners {'; '.join(z.corners)}"
            for z in zone_summaries(zone["geojson"])
        )
        notes = (*corners, basemap_note()) if basemap_note() else corners
        maps.append(ZoneMap(f"Request {zone['request']}", png, notes))
    return maps


async def _every_case(offender_id: int) -> list[int]:
    """Every case of the offender, open or closed, whichever unit holds it."""
    return [v.case_id for v in await facts.victims_of([offender_id], open_only=False)]


def _in_order(requests: dict[int, list[PackRequest]]) -> list[PackRequest]:
    return sorted((r for rs in requests.values() for r in rs), key=lambda r: r.id)


def _safety(name: str, measures: str, requests: list[PackRequest]) -> SafetyPoint:
    conditions = [
        f"{'Set' if r.decision in GRANTED else 'Requested'}: {r.final_wording or r.wording}"
        for r in requests
        if r.status != "withdrawn" and r.decision != "refused"
    ]
    return SafetyPoint(victim_name=name, measures=measures, conditions=conditions)


def _pack_victim(
    victim: facts.VictimFacts, view: dict[str, Any], requests: list[PackRequest]
) -> PackVictim:
    return PackVictim(
        victim_name=victim.victim_name,
        relationship=victim.relationship,
        vlo=victim.vlo,
        views_status="submitted" if view.get("submitted_on") else "awaited",
        views=view.get("views", ""),
        concerns=view.get("concerns", ""),
        measures=view.get("measures", ""),
        submitted_on=view.get("submitted_on"),
        requests=requests,
    )


async def _build_pack(
    meeting: dict[str, Any], today: date, every: dict[int, list[PackRequest]] | None = None
) -> MeetingPack:
    """Each opted-in victim's views and requests; other victims' requests, unnamed. `every`:
    the requests of every case of the offender, when already read."""
    offender_id = meeting["offender"]
    victims = await facts.victims_of([offender_id], opted_in_only=True)
    views = await meetings.views_for(meeting["id"], [v.case_id for v in victims])
    requests = dict(every) if every is not None else await _requests(await _every_case(offender_id))
    pack_victims = [
        _pack_victim(v, views.get(v.case_id, {}), requests.pop(v.case_id)) for v in victims
    ]
    offender = await facts.offender(offender_id)
    return MeetingPack(
        **{k: meeting[k] for k in ("level", "on", "views_due")},
        reference=f"MAPPA-{meeting['id']}",
        meeting_id=meeting["id"],
        offender_id=offender_id,
        offender_name=offender.name,
        mappa=await current_mappa(offender_id),
        produced_on=today,
        victims=pack_victims,
        other_requests=_in_order(requests),
        victim_safety=[_safety(v.victim_name, v.measures, v.requests) for v in pack_victims],
    )


async def meeting_pack(actor: Actor, meeting_id: int, today: date) -> MeetingPack:
    """The meeting pack, for the offender's offender manager and the Victim Liaison Units with a
    case for the offender. Every read is audited."""
    meeting = await load_meeting(meeting_id)
    await require_offender(actor, meeting["offender"], *PACK_READERS)
    pack = await _build_pack(meeting, today)
    async with write_transaction():
        await audit.record(actor, "read_mappa_pack", "mappa_meeting", meeting_id)
    return pack


async def meeting_pack_pdf(actor: Actor, meeting_id: int, today: date) -> bytes:
    """The meeting pack as a PDF for the meeting. Producing it is audited."""
    meeting = await load_meeting(meeting_id)
    await require_offender(actor, meeting["offender"], *PACK_READERS)
    pack = await _build_pack(meeting, today)
    maps = await _zone_maps(
        [r.id for v in pack.victims for r in v.requests] + [r.id for r in pack.other_requests]
    )
    pdf = await asyncio.to_thread(render_meeting_pack_pdf, pack.model_dump(), maps)
    async with write_transaction():
        await audit.record(actor, "produce_mappa_pack", "mappa_meeting", meeting_id, "pdf")
    return pdf


async def pre_meeting(actor: Actor, offender_id: int, today: date) -> PreMeeting:
    """The offender manager's one call before the next MAPPA meeting: the requested licence
    conditions and their status, and the victims' views released for that meeting. Audited."""
    found = await pre_meeting_of(actor, offender_id, today)
    async with write_transaction():
        await audit.record(actor, "read_pre_meeting", "offender", offender_id)
    return found


async def pre_meeting_of(actor: Actor, offender_id: int, today: date) -> PreMeeting:
    """`pre_meeting` without its audit entry (the offender page records one for all)."""
    offender = await require_offender(actor, offender_id, Role.OFFENDER_MANAGER)
    meeting = await meetings.next_meeting(offender_id, today)
    requests = await _requests(await _every_case(offender_id))
    pack = await _build_pack(meeting, today, requests) if meeting else None
    return PreMeeting(
        offender_id=offender_id,
        offender_name=offender["name"],
        mappa=await current_mappa(offender_id),
        next_meeting=MeetingOut(
            **meeting, offender_id=offender_id, victims_invited=len(pack.victims)
        )
        if meeting and pack
        else None,
        requests=_in_order(requests),
        views=[PreMeetingViews(**v.model_dump()) for v in pack.victims if v.submitted_on]
        if pack
        else [],
    )
