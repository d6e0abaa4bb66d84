"""Reading messages back: a case's messages and their states, a unit's failed deliveries."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Count

from vcs.casework.unit_scope import case_in_unit, require_casework
from vcs.core import config
from vcs.core.actors import Actor
from vcs.core.db import page_total
from vcs.core.schemas import Page
from vcs.notifications.schemas import BatchOut, NotificationOut, NotificationsOut, StatusOut
from vcs.notifications.tables import Notification, NotificationStatus

LONDON = ZoneInfo("Europe/London")


def _out(row: dict[str, Any], statuses: list[dict[str, Any]] | None = None) -> NotificationOut:
    message = str((row.get("personalisation") or {}).get("message", ""))
    return NotificationOut(
        **{k: v for k, v in row.items() if k in NotificationOut.model_fields},
        case_id=row["case"],
        message=message,
        statuses=[StatusOut.model_validate(s) for s in statuses or []],
    )


async def case_notifications(
    actor: Actor, case_id: int, limit: int, offset: int
) -> NotificationsOut:
    """Every message of the case, newest first, with each status Notify reported."""
    await case_in_unit(actor, case_id)
    rows = (
        await Notification.select()
        .output(load_json=True)
        .where(Notification.case == case_id)
        .order_by(Notification.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    by_row: dict[int, list[dict[str, Any]]] = {}
    if rows:
        statuses = (
            await NotificationStatus.select()
            .where(NotificationStatus.notification.is_in([r["id"] for r in rows]))
            .order_by(NotificationStatus.id)
        )
        for s in statuses:
            by_row.setdefault(s["notification"], []).append(s)
    total = await page_total(
        len(rows), limit, offset, Notification.count().where(Notification.case == case_id)
    )
    if offset == 0 and total == len(rows):  # every message is on this page
        waiting = sum(r["state"] == "awaiting_approval" for r in rows)
    else:
        waiting = await Notification.count().where(
            (Notification.case == case_id) & (Notification.state == "awaiting_approval")
        )
    return NotificationsOut(
        notifications_on=config.settings.notify_on,
        items=[_out(r, by_row.get(r["id"])) for r in rows],
        total=total,
        awaiting_approval=waiting,
    )


async def failed_deliveries(actor: Actor, limit: int, offset: int) -> Page[NotificationOut]:
    """The unit's messages that were not delivered, newest first: the manager's queue."""
    unit_id = require_casework(actor)
    where = (Notification.unit == unit_id) & (Notification.state.is_in(["failed", "cancelled"]))
    where &= Notification.failure != ""
    rows = (
        await Notification.select()
        .output(load_json=True)
        .where(where)
        .order_by(Notification.updated_at, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    return Page[NotificationOut](
        items=[_out(r) for r in rows],
        total=await Notification.count().where(where),
        limit=limit,
        offset=offset,
    )


async def failed_count(unit_id: int | None, start: date, end: date) -> int:
    """Messages not delivered in a period (by their last change, UK days): the compliance
    report's count. `unit_id` None counts every unit."""
    first = datetime.combine(start, time.min, LONDON)
    last = datetime.combine(end, time.max, LONDON)
    where = (Notification.state == "failed") & (Notification.updated_at >= first)
    where &= Notification.updated_at <= last
    if unit_id is not None:
        where &= Notification.unit == unit_id
    return int(await Notification.count().where(where))


async def batch_waiting(actor: Actor, batch: str) -> BatchOut:
    """How many of a batch's messages wait for the actor's unit to approve them, by which
    channel, and one message's words."""
    unit_id = require_casework(actor)
    where = (
        (Notification.unit == unit_id)
        & (Notification.batch == batch)
        & (Notification.state == "awaiting_approval")
    )
    counts = (
        await Notification.select(Notification.channel, Count(Notification.id, alias="n"))
        .where(where)
        .group_by(Notification.channel)
    )
    sample = (
        await Notification.select(Notification.personalisation)
        .output(load_json=True)
        .where(where & (Notification.channel != "letter"))
        .order_by(Notification.id)
        .first()
    )
    channels = {r["channel"]: int(r["n"]) for r in counts}
    return BatchOut(
        batch=batch,
        waiting=sum(channels.values()),
        channels=channels,
        sample=str((sample["personalisation"] or {}).get("message", "")) if sample else "",
    )


async def bulk_batches_waiting(actor: Actor) -> list[BatchOut]:
    """The bulk changes whose messages wait for the actor's unit to approve them."""
    unit_id = require_casework(actor)
    rows = (
        await Notification.select(Notification.batch)
        .where(
            (Notification.unit == unit_id)
            & (Notification.state == "awaiting_approval")
            & Notification.batch.like("bulk-change-%")
        )
        .distinct()
    )
    return [await batch_waiting(actor, r["batch"]) for r in sorted(rows, key=lambda r: r["batch"])]
