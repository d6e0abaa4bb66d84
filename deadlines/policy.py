"""Deadline policies for the two Victims' Code clocks.

The Victims' Code says a victim is referred to the Victim Contact Scheme within two weeks of the
offender being sentenced, and first contacted within four weeks of the referral. The service reads
this as 10 and 20 working days (the default); plain calendar weeks can be configured instead.

Every computed deadline records the code of the policy it used (``Deadline.policy``) together
with its due date. A stored deadline keeps its due date: changing the configured policy never
moves old deadlines, and ``DeadlinePolicy.from_code(deadline.policy)`` gives back the policy that
reproduces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal, get_args

from deadlines.calendar import WorkingDayCalendar

__all__ = [
    "CALENDAR_WEEKS",
    "DEFAULT_POLICY",
    "MAX_AMOUNT",
    "WORKING_DAYS",
    "Clock",
    "Deadline",
    "DeadlinePolicy",
    "PolicyKind",
    "compute_deadline",
    "policy_named",
]

PolicyKind = Literal["working_days", "calendar_weeks"]

MAX_AMOUNT = 999
"""The largest amount a policy may count (and the widest number its code may carry)."""

_KINDS: tuple[str, ...] = get_args(PolicyKind)
_CODE = re.compile(
    r"(?P<kind>working_days|calendar_weeks)"
    r":referral=(?P<referral>[1-9][0-9]{0,2})"
    r",first_contact=(?P<first_contact>[1-9][0-9]{0,2})"
)


class Clock(StrEnum):
    """The two Victims' Code clocks: referral (from sentence) and first contact (from referral)."""

    REFERRAL = "referral"
    FIRST_CONTACT = "first_contact"


@dataclass(frozen=True)
class DeadlinePolicy:
    """How long each clock runs: in working days, or in calendar weeks.

    Amounts are whole numbers from 1 to ``MAX_AMOUNT``.
    """

    kind: PolicyKind
    referral: int
    first_contact: int

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown deadline policy kind {self.kind!r}")
        for clock in Clock:
            amount = self.amount(clock)
            if type(amount) is not int or not 1 <= amount <= MAX_AMOUNT:
                raise ValueError(
                    f"the {clock.value} amount must be a whole number from 1 to {MAX_AMOUNT}, "
                    f"not {amount!r}"
                )

    @property
    def code(self) -> str:
        """The stable code recorded with every deadline, e.g. ``working_days:referral=10,...``."""
        return f"{self.kind}:referral={self.referral},first_contact={self.first_contact}"

    @classmethod
    def from_code(cls, code: str) -> DeadlinePolicy:
        """Parse a policy code written by ``code`` back into the policy (ValueError otherwise).

        Lets a stored deadline be explained and reproduced with the policy it was computed under.
        """
        match = _CODE.fullmatch(code) if isinstance(code, str) else None
        if match is None:
            raise ValueError(f"not a deadline policy code: {code!r}")
        kind: PolicyKind = "working_days" if match["kind"] == "working_days" else "calendar_weeks"
        return cls(kind, int(match["referral"]), int(match["first_contact"]))

    def amount(self, clock: Clock) -> int:
        """Return how many working days or weeks the given clock runs under this policy."""
        match Clock(clock):
            case Clock.REFERRAL:
                return self.referral
            case Clock.FIRST_CONTACT:
                return self.first_contact

    def due(self, clock: Clock, start: date, calendar: WorkingDayCalendar) -> date:
        """Return the due date of a clock started on ``start`` (Victims' Code, domain.md s.3).

        Working days: the n-th working day after the start day (referral 10, first contact 20).
        Calendar weeks: the same weekday n weeks later (referral 2, first contact 4); when that day
        is a weekend or bank holiday it is rolled forward to the next working day, so a deadline
        never falls on a day the office is closed.
        """
        n = self.amount(clock)
        if self.kind == "working_days":
            return calendar.add_working_days(start, n)
        due = start + timedelta(weeks=n)
        return due if calendar.is_working_day(due) else calendar.next_working_day(due)


WORKING_DAYS = DeadlinePolicy("working_days", 10, 20)
CALENDAR_WEEKS = DeadlinePolicy("calendar_weeks", 2, 4)
DEFAULT_POLICY = WORKING_DAYS

_NAMED: dict[str, DeadlinePolicy] = {
    "working_days": WORKING_DAYS,
    "calendar_weeks": CALENDAR_WEEKS,
}


def policy_named(name: str) -> DeadlinePolicy:
    """Return the standard policy configured by name: "working_days" or "calendar_weeks".

    Working days (10 and 20) is the default reading of the Victims' Code's two and four weeks.
    """
    try:
        return _NAMED[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown deadline policy {name!r}: expected one of {', '.join(_NAMED)}"
        ) from None


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: which clock, when it started, when it is due, and the policy code.

    Once stored, a deadline keeps its ``due`` and ``policy``: a later change of the configured
    policy never moves it.
    """

    clock: Clock
    start: date
    due: date
    policy: str


def compute_deadline(
    clock: Clock, start: date, policy: DeadlinePolicy, calendar: WorkingDayCalendar
) -> Deadline:
    """Compute a Victims' Code deadline and record the policy it used (domain.md section 3).

    Referral: within two weeks (10 working days) of sentence; first contact: within four weeks
    (20 working days) of the referral being received, under the default policy.
    """
    return Deadline(clock, start, policy.due(clock, start, calendar), policy.code)
