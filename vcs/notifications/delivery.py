"""What Notify reports about a message, from its callbacks or when asked.

Every status is kept once (callbacks may come twice, and out of order); a status never takes a
message back (a late "sending" after "delivered" is kept in the history only). A permanent
failure moves on to the next channel in the person's order and gives the VLO a task naming what
failed; a temporary or technical failure is sent again after a wait that doubles each time, up
to a limit, then counts as permanent.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from letters import Template
from vcs.casework.case_file import preferences_of
from vcs.casework.tasks import add_task
from vcs.core import config
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Refused
from vcs.core.tables import Case, User
from vcs.core.timeline import record_event
from vcs.correspondence import outbox
from vcs.correspondence.addressees import decide_addressee, facts_for
from vcs.correspondence.schemas import LetterCreate
from vcs.mappa.status import key_dates_row
from vcs.notifications.channels import CHANNEL_WORDS, channel_order
from vcs.notifications.queue import new_reference, unit_actor
from vcs.notifications.tables import Notification, NotificationStatus

NOTIFY = Actor(user_id=0, username="gov-uk-notify", role=Role.ADMIN, unit_id=None, unit_code=None)
FINAL = {
    "delivered",
    "permanent-failure",
    "temporary-failure",
    "technical-failure",
    "received",
    "validation-failed",
    "cancelled",
}
FAILED_FOR_GOOD = {"permanent-failure", "validation-failed"}
FAILED_FOR_NOW = {"temporary-failure", "technical-failure"}
FAILURE_WORDS = {
    "permanent-failure": "the number or address is wrong or no longer used",
    "validation-failed": "Notify could not print the letter",
    "temporary-failure": "the phone or inbox could not take it",
    "technical-failure": "there was a problem at Notify",
}
ROLE_WORDS = {
    "victim": "the victim",
    "nominee": "the nominee",
    "parent_guardian": "the parent or guardian",
}


def split_reference(client_reference: str) -> tuple[str, int] | None:
    """Our client reference is `<message reference>-<attempt>`."""
    base, _, attempt = client_reference.rpartition("-")
    return (base, int(attempt)) if base and attempt.isdigit() else None


async def _find(notify_id: str, client_reference: str | None) -> tuple[dict[str, Any], int] | None:
    parts = split_reference(client_reference or "")
    if parts is not None:
        row = await Notification.select().where(Notification.reference == parts[0]).first()
        if row is not None:
            return row, parts[1]
    row = await Notification.select().where(Notification.notify_id == notify_id).first()
    return (row, int(row["attempt"])) if row is not None else None


async def apply_status(
    notify_id: str,
    client_reference: str | None,
    status: str,
    reported_at: datetime | None,
    source: str,
    today: date,
) -> str:
    """Record one status Notify gave: `recorded`, `duplicate` (already known) or `unknown`."""
    async with write_transaction():
        found = await _find(notify_id, client_reference)
        if found is None:
            return "unknown"
        # One message's news at a time (a callback racing the worker's record of the send).
        await serialise_on(f"notification:{found[0]['id']}")
        row = await Notification.select().where(Notification.id == found[0]["id"]).first()
        assert row is not None
        attempt = found[1]
        inserted = (
            await NotificationStatus.insert(
                NotificationStatus(
                    notification=row["id"],
                    key=f"{row['id']}:{attempt}:{status}",
                    attempt=attempt,
                    status=status,
                    source=source,
                    reported_at=reported_at,
                )
            )
            .on_conflict(target=NotificationStatus.key, action="DO NOTHING")
            .returning(NotificationStatus.id)
        )
        if not inserted:
            return "duplicate"
        if (
            attempt != row["attempt"]
            or row["notify_status"] in FINAL
            or row["state"]
            in (
                "failed",
                "delivered",
                "cancelled",
            )
        ):
            return "recorded"  # an older attempt's news, or news after the end: history only
        await _move_on(row, notify_id, status, today)
    return "recorded"


async def _move_on(row: dict[str, Any], notify_id: str, status: str, today: date) -> None:
    now = datetime.now(UTC)
    changes: dict[Any, Any] = {
        Notification.notify_status: status,
        Notification.notify_id: notify_id,
        Notification.updated_at: now,
    }
    if status in ("delivered", "received"):
        changes[Notification.state] = "delivered"
        await _event(row, today, "message_delivered", "delivered")
    elif status in FAILED_FOR_NOW and row["attempt"] < config.settings.notify_retry_limit:
        wait = config.settings.notify_retry_seconds * 2 ** (row["attempt"] - 1)
        changes.update(
            {
                Notification.state: "queued",
                Notification.next_attempt_at: now + timedelta(seconds=wait),
                Notification.failure: FAILURE_WORDS[status],
            }
        )
    elif status in FAILED_FOR_GOOD | FAILED_FOR_NOW:
        changes.update({Notification.state: "failed", Notification.failure: FAILURE_WORDS[status]})
        await _event(row, today, "message_failed", f"not delivered: {FAILURE_WORDS[status]}")
        await fall_back(row, FAILURE_WORDS[status], today)
    elif row["state"] == "sending":
        changes[Notification.state] = "sent"
    await Notification.update(changes).where(Notification.id == row["id"])


async def _event(row: dict[str, Any], today: date, kind: str, what: str) -> None:
    to = ROLE_WORDS.get(row["addressee_role"], "the victim")
    await record_event(
        row["case"],
        kind,
        today,
        NOTIFY,
        f"The {CHANNEL_WORDS[row['channel']]} to {to} was {what}",
        {"notification": row["id"], "reference": row["reference"]},
    )


async def fall_back(row: dict[str, Any], why: str, today: date) -> None:
    """The next channel in the person's order, approved as the failed message was, and a task
    for the VLO naming what failed."""
    case = await Case.select().where(Case.id == row["case"]).first()
    assert case is not None
    order = channel_order((await preferences_of(case)).channels)
    tried = {
        r["channel"]
        for r in await Notification.select(Notification.channel).where(
            (Notification.case == row["case"]) & (Notification.batch == row["batch"])
        )
    }
    following = (
        [c for c in order[order.index(row["channel"]) + 1 :] if c not in tried]
        if (row["channel"] in order)
        else []
    )
    what = (
        f"The {CHANNEL_WORDS[row['channel']]} to {row['addressee_name']} was not delivered: {why}."
    )
    if following and following[0] != "letter":
        channel = following[0]
        await Notification.insert(
            Notification(
                case=row["case"],
                unit=row["unit"],
                reference=new_reference(),
                batch=row["batch"],
                stage=row["stage"],
                urgent=row["urgent"],
                channel=channel,
                template_id=config.settings.notify_template(channel, row["language"]),
                template_version=row["template_version"],
                language=row["language"],
                personalisation=row["personalisation"],
                addressee_role=row["addressee_role"],
                addressee_name=row["addressee_name"],
                state="queued",
                follows=row["id"],
                created_by=NOTIFY.username,
                approved_by=row["approved_by"],
                approved_at=row["approved_at"],
            )
        )
        article = "An" if channel == "email" else "A"
        what += f" {article} {CHANNEL_WORDS[channel]} follows; check their details."
    elif following and (letter_id := await release_letter(row, case, today)) is not None:
        await Notification.insert(
            Notification(
                case=row["case"],
                unit=row["unit"],
                reference=new_reference(),
                batch=row["batch"],
                stage=row["stage"],
                urgent=row["urgent"],
                channel="letter",
                template_version=row["template_version"],
                language=row["language"],
                personalisation=row["personalisation"],
                letter=letter_id,
                addressee_role=row["addressee_role"],
                addressee_name=row["addressee_name"],
                state="queued",
                follows=row["id"],
                created_by=NOTIFY.username,
                approved_by=row["approved_by"],
                approved_at=row["approved_at"],
            )
        )
        what += " A letter follows by post through GOV.UK Notify; check their details."
    elif following:
        what += " Nothing else was sent: draft a letter for the post."
    else:
        what += " There is no other way they chose to hear from us: phone or visit them."
    await add_task(
        row["case"], row["unit"], "message_failed", f"message_failed:{row['id']}", what, today
    )


async def release_letter(row: dict[str, Any], case: dict[str, Any], today: date) -> int | None:
    """The release letter, drafted as every letter is (the PDF a print run prints), when the
    next way the person chose is post and the news is their release month; None otherwise
    (or when the rules do not let us write to them), leaving the VLO's task to write."""
    if row["stage"] not in ("release", "release_date_changed"):
        return None
    release = (await key_dates_row(int(case["offender"])))["release_date"]
    if release is None:
        return None
    try:
        decide_addressee(
            await facts_for(int(case["id"])), Template.KEY_STAGE_RELEASE.value, "post", today
        )
    except Refused:
        return None
    # Drafted in the name of the VLO who approved the message (the letter is signed by the
    # case's officer, or else by them); nobody to sign it: the VLO's task only.
    approver = (
        await User.select(User.id, User.display_name)
        .where(User.username == row["approved_by"])
        .first()
    )
    if approver is None or not (approver["display_name"] or case["assigned_to"]):
        return None
    drafting = Actor(
        user_id=int(approver["id"]),
        username=str(row["approved_by"]),
        role=Role.VLO,
        unit_id=None,
        unit_code=None,
        display_name=str(approver["display_name"]),
    )
    letter = await outbox.draft_letter(
        unit_actor(drafting, int(case["unit"])),
        int(case["id"]),
        LetterCreate.model_validate(
            {
                "template": Template.KEY_STAGE_RELEASE.value,
                "channel": "post",
                "fields": {"release_date": release.isoformat()},
            }
        ),
        today,
    )
    return letter.id
