"""The review queue (VLU managers) and the parked messages (the administrator).

An event that matches none of our offenders, or several, waits for a VLU manager: matched to an
offender with an open case in their unit (its effect is then made), or dismissed with a reason.
A parked message waits for the administrator, who may play it again once the cause is fixed.
"""

from __future__ import annotations

from datetime import datetime

from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, FieldProblem, InvalidInput, NotFound, PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import Case
from vcs.events.inbox import handle
from vcs.events.matching import Unreadable
from vcs.events.reading import read_event
from vcs.events.schemas import DismissIn, EventReceipt, InboxItem, MatchIn
from vcs.events.tables import InboxMessage

REVIEW_STATUSES = frozenset({"unmatched", "dismissed"})
STATUSES = frozenset({"received", "processed", "ignored", "parked", *REVIEW_STATUSES})


def _may_see(actor: Actor, status: str) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is not Role.VLU_MANAGER or status not in REVIEW_STATUSES:
        raise PermissionDenied("Only the administrator can see these messages")


def _item(row: dict[str, object]) -> InboxItem:
    return InboxItem.model_validate({**row, "offender_id": row["offender"]})


async def list_messages(actor: Actor, status: str, limit: int, offset: int) -> Page[InboxItem]:
    """Messages of one status, oldest first: managers see the review queue, the administrator
    every message."""
    if status not in STATUSES:
        raise InvalidInput.on("status", "Choose one of: " + ", ".join(sorted(STATUSES)))
    _may_see(actor, status)
    where = InboxMessage.status == status
    rows = await (
        InboxMessage.select(*[c for c in InboxMessage._meta.columns if c._meta.name != "body"])
        .where(where)
        .order_by(InboxMessage.received_at)
        .order_by(InboxMessage.id)
        .limit(limit)
        .offset(offset)
    )
    return Page[InboxItem](
        items=[_item(r) for r in rows],
        total=await InboxMessage.count().where(where),
        limit=limit,
        offset=offset,
    )


async def _waiting(message_id: int, status: str) -> dict[str, object]:
    row = await InboxMessage.select().where(InboxMessage.id == message_id).first()
    if row is None:
        raise NotFound("There is no event with this number")
    if row["status"] != status:
        raise Conflict(f"This event is no longer {status}: it is {row['status']}")
    return dict(row)


async def match(actor: Actor, message_id: int, data: MatchIn, now: datetime) -> EventReceipt:
    """A manager matches an event in the review queue to an offender with an open case in their
    unit; the event's effect is then made, naming the manager on the timeline."""
    if actor.role is not Role.VLU_MANAGER or actor.unit_id is None:
        raise PermissionDenied("Only a VLU manager can match events to offenders")
    async with write_transaction():
        await _waiting(message_id, "unmatched")
        held = await Case.exists().where(
            (Case.offender == data.offender_id)
            & (Case.unit == actor.unit_id)
            & (Case.state == "open")
        )
        if not held:
            raise NotFound(
                "Choose an offender with an open case in your unit",
                [
                    FieldProblem(
                        "offender_id", "No offender of your unit's open cases has this number"
                    )
                ],
            )
        await InboxMessage.update(
            {
                InboxMessage.status: "received",
                InboxMessage.offender: data.offender_id,
                InboxMessage.resolved_by: actor.username,
                InboxMessage.resolution: "matched",
            }
        ).where(InboxMessage.id == message_id)
    return await handle(message_id, now)


async def dismiss(actor: Actor, message_id: int, data: DismissIn, now: datetime) -> EventReceipt:
    """A manager decides an event in the review queue concerns none of our offenders."""
    if actor.role is not Role.VLU_MANAGER:
        raise PermissionDenied("Only a VLU manager can dismiss events")
    async with write_transaction():
        await _waiting(message_id, "unmatched")
        await InboxMessage.update(
            {
                InboxMessage.status: "dismissed",
                InboxMessage.resolved_by: actor.username,
                InboxMessage.resolution: data.reason,
                InboxMessage.handled_at: now,
            }
        ).where(InboxMessage.id == message_id)
    return EventReceipt(id=message_id, status="dismissed")


async def replay(actor: Actor, message_id: int, now: datetime) -> EventReceipt:
    """The administrator plays a parked message again (after fixing its cause): it is read
    afresh and handled as if new, its tries counted from nought."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("Only the administrator can play parked messages again")
    async with write_transaction():
        row = await _waiting(message_id, "parked")
        values: dict[object, object] = {
            InboxMessage.status: "received",
            InboxMessage.attempts: 0,
            InboxMessage.resolved_by: actor.username,
        }
        if not row["event_type"]:  # could not be read when it came: read it again
            try:
                event = read_event(str(row["body"]))
            except Unreadable as problem:
                await InboxMessage.update({InboxMessage.error: problem.reason}).where(
                    InboxMessage.id == message_id
                )
                return EventReceipt(id=message_id, status="parked")
            values[InboxMessage.event_type] = event.event_type
            values[InboxMessage.occurred_at] = event.occurred_at
        await InboxMessage.update(values).where(InboxMessage.id == message_id)  # type: ignore[arg-type]
    return await handle(message_id, now)


async def offenders_to_match(actor: Actor) -> list[dict[str, object]]:
    """The offenders with an open case in the manager's unit, by name, to match an event to."""
    if actor.role is not Role.VLU_MANAGER or actor.unit_id is None:
        raise PermissionDenied("Only a VLU manager can match events to offenders")
    rows = await (
        Case.select(
            Case.offender.id.as_alias("id"),
            Case.offender.name.as_alias("name"),
            Case.offender.crn.as_alias("crn"),
            Case.offender.prison_number.as_alias("prison_number"),
        )
        .where((Case.unit == actor.unit_id) & (Case.state == "open"))
        .distinct()
        .order_by(Case.offender.name)
        .limit(1000)
    )
    return list(rows)
