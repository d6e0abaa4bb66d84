"""A VLO's work: everything overdue, due today and due in the coming week on their own open
cases, across every clock (first contact, Victim Personal Statements, MAPPA views, forwarding
licence-condition requests, annual contact, tribunal statements), every task (key stages,
telling the victim of a decision, an 18th birthday), every letter drafted but not sent and
every reply awaited to a letter that asked for one; and the recent activity on their cases.
A VLU manager also sees what is overdue in the whole unit. "Today" is given by the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from piccolo.custom_types import Combinable

from letters.model import TEMPLATE_TITLES, Template
from vcs.casework.replies import replies_awaited
from vcs.casework.timeline_words import worded
from vcs.casework.unit_scope import require_casework
from vcs.casework.work_schemas import Activity, WorkItem
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import read_transaction
from vcs.core.errors import PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import Case, CaseEvent, Deadline, Task
from vcs.correspondence.drafts import unsent_drafts

WEEK = timedelta(days=7)
CLOCK_TITLES = {
    "first_contact": "Make first contact with the victim",
    "vps": "Send the Victim Personal Statement to the Parole Board",
    "mappa_views": "Send the victim's views for the MAPPA meeting",
    "condition_forwarding": "Forward the licence-condition request to the decision maker",
    "annual_contact": "Send the annual contact letter",
    "tribunal_statement": "Send the victim's statement to the tribunal",
}


@dataclass(frozen=True)
class Scope:
    unit_id: int
    assigned_to: int | None  # one VLO's cases, or None for the whole unit


def _state(due: date, today: date) -> tuple[str, int]:
    if due < today:
        return "overdue", max(1, clocks.calendar().working_days_between(due, today))
    return ("due_today", 0) if due == today else ("due_this_week", 0)


def _on_cases(column: Any, scope: Scope) -> Combinable:
    where: Combinable = (column.unit == scope.unit_id) & (column.state == "open")
    if scope.assigned_to is not None:
        where &= column.assigned_to == scope.assigned_to
    return where


async def _clocks(scope: Scope, up_to: date) -> list[dict[str, Any]]:
    rows = await Deadline.select(
        Deadline.clock,
        Deadline.case,
        Deadline.due,
        Deadline.case.victim.name,  # type: ignore[union-attr]
    ).where(Deadline.met_on.is_null() & (Deadline.due <= up_to) & _on_cases(Deadline.case, scope))
    return [
        {
            "kind": r["clock"],
            "case_id": r["case"],
            "due": r["due"],
            "victim": r["case.victim.name"],
            "title": CLOCK_TITLES.get(r["clock"], "Meet the case's deadline"),
        }
        for r in rows
    ]


async def _tasks(scope: Scope, up_to: date) -> list[dict[str, Any]]:
    rows = await Task.select(Task.case, Task.summary, Task.due, Task.case.victim.name).where(  # type: ignore[union-attr]
        Task.done_on.is_null() & (Task.due <= up_to) & _on_cases(Task.case, scope)
    )
    return [
        {
            "kind": "task",
            "case_id": r["case"],
            "due": r["due"],
            "victim": r["case.victim.name"],
            "title": r["summary"],
        }
        for r in rows
    ]


async def _drafts(scope: Scope, up_to: date) -> list[dict[str, Any]]:
    drafts = await unsent_drafts(scope.unit_id, scope.assigned_to, up_to)
    names = await _victims([d.case_id for d in drafts])
    return [
        {
            "kind": "letter_draft",
            "case_id": d.case_id,
            "due": d.drafted_on,
            "victim": names[d.case_id][0],
            "title": f"Send the drafted letter: {_letter_title(d.template)}",
        }
        for d in drafts
    ]


async def _replies(scope: Scope, up_to: date) -> list[dict[str, Any]]:
    found = await replies_awaited(scope.unit_id, scope.assigned_to, up_to)
    names = await _victims([f["case_id"] for f in found])
    return [{**f, "victim": names[f["case_id"]][0]} for f in found]


async def _victims(case_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    if not case_ids:
        return {}
    rows = await Case.select(
        Case.id, Case.victim.name, Case.assigned_to.display_name, Case.assigned_to.username
    ).where(Case.id.is_in(sorted(set(case_ids))))
    return {
        r["id"]: (
            r["victim.name"],
            r["assigned_to.display_name"] or r["assigned_to.username"] or None,
        )
        for r in rows
    }


async def work_items(scope: Scope, today: date, up_to: date) -> list[WorkItem]:
    """Every item due on or before `up_to` in the scope, most urgent first."""
    async with read_transaction():
        found = [
            *await _clocks(scope, up_to),
            *await _tasks(scope, up_to),
            *await _drafts(scope, up_to),
            *await _replies(scope, up_to),
        ]
        people = await _victims([f["case_id"] for f in found])
    found.sort(key=lambda f: (f["due"], f["case_id"], f["kind"], f["title"]))
    items = []
    for f in found:
        state, late = _state(f["due"], today)
        items.append(
            WorkItem(
                kind=f["kind"],
                case_id=f["case_id"],
                title=f["title"],
                due=f["due"],
                state=state,
                working_days_overdue=late,
                victim_name=f["victim"],
                vlo=people[f["case_id"]][1],
            )
        )
    return items


def _page(items: list[WorkItem], limit: int, offset: int) -> Page[WorkItem]:
    return Page[WorkItem](
        items=items[offset : offset + limit], total=len(items), limit=limit, offset=offset
    )


async def my_work(actor: Actor, today: date, limit: int, offset: int) -> Page[WorkItem]:
    """The actor's own cases' work: overdue, due today and due in the next seven days."""
    unit_id = require_casework(actor)
    items = await work_items(Scope(unit_id, actor.user_id), today, today + WEEK)
    return _page(items, limit, offset)


async def unit_overdue(actor: Actor, today: date, limit: int, offset: int) -> Page[WorkItem]:
    """For a VLU manager: everything overdue on the unit's open cases, whoever holds them."""
    unit_id = require_casework(actor)
    if actor.role is not Role.VLU_MANAGER:
        raise PermissionDenied("Only a VLU manager sees the whole unit's overdue work")
    items = await work_items(Scope(unit_id, None), today, today - timedelta(days=1))
    return _page(items, limit, offset)


async def recent_activity(actor: Actor, limit: int) -> list[Activity]:
    """The latest entries on the timelines of the actor's own open cases, newest first."""
    unit_id = require_casework(actor)
    rows = (
        await CaseEvent.select(
            CaseEvent.case,
            CaseEvent.case.victim.name,  # type: ignore[union-attr]
            CaseEvent.occurred_on,
            CaseEvent.recorded_at,
            CaseEvent.summary,
            CaseEvent.kind,
            CaseEvent.data,
        )
        .where(_on_cases(CaseEvent.case, Scope(unit_id, actor.user_id)))
        .order_by(CaseEvent.id, ascending=False)
        .limit(limit)
        .output(load_json=True)
    )
    said = await worded(rows)
    return [
        Activity(
            case_id=r["case"],
            victim_name=r["case.victim.name"],
            occurred_on=r["occurred_on"],
            recorded_at=r["recorded_at"],
            summary=summary,
        )
        for r, summary in zip(rows, said, strict=True)
    ]


def _letter_title(template: str) -> str:
    """The letter's title as its reader knows it ("Offer of the Victim Contact Scheme")."""
    try:
        return TEMPLATE_TITLES[Template(template)]
    except (ValueError, KeyError):
        return template.replace("_", " ")
