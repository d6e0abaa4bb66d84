"""A bulk change's messages: every victim told of a release-date change, queued in chunks.

A release-policy change can move the release month of tens of thousands of offenders at once
(vcs.sentence.bulk_changes). Each victim who chose text messages or email gets a message saying
the new release month (never the day), to wait for their unit's VLO to approve the batch; the
addressee rules are the letters' own, read for a chunk of cases at a time. Victims who chose
post first get the release letter in the same batch, sent through Notify as a precompiled letter;
it is drafted as every letter is (the same PDF a print run prints) when the worker sends it, not
while the batch is queued, so a national change queues in seconds rather than rendering a PDF
for every victim who reads by post before anyone has approved anything.

Applying a bulk change (vcs.sentence.bulk_changes) queues its messages when Notify is configured:
one batch per change, approved by each unit for its own cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from letters import Language
from vcs.core import config
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import PermissionDenied, Refused
from vcs.core.tables import Case, Unit, User
from vcs.correspondence.addressees import facts_for_cases
from vcs.notifications.channels import channel_order, plan_channels, reachable
from vcs.notifications.queue import message_row
from vcs.notifications.tables import Notification
from vcs.notifications.wording import MessageFacts, message_text

CHUNK = 1000
STAGE = "release_date_changed"


def batch_of_change(bulk_change_id: int) -> str:
    """The batch of a bulk change's messages (each unit approves its own cases' messages)."""
    return f"bulk-change-{bulk_change_id}"


async def queue_bulk_change_messages(
    actor: Actor, bulk_change_id: int, months: dict[int, date], today: date
) -> BulkQueued | None:
    """A bulk change applied: its victims' messages queued for approval when Notify is
    configured (None when it is not: the key-stage tasks and letters by post, as before)."""
    if not config.settings.notify_on:
        return None
    return await queue_release_month_messages(actor, batch_of_change(bulk_change_id), months, today)


@dataclass
class BulkQueued:
    batch: str
    queued: int = 0
    not_messaged: int = 0  # post only, opted out, no detail to send to...


async def queue_release_month_messages(
    actor: Actor, batch: str, months: dict[int, date], today: date
) -> BulkQueued:
    """Queue a message for each case in `months` (case id -> new release date), waiting for
    approval under `batch`. Safe to run again: a case already in the batch is skipped."""
    if actor.role not in (Role.NATIONAL_MANAGER, Role.ADMIN):
        raise PermissionDenied("Only a national manager queues a bulk change's messages")
    units = {r["id"]: r["name"] for r in await Unit.select(Unit.id, Unit.name)}
    officers = {r["id"]: r["display_name"] for r in await User.select(User.id, User.display_name)}
    done = BulkQueued(batch)
    ids = sorted(months)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        async with write_transaction():
            rows = await _chunk_rows(actor, batch, chunk, months, units, officers, today, done)
            if rows:
                await Notification.insert(*rows)
        done.queued += len(rows)
    return done


async def _chunk_rows(
    actor: Actor,
    batch: str,
    chunk: list[int],
    months: dict[int, date],
    units: dict[int, str],
    officers: dict[int, str],
    today: date,
    done: BulkQueued,
) -> list[Notification]:
    already = {
        r["case"]
        for r in await Notification.select(Notification.case).where(
            (Notification.batch == batch) & Notification.case.is_in(chunk)
        )
    }
    cases = await Case.select().where(Case.id.is_in(chunk) & (Case.state == "open"))
    cases = [c for c in cases if c["id"] not in already]
    facts = await facts_for_cases(cases)
    rows = []
    for case in cases:
        addressing, chosen = facts[case["id"]]
        try:
            channel, addressee = plan_channels(
                STAGE, reachable(addressing, STAGE, channel_order(chosen.channels), today)
            )[0]
        except Refused:
            done.not_messaged += 1
            continue
        officer = officers.get(case["assigned_to"], "") if case["assigned_to"] else ""
        text = message_text(
            MessageFacts(
                STAGE,
                Language(addressee.language),
                officer,
                units.get(case["unit"], ""),
                months[case["id"]],
            )
        )
        rows.append(message_row(case, batch, STAGE, channel, addressee, text, actor))
    done.not_messaged += len(chunk) - len(cases) - len(already)
    return rows
