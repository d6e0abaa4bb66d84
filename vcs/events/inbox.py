"""The inbox: every message recorded once, by its message id and by its event's own identity,
before it has any effect; then handled once.

Handling claims the message's row inside the write transaction that makes its effects, so two
consumers given the same message (a redelivery, a visibility timeout passed) make its effects
once: the second finds it handled. A message that fails is tried again, up to
`VCS_EVENTS_MAX_ATTEMPTS` (default 5) times, then parked with its error for the administrator;
a message that cannot be read (not JSON, not an HMPPS event, no usable identifier) is parked at
once, since trying again cannot help. Nothing is ever dropped silently.
"""

from __future__ import annotations

import asyncio
import os
from datetime import datetime
from typing import Any

from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import PermissionDenied
from vcs.events import effects
from vcs.events.apply import apply
from vcs.events.effects import Effect
from vcs.events.matching import Unreadable, identifiers, offenders_by_identifier, offenders_for
from vcs.events.reading import event_key, read_event, unwrap
from vcs.events.schemas import EventReceipt, HmppsEvent
from vcs.events.tables import InboxMessage

MAX_ATTEMPTS = int(os.environ.get("VCS_EVENTS_MAX_ATTEMPTS", "5"))
BODY_LIMIT = 100_000
# Who the timeline names for what an event did.
HMPPS = Actor(
    user_id=0, username="hmpps-events", role=Role.INTEGRATION, unit_id=None, unit_code=None
)


async def receive(text: str, message_id: str, source: str, now: datetime) -> EventReceipt:
    """A message from the queue (in its SNS envelope): recorded, then handled."""
    try:
        message_id, inner = unwrap(text, message_id)
        event = read_event(inner)
    except Unreadable as problem:
        return await _park_unreadable(message_id, text, source, problem.reason, now)
    return await accept(event, message_id, source, now)


async def accept(
    event: HmppsEvent, message_id: str | None, source: str, now: datetime
) -> EventReceipt:
    """An event: recorded once (a second copy is a duplicate), then handled. Recording and the
    effects commit together; if handling fails, the message is recorded on its own and tried
    again (`handle`)."""
    key = event_key(event)
    message_id = message_id or f"{source}:{key}"
    row = _row(event, key, message_id, source, now)
    try:
        async with write_transaction():
            row_id = await _record(row)
            if row_id is not None:
                status = await _settle(row_id, {"body": row.body, "offender": None}, 0)
                return EventReceipt(id=row_id, status=status)
    except Exception:  # recorded on its own below, then tried again and parked
        async with write_transaction():
            row_id = await _record(row)
        if row_id is not None:
            return await handle(row_id, now)
    found = await (
        InboxMessage.select(InboxMessage.id, InboxMessage.status)
        .where((InboxMessage.message_id == message_id) | (InboxMessage.event_key == key))
        .first()
    )
    if found is None:  # pragma: no cover - a conflict always has its row
        raise RuntimeError("The inbox refused the message but holds no copy of it")
    if found["status"] == "received":  # an earlier try stopped part-way: finish it
        return await handle(int(found["id"]), now)
    return EventReceipt(id=int(found["id"]), status="duplicate")


def _row(event: HmppsEvent, key: str, message_id: str, source: str, now: datetime) -> InboxMessage:
    return InboxMessage(
        message_id=message_id,
        event_key=key,
        source=source,
        event_type=event.event_type,
        occurred_at=event.occurred_at,
        noms=(event.identifier("NOMS") or "")[:16] or None,
        crn=(event.identifier("CRN") or "")[:16] or None,
        body=event.model_dump_json(by_alias=True),
        received_at=now,
    )


async def _record(row: InboxMessage) -> int | None:
    """Insert the message unless its message id or its event is already recorded."""
    inserted = (
        await InboxMessage.insert(row).on_conflict(action="DO NOTHING").returning(InboxMessage.id)
    )
    return int(inserted[0]["id"]) if inserted else None


async def _settle(row_id: int, row: dict[str, Any], attempts: int) -> str:
    """Inside the write transaction: decide, make the effect, record the outcome."""
    status, effect, offender = await _decide(row)
    await InboxMessage.update(
        {
            InboxMessage.status: status,
            InboxMessage.effect: effect.value if effect else "",
            InboxMessage.offender: offender,
            InboxMessage.attempts: attempts + 1,
            InboxMessage.error: "",
        }
    ).where(InboxMessage.id == row_id)
    return status


async def _park_unreadable(
    message_id: str, text: str, source: str, reason: str, now: datetime
) -> EventReceipt:
    async with write_transaction():
        inserted = (
            await InboxMessage.insert(
                InboxMessage(
                    message_id=message_id[:128],
                    source=source,
                    body=text[:BODY_LIMIT].replace("\x00", ""),
                    status="parked",
                    error=reason,
                    received_at=now,
                    handled_at=now,
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(InboxMessage.id)
        )
    if not inserted:
        return EventReceipt(id=None, status="duplicate")
    return EventReceipt(id=int(inserted[0]["id"]), status="parked")


async def handle(row_id: int, now: datetime) -> EventReceipt:
    """Handle a recorded message: its effects once, tried again on failure, parked when it keeps
    failing or cannot be read."""
    while True:
        try:
            return await _handle_once(row_id, now)
        except Unreadable as problem:
            return await _fail(row_id, problem.reason, now, park=True)
        except Exception as exc:  # any failure is a try; the message is never lost
            receipt = await _fail(row_id, f"{type(exc).__name__}: {exc}"[:1000], now, park=False)
            if receipt.status != "received":
                return receipt
            await asyncio.sleep(0.05)


async def _handle_once(row_id: int, now: datetime) -> EventReceipt:
    async with write_transaction():
        claimed = (
            await InboxMessage.update({InboxMessage.handled_at: now})
            .where((InboxMessage.id == row_id) & (InboxMessage.status == "received"))
            .returning(
                InboxMessage.body,
                InboxMessage.offender,
                InboxMessage.resolved_by,
                InboxMessage.attempts,
            )
        )
        if not claimed:
            return EventReceipt(id=row_id, status="duplicate")
        row = claimed[0]
        status = await _settle(row_id, row, row["attempts"])
    return EventReceipt(id=row_id, status=status)


async def _decide(row: dict[str, Any]) -> tuple[str, Effect | None, int | None]:
    """Ignored (not for us), unmatched (for a manager), or processed (its effect made)."""
    event = read_event(row["body"])
    if not effects.known(event.event_type):
        return "ignored", None, None
    effect = effects.effect_of(event)
    if effect is Effect.NONE:
        return "ignored", effect, None
    noms, crn = identifiers(event.identifier("NOMS"), event.identifier("CRN"))
    offender = row["offender"]
    if offender is None:
        found = await offenders_for(noms, crn)
        if len(found) != 1:
            return "unmatched", effect, None
        offender = found[0]
    await apply(event, effect, offender, HMPPS, row.get("resolved_by") or "")
    return "processed", effect, offender


async def _fail(row_id: int, error: str, now: datetime, park: bool) -> EventReceipt:
    async with write_transaction():
        row = (
            await InboxMessage.select(InboxMessage.attempts)
            .where(InboxMessage.id == row_id)
            .first()
        )
        attempts = (row["attempts"] if row else 0) + 1
        status = "parked" if park or attempts >= MAX_ATTEMPTS else "received"
        await InboxMessage.update(
            {
                InboxMessage.status: status,
                InboxMessage.attempts: attempts,
                InboxMessage.error: error,
                InboxMessage.handled_at: now,
            }
        ).where((InboxMessage.id == row_id) & (InboxMessage.status == "received"))
    return EventReceipt(id=row_id, status=status)


async def push(
    actor: Actor, event: HmppsEvent, message_id: str | None, now: datetime
) -> EventReceipt:
    """An event pushed by another HMPPS system (`POST /api/v1/events`): only a service account
    of the integration role may push; handled as a message from the queue is."""
    if actor.role is not Role.INTEGRATION:
        raise PermissionDenied("Only a service account of another HMPPS system can send events")
    return await accept(event, message_id, "api", now)


async def receive_batch(messages: list[tuple[str, str]], source: str, now: datetime) -> list[str]:
    """Several messages from the queue `(body, message id)`, recorded and handled in one write
    transaction (one commit for the lot); if any fails, each is taken again on its own
    (`receive`), so one bad message never holds back the rest. The status of each, in order."""
    try:
        async with write_transaction():
            return await _in_batch(messages, source, now)
    except Exception:  # each again on its own: tried again and parked as it deserves
        return [(await receive(body, mid, source, now)).status for body, mid in messages]


async def _in_batch(messages: list[tuple[str, str]], source: str, now: datetime) -> list[str]:
    """Inside the write transaction: a few queries for the whole batch (one lookup of offenders,
    one insert of every new row with its outcome, one look at the copies already recorded),
    then the effect of each matched event. Unreadable: the batch is taken one by one."""
    events: list[tuple[HmppsEvent, InboxMessage]] = []
    for body, queue_id in messages:
        message_id, inner = unwrap(body, queue_id)
        event = read_event(inner)
        events.append((event, _row(event, event_key(event), message_id, source, now)))
    offenders = await offenders_by_identifier([event for event, _ in events])
    for event, row in events:
        status, effect, offender = _outcome(event, offenders)
        row.status, row.offender, row.attempts = status, offender, 1
        row.effect = effect.value if effect else ""
    # In the order of the event's identity, so that consumers inserting the same events at once
    # wait for each other in one order (never a deadlock).
    ordered = sorted((row for _, row in events), key=lambda r: (r.event_key or "", r.message_id))
    inserted = await (
        InboxMessage.insert(*ordered)
        .on_conflict(action="DO NOTHING")
        .returning(InboxMessage.message_id)
    )
    new = {str(r["message_id"]) for r in inserted}
    statuses: list[str] = []
    copies: list[InboxMessage] = []
    for event, row in events:
        if row.message_id in new:
            new.discard(row.message_id)  # a second copy in the same batch is a duplicate
            if row.status == "processed":
                effect = effects.effect_of(event)
                await apply(event, effect, int(row.offender), HMPPS, "")
            statuses.append(str(row.status))
        else:
            copies.append(row)
            statuses.append("duplicate")
    if copies:
        unfinished = await InboxMessage.count().where(
            (InboxMessage.status == "received")
            & (
                InboxMessage.message_id.is_in([r.message_id for r in copies])
                | InboxMessage.event_key.is_in([r.event_key for r in copies])
            )
        )
        if unfinished:
            raise Unreadable("an earlier try stopped part-way")  # finished on its own
    return statuses


def _outcome(
    event: HmppsEvent, offenders: dict[tuple[str, str], set[int]]
) -> tuple[str, Effect | None, int | None]:
    """As `_decide`, with the offenders already looked up: ignored, unmatched or processed."""
    if not effects.known(event.event_type):
        return "ignored", None, None
    effect = effects.effect_of(event)
    if effect is Effect.NONE:
        return "ignored", effect, None
    noms, crn = identifiers(event.identifier("NOMS"), event.identifier("CRN"))
    found = offenders.get(("NOMS", noms or ""), set()) | offenders.get(("CRN", crn or ""), set())
    if len(found) != 1:
        return "unmatched", effect, None
    return "processed", effect, next(iter(found))
