"""Replies awaited: a letter that asks the victim (or their nominee, parent or guardian) for an
answer waits for one, and the VLO chases it when nothing has been heard by the chase date.

The offer of the scheme asks the victim to join, ask for a visit or say no; a parole review
letter invites a Victim Personal Statement; a release letter invites requests for licence
conditions (Victims' Code, rights 7 and 8). Only the latest such letter of a case waits: a later
one (the follow-up to the offer) takes its place. Nothing is awaited any more once the person
has been heard from on or after the day the letter went out (they spoke to the VLO, opted in or
out, named a nominee, asked for a condition, sent or declined a statement), or once the VLO has
chased it after that day (a call, a message, or the letter came back).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from deadlines.calendar import WorkingDayCalendar

DEFAULT_CHASE_WORKING_DAYS = 15


@dataclass(frozen=True)
class LetterSent:
    """A letter asking for a reply, as sent: what it was, when, and its chase period."""

    letter: str
    sent_on: date
    chase_working_days: int = DEFAULT_CHASE_WORKING_DAYS


@dataclass(frozen=True)
class ReplyAwaited:
    """The letter still waiting for an answer and the date to chase it by."""

    letter: str
    sent_on: date
    due: date


def reply_awaited(
    letters: Iterable[LetterSent],
    heard_on: Iterable[date],
    chased_on: Iterable[date],
    calendar: WorkingDayCalendar,
) -> ReplyAwaited | None:
    """The reply a case still waits for, if any: its latest letter asking for one, due to be
    chased `chase_working_days` working days after it was sent, unless the person was heard from
    on or after that day or the VLO chased it on a later day."""
    sent = sorted(letters, key=lambda one: one.sent_on)
    if not sent:
        return None
    latest = sent[-1]
    if latest.chase_working_days < 0:
        raise ValueError("A chase period cannot be negative")
    if any(day >= latest.sent_on for day in heard_on):
        return None
    if any(day > latest.sent_on for day in chased_on):
        return None
    due = calendar.add_working_days(latest.sent_on, latest.chase_working_days)
    return ReplyAwaited(latest.letter, latest.sent_on, due)
