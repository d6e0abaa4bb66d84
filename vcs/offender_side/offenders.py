"""The offender side: assigning the offender manager, and what they may know of the offender's
victims.

An offender manager sees, for their own offenders only, whether victims are in the scheme and
opted in, the VLO's name and the licence-condition requests (never a draft); never a victim's
address, phone, email, date of birth or nominated contact (the 2006 probation rule that victim
details are not kept with or shown in offender records). Every such read is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.access import audit
from vcs.conditions.schemas import ConditionRequestView
from vcs.conditions.tables import ConditionRequest
from vcs.conditions.views import build_views, count_requests, request_rows
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import InvalidInput, NotFound, PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import Case, Offender, User
from vcs.core.timeline import record_event
from vcs.offender_side.schemas import (
    OffenderAssignment,
    OffenderListItem,
    OffenderManagerAssign,
    OffenderManagerOut,
    VictimSummary,
)


async def _offender(offender_id: int) -> dict[str, Any]:
    row = await Offender.select().where(Offender.id == offender_id).first()
    if row is None:
        raise NotFound("There is no offender with this number")
    return dict(row)


async def _unit_case_ids(unit_id: int | None, offender_id: int) -> list[int]:
    rows = await Case.select(Case.id).where((Case.offender == offender_id) & (Case.unit == unit_id))
    return [r["id"] for r in rows]


async def require_offender_reader(actor: Actor, offender_id: int) -> dict[str, Any]:
    """The offender manager assigned to the offender, or a VLU with a case for them."""
    offender = await _offender(offender_id)
    if actor.role is Role.OFFENDER_MANAGER and offender["offender_manager"] == actor.user_id:
        return offender
    if actor.does_casework and await _unit_case_ids(actor.unit_id, offender_id):
        return offender
    raise PermissionDenied("You are not this offender's offender manager")


async def assign_offender_manager(
    actor: Actor, offender_id: int, data: OffenderManagerAssign, today: date
) -> OffenderAssignment:
    """A VLU manager with a case for the offender names their offender manager, who from then
    on sees the victim summary and the condition requests."""
    if actor.role is not Role.VLU_MANAGER:
        raise PermissionDenied("Only a VLU manager can assign an offender manager")
    async with write_transaction():
        offender = await _offender(offender_id)
        case_ids = await _unit_case_ids(actor.unit_id, offender_id)
        if not case_ids:
            raise PermissionDenied("Your unit has no case for this offender")
        user = await (
            User.select(User.id, User.username, User.display_name, User.role, User.active)
            .where(User.username == data.username)
            .first()
        )
        unit = await User.select(User.unit.code).where(User.username == data.username).first()
        if user is None or user["role"] != Role.OFFENDER_MANAGER.value or not user["active"]:
            raise InvalidInput.on("username", "No active offender manager has this username")
        await Offender.update({Offender.offender_manager: user["id"]}).where(
            Offender.id == offender_id
        )
        for case_id in case_ids:
            await record_event(
                case_id,
                "offender_manager_assigned",
                today,
                actor,
                f"Offender manager assigned: {user['display_name'] or user['username']}",
                {"username": user["username"]},
            )
        await audit.record(actor, "assign_offender_manager", "offender", offender_id)
    return OffenderAssignment(
        offender_id=offender_id,
        offender_name=offender["name"],
        offender_manager=OffenderManagerOut(
            username=user["username"],
            display_name=user["display_name"],
            unit_code=unit["unit.code"] if unit else None,
        ),
    )


def _visible_requests(offender_id: int) -> Any:
    return (ConditionRequest.offender == offender_id) & (ConditionRequest.status != "draft")


async def victim_summary(actor: Actor, offender_id: int, today: date) -> VictimSummary:
    """Whether the offender's victims are in the scheme and opted in, whom to contact, and
    their licence-condition requests: nothing that could locate a victim. Audited."""
    offender = await require_offender_reader(actor, offender_id)
    cases = await (
        Case.select(Case.participation, Case.assigned_to.display_name, Case.unit.name)
        .where((Case.offender == offender_id) & (Case.state == "open"))
        .order_by(Case.id)
    )
    vlos = list(dict.fromkeys(c["assigned_to.display_name"] or c["unit.name"] for c in cases))
    rows = await request_rows(_visible_requests(offender_id), limit=200)
    async with write_transaction():
        await audit.record(actor, "read_victim_summary", "offender", offender_id)
    return VictimSummary(
        offender_id=offender_id,
        offender_name=offender["name"],
        victims_in_scheme=len(cases),
        opted_in=sum(1 for c in cases if c["participation"] == "opted_in"),
        vlo=vlos[0] if vlos else None,
        vlos=vlos,
        requests=await build_views(rows, today, for_unit=False),
    )


async def offender_condition_requests(
    actor: Actor, offender_id: int, today: date, limit: int, offset: int
) -> Page[ConditionRequestView]:
    """The offender's licence-condition requests (forwarded or later), oldest first. Audited."""
    await require_offender_reader(actor, offender_id)
    where = _visible_requests(offender_id)
    views = await build_views(await request_rows(where, limit, offset), today, for_unit=False)
    async with write_transaction():
        await audit.record(actor, "read_condition_requests", "offender", offender_id)
    return Page[ConditionRequestView](
        items=views, total=await count_requests(where), limit=limit, offset=offset
    )


async def my_offenders(actor: Actor, limit: int, offset: int) -> Page[OffenderListItem]:
    """The offender manager's own offenders, by name, with their victims' counts."""
    if actor.role is not Role.OFFENDER_MANAGER:
        raise PermissionDenied("Only an offender manager has offenders")
    where = Offender.offender_manager == actor.user_id
    offenders = await (
        Offender.select(Offender.id, Offender.name, Offender.crn, Offender.prison_number)
        .where(where)
        .order_by(Offender.name)
        .order_by(Offender.id)
        .limit(limit)
        .offset(offset)
    )
    ids = [o["id"] for o in offenders] or [0]
    cases = await Case.select(Case.offender, Case.participation).where(
        Case.offender.is_in(ids) & (Case.state == "open")
    )
    requests = await ConditionRequest.select(ConditionRequest.offender).where(
        ConditionRequest.offender.is_in(ids) & (ConditionRequest.status != "draft")
    )
    async with write_transaction():
        await audit.record(actor, "read_offender_list", "offender", None)
    return Page[OffenderListItem](
        items=[
            OffenderListItem(
                **o,
                victims_in_scheme=sum(1 for c in cases if c["offender"] == o["id"]),
                opted_in=sum(
                    1
                    for c in cases
                    if c["offender"] == o["id"] and c["participation"] == "opted_in"
                ),
                condition_requests=sum(1 for r in requests if r["offender"] == o["id"]),
            )
            for o in offenders
        ],
        total=await Offender.count().where(where),
        limit=limit,
        offset=offset,
    )
