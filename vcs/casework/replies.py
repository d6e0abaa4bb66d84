"""Replies awaited, for a VLO's list of work: the latest letter of each case that asks the
victim (or their nominee, parent or guardian) for an answer, while nothing has been heard from
them since and the VLO has not chased it. The rule is `deadlines.replies.reply_awaited`; the
letters asking for an answer are `vcs.correspondence.replies`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from deadlines.replies import ReplyAwaited, reply_awaited
from vcs.casework.tables import ContactAttempt
from vcs.core import clocks
from vcs.core.tables import CaseEvent
from vcs.core.words import long_date
from vcs.correspondence.replies import ASKING_FOR_A_REPLY, sent_asking_for_a_reply

# What the person does that answers a letter: they opted in or out, named a nominee, asked for a
# licence condition, sent or declined a Victim Personal Statement; or the sweep found no response.
HEARD = (
    "opted_in",
    "opted_out",
    "nominated_contact_set",
    "condition_request_created",
    "vps_received",
    "vps_declined",
    "no_response",
)
# A contact attempt that is the VLO chasing (a call or a message not answered, or the letter back).
CHASED = ("no_reply", "message_left", "undeliverable")


async def _since_letters(
    case_ids: list[int],
) -> tuple[dict[int, list[date]], dict[int, list[date]]]:
    heard: dict[int, list[date]] = defaultdict(list)
    chased: dict[int, list[date]] = defaultdict(list)
    events = await CaseEvent.select(CaseEvent.case, CaseEvent.occurred_on).where(
        CaseEvent.case.is_in(case_ids) & CaseEvent.kind.is_in(list(HEARD))
    )
    for event in events:
        heard[event["case"]].append(event["occurred_on"])
    attempts = await ContactAttempt.select(
        ContactAttempt.case, ContactAttempt.on, ContactAttempt.outcome
    ).where(ContactAttempt.case.is_in(case_ids))
    for attempt in attempts:
        if attempt["outcome"] == "made_contact":
            heard[attempt["case"]].append(attempt["on"])
        elif attempt["outcome"] in CHASED:
            chased[attempt["case"]].append(attempt["on"])
    return heard, chased


def reply_title(awaited: ReplyAwaited) -> str:
    """The item in words: "Reply awaited: offer of the scheme sent 3 November 2026"."""
    letter = ASKING_FOR_A_REPLY.get(awaited.letter, "letter")
    return f"Reply awaited: {letter} sent {long_date(awaited.sent_on)}"


async def replies_awaited(
    unit_id: int, assigned_to: int | None, up_to: date
) -> list[dict[str, Any]]:
    """The replies awaited on the unit's open cases (one VLO's, if `assigned_to` is given) whose
    chase date is on or before `up_to`. Call inside a read transaction."""
    letters = await sent_asking_for_a_reply(unit_id, assigned_to)
    if not letters:
        return []
    heard, chased = await _since_letters(sorted(letters))
    calendar = clocks.calendar()
    found = []
    for case_id, sent in letters.items():
        awaited = reply_awaited(sent, heard[case_id], chased[case_id], calendar)
        if awaited is not None and awaited.due <= up_to:
            found.append(
                {
                    "kind": "reply_awaited",
                    "case_id": case_id,
                    "due": awaited.due,
                    "title": reply_title(awaited),
                }
            )
    return found
