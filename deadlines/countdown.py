"""Counting back: the date N working days before an event.

Some clocks run towards an event rather than from one: a licence-condition request must reach
the decision maker a number of working days before the expected release, temporary release or
parole hearing. Working days are those of the calendar given (England and Wales: no weekends,
no bank holidays). Pure: dates in, a date out.
"""

from __future__ import annotations

from datetime import date, datetime

from deadlines.calendar import WorkingDayCalendar
from deadlines.policy import MAX_AMOUNT

__all__ = ["working_days_before"]


def working_days_before(calendar: WorkingDayCalendar, event: date, n: int) -> date:
    """Return the n-th working day strictly before `event` (n == 0 returns `event` unchanged).

    Counted like the forward clocks but backwards: the working day before the event is day 1,
    whatever day the event itself falls on. So 10 working days before Monday 23 February 2026
    is Monday 9 February, and before Monday 12 January 2026 it is Wednesday 24 December 2025
    (skipping the weekends, Christmas, Boxing Day and New Year's Day). Raises ValueError for a
    negative n or one above MAX_AMOUNT, TypeError for anything but a plain date.
    """
    if not isinstance(event, date) or isinstance(event, datetime):
        raise TypeError(f"the event day must be a datetime.date, not {type(event).__name__}")
    if not 0 <= n <= MAX_AMOUNT:
        raise ValueError(f"can only count back 0 to {MAX_AMOUNT} working days ({n})")
    day = event
    for _ in range(n):
        day = calendar.previous_working_day(day)
    return day
