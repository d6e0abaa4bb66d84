"""Allocation, closure, transfer, reopening, and recording a victim's death.

Closed cases are read-only until reopened with a reason (domain.md section 4.8). A transfer moves
the case, with its whole history, to another Victim Liaison Unit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.access import audit
from vcs.access.people import display_names
from vcs.casework.lock import claim_case
from vcs.casework.schemas import (
    AllocationIn,
    CaseChanged,
    CloseIn,
    CloseReason,
    ReopenIn,
    VictimDeathIn,
)
from vcs.casework.timeline_words import allocated_summary, transferred_summary
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, InvalidInput, PermissionDenied
from vcs.core.tables import NO_CLOCK, Case, Deadline, Task, Unit, User, Victim
from vcs.core.timeline import record_event


def check_not_future(on: date, today: date, field: str = "on") -> None:
    if on > today:
        raise InvalidInput.on(field, "This date is in the future")


async def case_changed(case_id: int) -> CaseChanged:
    row = (
        await Case.select(
            Case.id,
            Case.version,
            Case.state,
            Case.unit.code,
            Case.assigned_to.username,
            Case.participation,
        )
        .where(Case.id == case_id)
        .first()
    )
    assert row is not None
    return CaseChanged(
        id=row["id"],
        version=row["version"],
        state=row["state"],
        unit_code=row["unit.code"],
        assigned_to=row["assigned_to.username"],
        participation=row["participation"],
    )


async def allocate(actor: Actor, case_id: int, data: AllocationIn, today: date) -> CaseChanged:
    """A VLU manager allocates or reallocates a case to a VLO of the unit; a VLO may take an
    unallocated case for themselves."""
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version)
        vlo = (
            await User.select(User.id, User.unit, User.role, User.active)
            .where(User.username == data.vlo)
            .first()
        )
        if (
            vlo is None
            or vlo["role"] != Role.VLO
            or vlo["unit"] != case["unit"]
            or not vlo["active"]
        ):
            raise InvalidInput.on("vlo", "Choose a Victim Liaison Officer of this unit")
        if actor.role is Role.VLO and (vlo["id"] != actor.user_id or case["assigned_to"]):
            raise PermissionDenied("A VLO can take an unallocated case for themselves only")
        before = await _username(case["assigned_to"])
        names = await display_names([data.vlo, before])
        if case["assigned_to"] == vlo["id"]:
            raise Conflict(f"The case is already allocated to {names[data.vlo]}")
        await Case.update({Case.assigned_to: vlo["id"]}).where(Case.id == case_id)
        await record_event(
            case_id,
            "allocated",
            today,
            actor,
            allocated_summary(names[data.vlo], names.get(before or "")),
            {"before": before, "after": data.vlo},
        )
    return await case_changed(case_id)


async def _username(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    row = await User.select(User.username).where(User.id == user_id).first()
    return None if row is None else str(row["username"])


async def close(actor: Actor, case_id: int, data: CloseIn, today: date) -> CaseChanged:
    """Close a case with a reason, or transfer it to another Victim Liaison Unit."""
    check_not_future(data.on, today)
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version)
        if data.reason is CloseReason.TRANSFERRED:
            await _transfer(actor, case, data, today)
        else:
            if data.to_unit:
                raise InvalidInput.on("to_unit", "Only a transfer names a receiving unit")
            await Case.update(
                {
                    Case.state: "closed",
                    Case.closed_on: data.on,
                    Case.close_reason: data.reason.value,
                    Case.next_due: NO_CLOCK,  # a closed case runs no clock
                }
            ).where(Case.id == case_id)
            await Task.update({Task.done_on: data.on, Task.done_by: actor.username}).where(
                (Task.case == case_id) & Task.done_on.is_null()
            )
            await record_event(
                case_id,
                "closed",
                data.on,
                actor,
                f"Case closed: {data.reason.value.replace('_', ' ')}",
                {"reason": data.reason.value, "notes": data.notes},
            )
    return await case_changed(case_id)


async def _transfer(actor: Actor, case: dict[str, Any], data: CloseIn, today: date) -> None:
    unit = (
        await Unit.select(Unit.id, Unit.kind, Unit.code, Unit.name)
        .where(Unit.code == (data.to_unit or ""))
        .first()
    )
    if unit is None or unit["kind"] != "vlu":
        raise InvalidInput.on("to_unit", "Name the Victim Liaison Unit the case moves to")
    if unit["id"] == case["unit"]:
        raise InvalidInput.on("to_unit", "The case is already in this unit")
    case_id = case["id"]
    await Case.update({Case.unit: unit["id"], Case.assigned_to: None}).where(Case.id == case_id)
    await Deadline.update({Deadline.unit: unit["id"]}).where(Deadline.case == case_id)
    await Task.update({Task.unit: unit["id"]}).where(Task.case == case_id)
    await record_event(
        case_id,
        "transferred",
        data.on,
        actor,
        transferred_summary(actor.unit_name or str(actor.unit_code), unit["name"]),
        {"before": actor.unit_code, "after": unit["code"], "notes": data.notes},
    )


async def reopen(actor: Actor, case_id: int, data: ReopenIn, today: date) -> CaseChanged:
    """Reopen a closed case, with a reason."""
    check_not_future(data.on, today)
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version, allow_closed=True)
        if case["state"] != "closed":
            raise Conflict("This case is open already")
        await Case.update(
            {Case.state: "open", Case.closed_on: None, Case.close_reason: None}
        ).where(Case.id == case_id)
        await clocks.refresh_next_due(case_id)
        await record_event(
            case_id,
            "reopened",
            data.on,
            actor,
            f"Case reopened: {data.reason}",
            {"before": case["close_reason"], "reason": data.reason},
        )
    return await case_changed(case_id)


async def record_victim_death(
    actor: Actor, case_id: int, data: VictimDeathIn, today: date
) -> CaseChanged:
    """Record that the victim has died: nothing can ever be addressed to them again; a bereaved
    family member may become the case's contact."""
    check_not_future(data.on, today)
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version)
        victim = await Victim.select(Victim.deceased_on).where(Victim.id == case["victim"]).first()
        if victim and victim["deceased_on"] is not None:
            raise Conflict("The victim's death is already recorded")
        await Victim.update({Victim.deceased_on: data.on}).where(Victim.id == case["victim"])
        await audit.record(
            actor, "record_victim_death", "victim", case["victim"], f"case {case_id}"
        )
        await record_event(
            case_id, "victim_died", data.on, actor, "The victim's death was recorded"
        )
    return await case_changed(case_id)
