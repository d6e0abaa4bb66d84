"""Preparing messages to a victim and approving them.

A message is saved, with its words and to whom, before anything is sent; nothing is sent until
a VLO approves it (one approval may cover every message of a bulk change). The channels come
from the person's choices in their order (text message, email, post); the addressee rules are
the letters' own (vcs.correspondence.addressees: never to an opted-out or dead victim, to the
nominee when one is set, under-18s through a parent or guardian). An urgent key stage (release,
recall, temporary release) is never told by one channel only: a text or email asks the person to
contact their VLO, and a letter follows.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from letters import Language
from vcs.access import audit
from vcs.casework.case_file import preferences_of
from vcs.casework.lock import claim_case
from vcs.casework.tasks import add_task
from vcs.casework.unit_scope import require_casework
from vcs.core import config
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, InvalidInput, Refused
from vcs.core.tables import CaseEvent, Unit, User
from vcs.core.timeline import record_event
from vcs.correspondence import outbox
from vcs.correspondence.addressees import Addressee
from vcs.correspondence.addressees import facts_for as correspondence_facts
from vcs.correspondence.schemas import LetterCreate
from vcs.notifications.channels import (
    CHANNEL_WORDS,
    LETTER_OF_STAGE,
    channel_order,
    plan_channels,
    reachable,
)
from vcs.notifications.schemas import ApprovalOut, MessagesApprove, MessagesCreate, MessageStage
from vcs.notifications.tables import Notification
from vcs.notifications.wording import TEMPLATE_VERSION, URGENT_STAGES, MessageFacts, message_text


def notifications_off() -> Refused:
    return Refused(
        "Notifications are off: GOV.UK Notify is not configured, so write to the victim by "
        "letter and post it"
    )


async def _officer_and_unit(case: dict[str, Any]) -> tuple[str, str]:
    unit = await Unit.select(Unit.name).where(Unit.id == case["unit"]).first()
    officer = ""
    if case["assigned_to"]:
        user = await User.select(User.display_name).where(User.id == case["assigned_to"]).first()
        officer = user["display_name"] if user else ""
    return officer, unit["name"] if unit else ""


def unit_actor(actor: Actor, unit_id: int) -> Actor:
    """Whoever made the news (a VLO, an offender manager, a national manager), acting for the
    case's unit to prepare its messages: they wait for a VLO of that unit to approve them."""
    return Actor(
        user_id=actor.user_id,
        username=actor.username,
        role=Role.VLU_MANAGER,
        unit_id=unit_id,
        unit_code=None,
        display_name=actor.display_name,
    )


async def prepare_for_key_stage(
    actor: Actor,
    cases: list[dict[str, Any]],
    stage: str,
    on: date,
    release_month: date | None,
    today: date,
) -> dict[int, list[int]]:
    """A key stage recorded: the messages to each victim who chose to hear of it (`cases`, each
    with its id and unit), waiting for their VLO's approval. Nothing when Notify is not
    configured or the stage is not one a message tells; a victim the rules do not let us
    message this way keeps only the task to tell them."""
    if not config.settings.notify_on or stage not in set(MessageStage):
        return {}
    data = MessagesCreate(stage=MessageStage(stage), on=on, release_month=release_month)
    prepared: dict[int, list[int]] = {}
    for case in cases:
        try:
            prepared[int(case["id"])] = await prepare_messages(
                unit_actor(actor, int(case["unit"])), int(case["id"]), data, today
            )
        except Refused:
            continue
    return prepared


def new_reference() -> str:
    return f"vcs-{uuid.uuid4().hex}"


async def prepare_messages(
    actor: Actor, case_id: int, data: MessagesCreate, today: date
) -> list[int]:
    """Save the messages telling the victim of a key stage, waiting for a VLO's approval."""
    stage = data.stage.value
    async with write_transaction():
        case = await claim_case(actor, case_id, None)
        if not config.settings.notify_on:
            raise notifications_off()
        if stage in ("release", "release_date_changed") and data.release_month is None:
            raise InvalidInput.on("release_month", "Give the month of release")
        facts = await correspondence_facts(case_id)
        preferences = await preferences_of(case)
        plan = plan_channels(
            stage, reachable(facts, stage, channel_order(preferences.channels), today)
        )
        officer, unit = await _officer_and_unit(case)
        batch = f"case-{case_id}-{uuid.uuid4().hex[:10]}"
        ids = []
        for channel, addressee in plan:
            letter_id = None
            if channel == "letter":
                letter_id = await _draft_letter(actor, case, data, stage, addressee, today)
                if letter_id is None:
                    continue
            text = message_text(
                MessageFacts(stage, Language(addressee.language), officer, unit, data.release_month)
            )
            row = message_row(case, batch, stage, channel, addressee, text, actor, letter_id)
            await row.save()
            ids.append(int(row.id))
        await audit.record(actor, "read_victim_details", "victim", case["victim"], batch)
        words = ", then ".join(CHANNEL_WORDS[c] for c, _ in plan)
        await record_event(
            case_id,
            "messages_prepared",
            today,
            actor,
            f"Messages prepared about {stage.replace('_', ' ')} ({words}), waiting for approval",
            {"batch": batch, "notifications": ids},
        )
    return ids


async def _draft_letter(
    actor: Actor, case: dict[str, Any], data: MessagesCreate, stage: str, a: Addressee, today: date
) -> int | None:
    """The letter that follows (drafted as letters are), or a task to write one by hand."""
    template = LETTER_OF_STAGE.get(stage)
    case_id = int(case["id"])
    if template is None:
        await add_task(
            case_id,
            case["unit"],
            "write_letter",
            f"write_letter:{case_id}:{stage}:{today.isoformat()}",
            f"Write to {a.person.name} by post about the {stage.replace('_', ' ')}",
            today,
        )
        return None
    fields: dict[str, str] = (
        {"release_date": (data.release_month or data.on).isoformat()}
        if stage == "release"
        else {"recall_date": data.on.isoformat()}
    )
    letter = await outbox.draft_letter(
        actor,
        case_id,
        LetterCreate.model_validate(
            {"template": template.value, "channel": "post", "fields": fields}
        ),
        today,
    )
    return letter.id


def message_row(
    case: dict[str, Any],
    batch: str,
    stage: str,
    channel: str,
    addressee: Addressee,
    text: str,
    actor: Actor,
    letter_id: int | None = None,
) -> Notification:
    language = addressee.language if addressee.language in ("en", "cy") else "en"
    return Notification(
        case=case["id"],
        unit=case["unit"],
        reference=new_reference(),
        batch=batch,
        stage=stage,
        urgent=stage in URGENT_STAGES,
        channel=channel,
        template_id=config.settings.notify_template(channel, language),
        template_version=TEMPLATE_VERSION,
        language=language,
        personalisation={"name": addressee.person.name, "message": text},
        letter=letter_id,
        addressee_role=addressee.role,
        addressee_name=addressee.person.name,
        state="awaiting_approval",
        created_by=actor.username,
    )


async def approve(
    actor: Actor, case_id: int | None, data: MessagesApprove, today: date
) -> ApprovalOut:
    """A VLO approves the messages waiting on a case, or every message of a batch in their unit
    (a bulk change's messages): they are queued for the sending worker."""
    unit_id = require_casework(actor)
    if not data.confirm:
        raise InvalidInput.on("confirm", "Confirm that you have read the messages")
    where = (Notification.unit == unit_id) & (Notification.state == "awaiting_approval")
    if case_id is not None:
        where &= Notification.case == case_id
    if data.batch:
        where &= Notification.batch == data.batch
    if case_id is None and not data.batch:
        raise InvalidInput.on("batch", "Say which batch of messages to approve")
    now = datetime.now(UTC)
    async with write_transaction():
        if case_id is not None:
            await claim_case(actor, case_id, None)
        rows = await Notification.select(Notification.id, Notification.case).where(where)
        if not rows:
            raise Conflict("There are no messages waiting for approval")
        await Notification.update(
            {
                Notification.state: "queued",
                Notification.approved_by: actor.username,
                Notification.approved_at: now,
                Notification.next_attempt_at: now,
                Notification.updated_at: now,
            }
        ).where(where)
        await _approved_events(actor, rows, today)
    return ApprovalOut(approved=len(rows), on=today)


async def _approved_events(actor: Actor, rows: list[dict[str, Any]], today: date) -> None:
    per_case: dict[int, int] = {}
    for r in rows:
        per_case[r["case"]] = per_case.get(r["case"], 0) + 1
    events = [
        CaseEvent(
            case=case,
            kind="messages_approved",
            occurred_on=today,
            actor=actor.username,
            summary=f"{n} message{'s' if n > 1 else ''} approved to send",
            data={"count": n},
        )
        for case, n in per_case.items()
    ]
    for start in range(0, len(events), 1000):
        await CaseEvent.insert(*events[start : start + 1000])
