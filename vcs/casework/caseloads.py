"""Each Victim Liaison Officer's caseload: how many open cases they work, so that a VLU manager
allocating a case can see who has room for it."""

from __future__ import annotations

from vcs.casework.unit_scope import require_casework
from vcs.core.actors import Actor
from vcs.core.tables import Case


async def open_cases_by_officer(actor: Actor) -> dict[str, int]:
    """The number of open cases of the actor's unit allocated to each officer, by username
    (an officer with none is left out)."""
    unit_id = require_casework(actor)
    rows = await Case.select(Case.assigned_to.username).where(
        (Case.unit == unit_id) & (Case.state == "open") & Case.assigned_to.is_not_null()
    )
    counts: dict[str, int] = {}
    for row in rows:
        name = row["assigned_to.username"]
        counts[name] = counts.get(name, 0) + 1
    return counts
