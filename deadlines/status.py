"""Where a Victims' Code deadline stands on a given day.

A deadline is met if the event (referral received, first contact attempt made) happens on or
before its due date (domain.md section 3). "Today" is always passed in: this module never reads
the clock.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from deadlines.calendar import WorkingDayCalendar

__all__ = ["DEFAULT_DUE_SOON_DAYS", "DeadlineState", "deadline_state", "urgency_key"]

DEFAULT_DUE_SOON_DAYS = 3


class DeadlineState(StrEnum):
    """The five states of a deadline: pending, due soon, overdue, met, met late."""

    PENDING = "pending"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"


_URGENCY: dict[DeadlineState, int] = {
    DeadlineState.OVERDUE: 0,
    DeadlineState.DUE_SOON: 1,
    DeadlineState.PENDING: 2,
    DeadlineState.MET_LATE: 3,
    DeadlineState.MET: 4,
}


def deadline_state(
    due: date,
    met_on: date | None,
    today: date,
    calendar: WorkingDayCalendar,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> DeadlineState:
    """Classify a deadline on ``today`` (Victims' Code clocks, domain.md section 3).

    Met on or before the due date: MET; met after it: MET_LATE (whatever today is). Not met:
    OVERDUE once today is after the due date; DUE_SOON when at most ``due_soon_days`` working days
    remain (so the due day itself is due soon); PENDING otherwise. Raises ValueError for a
    negative ``due_soon_days``.
    """
    if due_soon_days < 0:
        raise ValueError(f"due_soon_days must not be negative ({due_soon_days})")
    if met_on is not None:
        return DeadlineState.MET if met_on <= due else DeadlineState.MET_LATE
    if today > due:
        return DeadlineState.OVERDUE
    if calendar.working_days_between(today, due) <= due_soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.PENDING


def urgency_key(state: DeadlineState, due: date) -> tuple[int, date]:
    """Sort key putting the most urgent deadline first, for a manager's list of open clocks.

    Overdue, then due soon, pending, met late and met; within a state, the earliest due date.
    """
    return (_URGENCY[DeadlineState(state)], due)
