"""The unit's hold on its cases: only a Victim Liaison Unit works cases, and a VLU sees and
changes only its own unit's cases, whichever area opens one by its number."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from vcs.core.actors import Actor
from vcs.core.errors import NotFound, PermissionDenied
from vcs.core.tables import Case


@dataclass
class Viewing:
    """A case being read whole for one person (the case page, `vcs.casework.case_view`): its
    row, checked once against their unit, and the personal details its parts have read."""

    actor: Actor
    case: dict[str, Any]
    details_read: list[str] = field(default_factory=list)

    def of(self, actor: Actor, case_id: int) -> bool:
        return self.actor == actor and self.case["id"] == case_id


VIEWING: ContextVar[Viewing | None] = ContextVar("case_viewing", default=None)


def require_casework(actor: Actor) -> int:
    """The unit whose cases the actor may work: VLOs and VLU managers only."""
    if not actor.does_casework or actor.unit_id is None:
        raise PermissionDenied("Only a Victim Liaison Unit can see cases")
    return actor.unit_id


async def case_in_unit(actor: Actor, case_id: int) -> dict[str, Any]:
    """The case row, if it exists and belongs to the actor's unit. While the case is being
    viewed whole, the row checked at the start of that read (no second query)."""
    viewing = VIEWING.get()
    if viewing is not None and viewing.of(actor, case_id):
        return dict(viewing.case)
    unit_id = require_casework(actor)
    row = await Case.select().where(Case.id == case_id).first()
    if row is None:
        raise NotFound("There is no case with this number")
    if row["unit"] != unit_id:
        raise PermissionDenied("This case belongs to another unit")
    return row


def viewing_offender(actor: Actor, offender_id: int) -> bool:
    """Whether the actor is viewing, whole, one of their unit's cases about this offender (so
    their unit has a case for the offender, already checked)."""
    viewing = VIEWING.get()
    return (
        viewing is not None
        and viewing.actor == actor
        and viewing.case["offender"] == offender_id
        and actor.does_casework
    )
