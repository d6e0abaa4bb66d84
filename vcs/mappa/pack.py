"""The victims' views for a MAPPA meeting, the meeting pack and the offender manager's
pre-meeting view.

MAPPA Guidance (victim liaison) and the Victims' Code: victims never attend a MAPPA meeting;
their VLO submits each opted-in victim's views, concerns and the safety measures they want. The
meeting, and the offender manager, see them with the status and decision of each of the
victim's licence-condition requests and a victim-safety section (one of the risk plan's four
pillars), by the victim's name and relationship only: never an address, phone, email or date of
birth (the 2006 probation rule that victim details are not shown in offender records). Views
holding those details are refused when submitted; every read of the pack is audited.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from letters.meeting_pack import render_meeting_pack_pdf
from vcs.access import audit
from vcs.casework.lock import claim_case
from vcs.casework.unit_scope import case_in_unit
from vcs.conditions.catalogue import CATALOGUE
from vcs.conditions.tables import ConditionDecision, ConditionRequest
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, InvalidInput, Refused
from vcs.core.tables import Case, Deadline, Offender
from vcs.core.timeline import record_event
from vcs.mappa.schemas import (
    MeetingOut,
    MeetingPack,
    PackRequest,
    PackVictim,
    PreMeeting,
    PreMeetingViews,
    SafetyPoint,
    VictimViewsIn,
    VictimViewsOut,
)
from vcs.mappa.status import current_mappa, load_meeting, require_offender
from vcs.mappa.tables import MappaMeeting, MeetingVictimView
from vcs.offender_side.screening import screen

PACK_READERS = (Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
GRANTED = ("granted", "granted_varied")


async def submit_views(
    actor: Actor, meeting_id: int, data: VictimViewsIn, today: date
) -> VictimViewsOut:
    """The VLO submits (or replaces, until the meeting) an opted-in victim's views, concerns and
    the safety measures they want; this meets the case's views clock."""
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
    summary = f"Views submitted for the MAPPA level {meeting['level']} meeting on {meeting['on']}"
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
                wording=r["wording"],
                status=r["status"],
                decision=d.get("outcome"),
                decided_on=d.get("decided_on"),
                final_wording=d.get("final_wording", ""),
                decision_reason=d.get("reason", ""),
            )
        )
    return found


async def _opted_in(offender_id: int) -> list[dict[str, Any]]:
    """The offender's opted-in victims: name and relationship, never contact details."""
    rows: list[dict[str, Any]] = await (
        Case.select(
            Case.id,
            Case.victim.name,
            Case.victim.relationship,
            Case.assigned_to.display_name,
            Case.unit.name,
        )
        .where(
            (Case.offender == offender_id)
            & (Case.state == "open")
            & (Case.participation == "opted_in")
        )
        .order_by(Case.id)
    )
    return rows


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
    case: dict[str, Any], view: dict[str, Any], requests: list[PackRequest]
) -> PackVictim:
    return PackVictim(
        victim_name=case["victim.name"],
        relationship=case["victim.relationship"],
        vlo=case["assigned_to.display_name"] or case["unit.name"],
        views_status="submitted" if view.get("submitted_on") else "awaited",
        views=view.get("views", ""),
        concerns=view.get("concerns", ""),
        measures=view.get("measures", ""),
        submitted_on=view.get("submitted_on"),
        requests=requests,
    )


async def _build_pack(meeting: dict[str, Any], today: date) -> MeetingPack:
    """Each opted-in victim's views and requests; other victims' requests, unnamed."""
    offender_id = meeting["offender"]
    cases = await _opted_in(offender_id)
    ids = [c["id"] for c in cases]
    views = {
        v["case"]: v
        for v in await MeetingVictimView.select().where(
            (MeetingVictimView.meeting == meeting["id"]) & MeetingVictimView.case.is_in(ids or [0])
        )
    }
    every = await Case.select(Case.id).where(Case.offender == offender_id).order_by(Case.id)
    requests = await _requests([c["id"] for c in every])
    victims = [_pack_victim(c, views.get(c["id"], {}), requests.pop(c["id"])) for c in cases]
    offender = await Offender.select(Offender.name).where(Offender.id == offender_id).first()
    return MeetingPack(
        **{k: meeting[k] for k in ("level", "on", "views_due")},
        reference=f"MAPPA-{meeting['id']}",
        meeting_id=meeting["id"],
        offender_id=offender_id,
        offender_name=offender["name"] if offender else "",
        mappa=await current_mappa(offender_id),
        produced_on=today,
        victims=victims,
        other_requests=_in_order(requests),
        victim_safety=[_safety(v.victim_name, v.measures, v.requests) for v in victims],
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
    pdf = await asyncio.to_thread(render_meeting_pack_pdf, pack.model_dump())
    async with write_transaction():
        await audit.record(actor, "produce_mappa_pack", "mappa_meeting", meeting_id, "pdf")
    return pdf


async def pre_meeting(actor: Actor, offender_id: int, today: date) -> PreMeeting:
    """The offender manager's one call before the next MAPPA meeting: the requested licence
    conditions and their status, and the victims' views released for that meeting. Audited."""
    offender = await require_offender(actor, offender_id, Role.OFFENDER_MANAGER)
    meeting = await (
        MappaMeeting.select()
        .where((MappaMeeting.offender == offender_id) & (MappaMeeting.on >= today))
        .order_by(MappaMeeting.on)
        .order_by(MappaMeeting.id)
        .first()
    )
    pack = await _build_pack(meeting, today) if meeting else None
    every = await Case.select(Case.id).where(Case.offender == offender_id)
    requests = await _requests([c["id"] for c in every])
    async with write_transaction():
        await audit.record(actor, "read_pre_meeting", "offender", offender_id)
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
