"""Naming an offender's offender manager: a VLU manager with a case for the offender does it,
and from then on that offender manager sees, through the door, the victim summary, the
licence-condition requests and the MAPPA views of their offender."""

from __future__ import annotations

from datetime import date

from vcs.access import audit
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import InvalidInput, PermissionDenied
from vcs.core.tables import Offender, User
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
