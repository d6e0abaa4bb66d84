"""The unit's hold on its cases: only a Victim Liaison Unit works cases, and a VLU sees and
changes only its own unit's cases, whichever area opens one by its number."""

from __future__ import annotations

from typing import Any

from vcs.core.actors import Actor
from vcs.core.errors import NotFound, PermissionDenied
from vcs.core.tables import Case


def require_casework(actor: Actor) -> int:
    """The unit whose cases the actor may work: VLOs and VLU managers only."""
    if not actor.does_casework or actor.unit_id is None:
        raise PermissionDenied("Only a Victim Liaison Unit can see cases")
    return actor.unit_id


async def case_in_unit(actor: Actor, case_id: int) -> dict[str, Any]:
    """The case row, if it exists and belongs to the actor's unit."""
    unit_id = require_casework(actor)
    row = await Case.select().where(Case.id == case_id).first()
    if row is None:
        raise NotFound("There is no case with this number")
    if row["unit"] != unit_id:
        raise PermissionDenied("This case belongs to another unit")
    return row
