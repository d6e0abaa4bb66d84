"""The unit's caseload: its cases most urgent first (or one VLO's, or those no VLO has yet), with
counts of the open ones, and the manager's list of every open clock. A VLU sees only its own
unit's cases; the database filters, counts and pages them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from vcs.casework.case_schemas import CaseCounts, CaseList, CaseSummary, UnitDeadline
from vcs.casework.unit_scope import require_casework
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import read_transaction
from vcs.core.errors import PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import NO_CLOCK, Case, Deadline
from vcs.core.tables import User as UserTable


@dataclass(frozen=True)
class CaseFilter:
    assigned_to: str | None = None
    state: str | None = None  # open | closed
    deadline: str | None = None  # overdue | due_soon
    unallocated: bool = False  # only the cases no VLO has yet (a manager's allocation queue)


def _urgency(next_due: date, soon: date, today: date) -> str:
    if next_due == NO_CLOCK:
        return "none"
    if next_due < today:
        return "overdue"
    return "due_soon" if next_due <= soon else "pending"


async def list_cases(
    actor: Actor, filters: CaseFilter, today: date, limit: int, offset: int
) -> CaseList:
    """The unit's caseload (or one VLO's), most urgent first: overdue, then due soon, then by
    due date, with counts of the open cases in the same scope."""
    unit_id = require_casework(actor)
    soon = clocks.due_soon_limit(today)
    async with read_transaction():
        scope: Combinable = Case.unit == unit_id
        assignee = None
        if filters.assigned_to:
            row = (
                await UserTable.select(UserTable.id)
                .where(UserTable.username == filters.assigned_to)
                .first()
            )
            assignee = row["id"] if row else 0  # an unknown name matches no case
            scope &= Case.assigned_to == assignee
        if filters.unallocated:
            scope &= Case.assigned_to.is_null()
        where = scope
        if filters.state:
            where &= Case.state == filters.state
        if filters.deadline == "overdue":
            where &= Case.next_due < today
        elif filters.deadline == "due_soon":
            where &= (Case.next_due >= today) & (Case.next_due <= soon)
        rows = await (
            Case.select(*CASELOAD_COLUMNS)
            .where(where)
            .order_by(Case.next_due, Case.id)
            .limit(limit)
            .offset(offset)
        )
        counts = await _counts(unit_id, assignee, today, soon, unallocated=filters.unallocated)
        total = _total_from(counts, filters)
        if total is None:
            total = await Case.count().where(where)
    return CaseList(
        items=[_summary(r, soon, today) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        counts=counts,
    )


CASELOAD_COLUMNS = (
    Case.id,
    Case.victim.name,
    Case.victim.relationship,
    Case.offender,
    Case.offender.name,
    Case.unit.code,
    Case.assigned_to.username,
    Case.state,
    Case.eligibility_status,
    Case.participation,
    Case.next_due,
)


def _summary(r: dict[str, Any], soon: date, today: date) -> CaseSummary:
    return CaseSummary(
        id=r["id"],
        victim_name=r["victim.name"],
        relationship=r["victim.relationship"],
        offender_id=r["offender"],
        offender_name=r["offender.name"],
        unit_code=r["unit.code"],
        assigned_to=r["assigned_to.username"],
        state=r["state"],
        eligibility_status=r["eligibility_status"],
        participation=r["participation"],
        next_due=None if r["next_due"] == NO_CLOCK else r["next_due"],
        urgency=_urgency(r["next_due"], soon, today),
    )


def _total_from(counts: CaseCounts, filters: CaseFilter) -> int | None:
    """The list's total when the counts already hold it (closed cases run no clock)."""
    if filters.state == "closed":
        return None
    if filters.deadline == "overdue":
        return counts.overdue
    if filters.deadline == "due_soon":
        return counts.due_soon
    return counts.open if filters.state == "open" else None


COUNTS_SQL = """
SELECT COUNT(*) AS open,
       COALESCE(SUM(CASE WHEN next_due < {} THEN 1 ELSE 0 END), 0) AS overdue,
       COALESCE(SUM(CASE WHEN next_due >= {} AND next_due <= {} THEN 1 ELSE 0 END), 0) AS due_soon,
       COALESCE(SUM(CASE WHEN assigned_to IS NULL THEN 1 ELSE 0 END), 0) AS unallocated
FROM vcs_case WHERE unit = {} AND state = 'open'
"""


async def _counts(
    unit_id: int, assignee: int | None, today: date, soon: date, *, unallocated: bool = False
) -> CaseCounts:
    """Open cases in scope by urgency, in one pass over the caseload index."""
    sql, args = COUNTS_SQL, [today, today, soon, unit_id]
    if assignee is not None:
        sql, args = sql + " AND assigned_to = {}", [*args, assignee]
    if unallocated:
        sql += " AND assigned_to IS NULL"
    [row] = await Case.raw(sql, *args)
    return CaseCounts(**{k: int(v) for k, v in row.items()})


# Built once: Piccolo's joined columns are costly to build on every request.
DEADLINE_COLUMNS = (
    *Deadline.all_columns(),
    Deadline.case.victim.name,  # type: ignore[union-attr]
    Deadline.case.assigned_to.username,  # type: ignore[union-attr]
)


async def unit_counts(actor: Actor, today: date) -> CaseCounts:
    """The unit's open cases by urgency, without listing them (the deadlines page)."""
    unit_id = require_casework(actor)
    return await _counts(unit_id, None, today, clocks.due_soon_limit(today))


async def unit_deadlines(
    actor: Actor, state: str | None, today: date, limit: int, offset: int
) -> Page[UnitDeadline]:
    """Every open clock of the manager's unit, most urgent first."""
    if actor.role is not Role.VLU_MANAGER or actor.unit_id is None:
        raise PermissionDenied("Only a VLU manager can see the unit's deadlines")
    where = (
        (Deadline.unit == actor.unit_id)
        & Deadline.met_on.is_null()
        & (Deadline.case.state == "open")
    )
    if state == "overdue":
        where &= Deadline.due < today
    elif state == "due_soon":
        where &= (Deadline.due >= today) & (Deadline.due <= clocks.due_soon_limit(today))
    rows = await (
        Deadline.select(*DEADLINE_COLUMNS)
        .where(where)
        .order_by(Deadline.due)
        .order_by(Deadline.id)
        .limit(limit)
        .offset(offset)
    )
    return Page[UnitDeadline](
        items=[
            UnitDeadline(
                case_id=r["case"],
                victim_name=r["case.victim.name"],
                assigned_to=r["case.assigned_to.username"],
                deadline=clocks.deadline_out(r, today),
            )
            for r in rows
        ],
        total=await Deadline.count().where(where),
        limit=limit,
        offset=offset,
    )
