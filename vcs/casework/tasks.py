"""Tasks: what a VLO must do by a date. Each has a unique key, so making it twice (a sweep run
again, two sweeps at once) makes it once."""

from __future__ import annotations

from datetime import date

from piccolo.custom_types import Combinable

from vcs.casework.schemas import TaskOut
from vcs.casework.unit_scope import require_casework
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, NotFound, PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import Task
from vcs.core.timeline import record_event


async def add_task(
    case_id: int, unit_id: int, kind: str, key: str, summary: str, due: date
) -> bool:
    """Create the task unless one with this key exists; True if it was created."""
    created = (
        await Task.insert(
            Task(case=case_id, unit=unit_id, kind=kind, key=key, summary=summary, due=due)
        )
        .on_conflict(target=Task.key, action="DO NOTHING")
        .returning(Task.id)
    )
    return bool(created)


async def list_tasks(
    actor: Actor, open_only: bool, case_id: int | None, limit: int, offset: int
) -> Page[TaskOut]:
    """The unit's tasks, soonest due first."""
    unit_id = require_casework(actor)
    where: Combinable = Task.unit == unit_id
    if open_only:
        where &= Task.done_on.is_null()
    if case_id is not None:
        where &= Task.case == case_id
    rows = (
        await Task.select()
        .where(where)
        .order_by(Task.due)
        .order_by(Task.id)
        .limit(limit)
        .offset(offset)
    )
    return Page[TaskOut](
        items=[TaskOut(case_id=r["case"], **r) for r in rows],
        total=await Task.count().where(where),
        limit=limit,
        offset=offset,
    )


async def complete_task(actor: Actor, task_id: int, on: date) -> TaskOut:
    """Mark a task done; its case's timeline says so."""
    unit_id = require_casework(actor)
    async with write_transaction():
        row = await Task.select().where(Task.id == task_id).first()
        if row is None:
            raise NotFound("There is no task with this number")
        if row["unit"] != unit_id:
            raise PermissionDenied("This task belongs to another unit")
        if row["done_on"] is not None:
            raise Conflict("This task is already done")
        await Task.update({Task.done_on: on, Task.done_by: actor.username}).where(
            Task.id == task_id
        )
        await record_event(
            row["case"], "task_done", on, actor, f"Done: {row['summary']}", {"task": row["kind"]}
        )
    row.update(done_on=on)
    return TaskOut(case_id=row["case"], **row)
