"""Naming an offender's offender manager: a VLU manager with a case for the offender does it,
and from then on that offender manager sees, through the door, the victim summary, the
licence-condition requests and the MAPPA views of their offender."""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.access import audit
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import InvalidInput, PermissionDenied
from vcs.core.schemas import Output
from vcs.core.tables import Offender, Unit, User
from vcs.core.timeline import record_event
from vcs.offender_side import facts
from vcs.offender_side.schemas import (
    OffenderAssignment,
    OffenderManagerAssign,
    OffenderManagerOut,
)


async def assign_offender_manager(
    actor: Actor, offender_id: int, data: OffenderManagerAssign, today: date
) -> OffenderAssignment:
    """A VLU manager with a case for the offender names their offender manager, who from then
    on sees the victim summary and the condition requests."""
    if actor.role is not Role.VLU_MANAGER:
        raise PermissionDenied("Only a VLU manager can assign an offender manager")
    async with write_transaction():
        offender = await facts.offender(offender_id)
        case_ids = await facts.unit_case_ids(actor.unit_id, offender_id)
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
        offender_name=offender.name,
        offender_manager=OffenderManagerOut(
            username=user["username"],
            display_name=user["display_name"],
            unit_code=unit["unit.code"] if unit else None,
        ),
    )


class NamingChoices(Output):
    """What a VLU manager needs to name an offender's offender manager: the offender, who
    manages them now, and the offender managers of the probation delivery units of the region."""

    offender_id: int
    offender_name: str
    current: OffenderManagerOut | None
    choices: list[OffenderManagerOut]


async def naming_choices(actor: Actor, offender_id: int) -> NamingChoices:
    """The offender managers a VLU manager may name for an offender of one of the unit's cases:
    the active offender managers of the probation delivery units in the unit's region (every
    probation delivery unit's when the region has none), by name."""
    if actor.role is not Role.VLU_MANAGER:
        raise PermissionDenied("Only a VLU manager can assign an offender manager")
    offender = await facts.offender(offender_id)
    if not await facts.unit_case_ids(actor.unit_id, offender_id):
        raise PermissionDenied("Your unit has no case for this offender")
    region = await Unit.select(Unit.region).where(Unit.id == actor.unit_id).first()
    columns = (User.id, User.username, User.display_name, User.unit.code, User.unit.region)
    managers = await User.select(*columns).where(
        (User.role == Role.OFFENDER_MANAGER.value)
        & (User.active == True)  # noqa: E712
        & (User.unit.kind == "probation")
    )
    local = [m for m in managers if region and m["unit.region"] == region["region"]]
    current = (
        await Offender.select(Offender.offender_manager).where(Offender.id == offender_id).first()
    )
    now = current["offender_manager"] if current else None
    named = await User.select(*columns).where(User.id == now).first() if now else None
    return NamingChoices(
        offender_id=offender_id,
        offender_name=offender.name,
        current=_manager(named) if named else None,
        choices=sorted(
            (_manager(m) for m in local or managers),
            key=lambda m: (m.display_name or m.username).casefold(),
        ),
    )


def _manager(row: dict[str, Any]) -> OffenderManagerOut:
    return OffenderManagerOut(
        username=row["username"], display_name=row["display_name"], unit_code=row["unit.code"]
    )
