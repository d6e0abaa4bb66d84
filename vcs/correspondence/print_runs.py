"""A print run as a list: the letters a Victim Liaison Unit drafted on a day (cancelled ones left
out), each with its addressee, the letter and whether it is in large print; and marking the
whole run sent at once, after the letters have been printed and posted.

Marking a run sent names the letters that were listed: a letter drafted after the list was shown
is not marked, and one sent meanwhile by someone else is left as it is. Each letter is sent as
`vcs.correspondence.outbox.send_letter` sends one (its addressee decided again, a contact attempt
logged), all in one transaction, so a letter that can no longer go stops the whole run and
nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Annotated

from pydantic import Field

from vcs.access import audit
from vcs.casework.lifecycle import check_not_future
from vcs.casework.unit_scope import require_casework
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.core.errors import DomainError, InvalidInput
from vcs.core.schemas import Input, IsoDate, Output, Reason, RecordId
from vcs.correspondence import outbox
from vcs.correspondence.schemas import LetterSend
from vcs.correspondence.tables import Letter


class RunLetter(Output):
    """One letter of a print run, as listed on screen."""

    id: int
    reference: str
    template: str
    addressed_to: str
    large_print: bool
    channel: str
    status: str


class RunMarked(Output):
    """What marking a run sent did: the letters marked, and those already sent by then."""

    on: date
    marked: list[int]
    already_sent: list[int]


async def run_letters(actor: Actor, on: date) -> list[RunLetter]:
    """The letters the actor's unit drafted on `on`, oldest first, cancelled ones left out."""
    unit_id = require_casework(actor)
    rows = await (
        Letter.select(
            Letter.id,
            Letter.reference,
            Letter.template,
            Letter.addressee_name,
            Letter.large_print,
            Letter.channel,
            Letter.status,
        )
        .where(
            (Letter.unit == unit_id) & (Letter.drafted_on == on) & (Letter.status != "cancelled")
        )
        .order_by(Letter.id)
    )
    return [RunLetter(**r, addressed_to=r["addressee_name"]) for r in rows]


async def mark_run_sent(
    actor: Actor,
    drafted_on: date,
    letter_ids: Sequence[int],
    sent_on: date,
    today: date,
    late_reason: str = "",
) -> RunMarked:
    """Mark sent on `sent_on` every listed letter of the run that is still a draft; each one is
    audited. A letter that can no longer go (or meets a first-contact deadline late with no
    `late_reason`) refuses the run, naming it, and nothing is marked."""
    check_not_future(sent_on, today)
    listed = set(letter_ids)
    if not listed:
        raise InvalidInput.on("letters", "There are no letters to mark as sent")
    marked: list[int] = []
    already: list[int] = []
    async with write_transaction():
        for letter in await run_letters(actor, drafted_on):
            if letter.id not in listed:
                continue  # drafted after the list was shown: not marked
            if letter.status != "draft":
                already.append(letter.id)
                continue
            try:
                await outbox.send_letter(
                    actor, letter.id, LetterSend(on=sent_on, late_reason=late_reason), today
                )
            except DomainError as exc:
                raise replace(exc, message=f"Letter {letter.reference}: {exc.message}") from None
            await audit.record(actor, "mark_letter_sent", "letter", letter.id, "print run")
            marked.append(letter.id)
    return RunMarked(on=sent_on, marked=marked, already_sent=already)


class RunSent(Input):
    """Marking a print run sent: the day the letters were posted and the letters listed."""

    on: IsoDate
    letter_ids: Annotated[list[RecordId], Field(min_length=1, max_length=2000)]
    late_reason: Reason = Field(
        default="", description="Why first contact is late, for the letters that meet it late"
    )
