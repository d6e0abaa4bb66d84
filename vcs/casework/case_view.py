"""A case read whole for one person, as the case page shows it: every part read in one read
transaction, the case checked against the reader's unit once, and one audit entry for the view
naming every record of personal details it read (the victim's details, the nominated contact's
when there is one, the history of changes to the victim's details). Each part read on its own
(the JSON API) still checks the unit and writes its own audit entry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from vcs.access import audit
from vcs.casework.unit_scope import VIEWING, Viewing, case_in_unit
from vcs.core.actors import Actor
from vcs.core.db import read_transaction


@asynccontextmanager
async def viewing_case(actor: Actor, case_id: int) -> AsyncIterator[None]:
    """Read the case whole inside this block; once it is read, record one audit entry of the
    personal details read (`read_victim_details`, the victim's record, naming the case)."""
    async with read_transaction():
        viewing = Viewing(actor, await case_in_unit(actor, case_id))
        token = VIEWING.set(viewing)
        try:
            yield
        finally:
            VIEWING.reset(token)
    if viewing.details_read:
        read = ", ".join(dict.fromkeys(viewing.details_read))
        detail = f"case {case_id}, case page: {read}"
        await audit.record(actor, "read_victim_details", "victim", viewing.case["victim"], detail)


async def audited_read(
    actor: Actor,
    case_id: int,
    what: list[str],
    entry: tuple[str, str, int | None, str],
) -> None:
    """Audit a read of personal details on the case: its own `entry` (action, record type,
    record id, detail), or, while the case is viewed whole, the words for `what` was read,
    for the view's one entry."""
    viewing = VIEWING.get()
    if viewing is not None and viewing.of(actor, case_id):
        viewing.details_read.extend(what)
        return
    await audit.record(actor, *entry)
