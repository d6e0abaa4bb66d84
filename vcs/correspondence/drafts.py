"""Letters drafted but not yet sent, for a VLO's list of work: a draft is meant to go out the
day it is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vcs.correspondence.tables import Letter


@dataclass(frozen=True)
class UnsentDraft:
    id: int
    case_id: int
    template: str
    drafted_on: date


async def unsent_drafts(unit_id: int, assigned_to: int | None, up_to: date) -> list[UnsentDraft]:
    """The unit's drafts (those on one VLO's cases, if `assigned_to` is given) drafted on or
    before `up_to`, oldest first."""
    where = (
        (Letter.unit == unit_id)
        & (Letter.status == "draft")
        & (Letter.drafted_on <= up_to)
        & (Letter.case.state == "open")
    )
    if assigned_to is not None:
        where &= Letter.case.assigned_to == assigned_to
    rows = (
        await Letter.select(Letter.id, Letter.case, Letter.template, Letter.drafted_on)
        .where(where)
        .order_by(Letter.drafted_on)
        .order_by(Letter.id)
        .limit(500)
    )
    return [UnsentDraft(r["id"], r["case"], r["template"], r["drafted_on"]) for r in rows]
