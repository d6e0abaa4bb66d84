"""Working days in England and Wales.

The Victims' Code clocks (referral within two weeks of sentence, first contact within four weeks
of referral) are counted here in working days: every day except Saturdays, Sundays and the
England-and-Wales bank holidays (Wales has the same bank holidays as England). Counting is by date
only, never by hours, so clock-change weekends are ordinary weekends.

Bank holidays come from ``holidays.country_holidays("GB", subdiv="ENG")`` (substitute days
included); one-off extra holidays (a royal event announced after the library was released) are
given as data. Lookups are computed lazily once per year and cached, so the nightly sweep can call
these functions millions of times.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import holidays

__all__ = ["ADDITIONAL_BANK_HOLIDAY", "WorkingDayCalendar", "england_and_wales"]

ADDITIONAL_BANK_HOLIDAY = "Additional bank holiday"

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)


def _require_date(value: object, what: str) -> None:
    """Reject anything but a plain date: a datetime never equals the date it falls on."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}")


def _weekdays_up_to(d: date) -> int:
    """Count the Mondays to Fridays from 1 January of year 1 (a Monday) up to and including d."""
    weeks, extra_days = divmod(d.toordinal(), 7)
    return weeks * 5 + min(extra_days, 5)


def _add_weekdays(start: date, n: int) -> date:
    """Return the n-th Monday-to-Friday strictly after start (n >= 1)."""
    if start.weekday() >= _SATURDAY:
        # The weekdays after a weekend day are the weekdays after the Friday before it.
        start -= timedelta(days=start.weekday() - 4)
    weeks, extra_days = divmod(n, 5)
    days = weeks * 7 + extra_days
    if start.weekday() + extra_days > 4:
        days += 2
    return start + timedelta(days=days)


class WorkingDayCalendar:
    """An immutable calendar of working days: not a weekend, a bank holiday or an extra holiday.

    Two calendars are equal when they have the same name and the same extra holidays.
    """

    __slots__ = ("_extras", "_name", "_names", "_non_working", "_weekday_holidays")

    _extras: frozenset[date]
    _name: str
    _names: dict[int, dict[date, str]]
    _non_working: dict[int, frozenset[date]]
    _weekday_holidays: dict[int, tuple[date, ...]]

    def __init__(
        self, extra_holidays: Iterable[date] = (), *, name: str = "england-and-wales"
    ) -> None:
        extras = frozenset(extra_holidays)
        for extra in extras:
            _require_date(extra, "an extra holiday")
        object.__setattr__(self, "_extras", extras)
        object.__setattr__(self, "_name", name)
        # Per-year caches, filled lazily. Filling one is idempotent, so a race only repeats work.
        object.__setattr__(self, "_names", {})
        object.__setattr__(self, "_non_working", {})
        object.__setattr__(self, "_weekday_holidays", {})

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, key: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingDayCalendar):
            return NotImplemented
        return (self._name, self._extras) == (other._name, other._extras)

    def __hash__(self) -> int:
        return hash((self._name, self._extras))

    def __repr__(self) -> str:
        extras = ", ".join(d.isoformat() for d in sorted(self._extras))
        return f"WorkingDayCalendar(name={self._name!r}, extra_holidays=[{extras}])"

    @property
    def name(self) -> str:
        """The calendar's name, e.g. ``"england-and-wales"``."""
        return self._name

    @property
    def extra_holidays(self) -> frozenset[date]:
        """The one-off extra holidays given as data."""
        return self._extras

    def _load_year(self, year: int) -> frozenset[date]:
        library = holidays.country_holidays("GB", subdiv="ENG", years=year)
        names: dict[date, str] = {d: str(n) for d, n in library.items() if d.year == year}
        for extra in self._extras:
            if extra.year == year:
                # A date the library already knows keeps its official name.
                names.setdefault(extra, ADDITIONAL_BANK_HOLIDAY)
        weekday_holidays = tuple(sorted(d for d in names if d.weekday() < _SATURDAY))
        non_working = frozenset(weekday_holidays)
        self._names[year] = names
        self._weekday_holidays[year] = weekday_holidays
        self._non_working[year] = non_working
        return non_working

    def _holidays_on_weekdays(self, year: int) -> tuple[date, ...]:
        found = self._weekday_holidays.get(year)
        if found is None:
            self._load_year(year)
            found = self._weekday_holidays[year]
        return found

    def _weekday_holidays_between(self, start: date, end: date) -> int:
        """Count bank and extra holidays falling on a weekday d with start < d <= end."""
        count = 0
        for year in range(start.year, end.year + 1):
            days = self._holidays_on_weekdays(year)
            if start.year < year < end.year:
                count += len(days)
            else:
                count += bisect_right(days, end) - bisect_right(days, start)
        return count

    def bank_holidays(self, year: int) -> dict[date, str]:
        """Return the bank holidays of a year in England and Wales, by date, with their names.

        Includes substitute days ("Boxing Day (observed)") and the days they replace, and extra
        holidays given as data, named "Additional bank holiday". Source: the ``holidays`` library
        (GB, subdivision ENG), which follows the gov.uk list of bank holidays.
        """
        if year not in self._names:
            self._load_year(year)
        return dict(sorted(self._names[year].items()))

    def is_working_day(self, d: date) -> bool:
        """Say whether d is a working day: not a Saturday, Sunday, bank holiday or extra holiday.

        This is the day the Victims' Code clocks count (domain.md section 3).
        """
        _require_date(d, "the day")
        if d.weekday() >= _SATURDAY:
            return False
        non_working = self._non_working.get(d.year)
        if non_working is None:
            non_working = self._load_year(d.year)
        return d not in non_working

    def add_working_days(self, start: date, n: int) -> date:
        """Return the n-th working day strictly after start (n == 0 returns start unchanged).

        The count starts the working day after the start day, which may itself be a non-working
        day: this is how the Victims' Code clocks run (referral within 10 working days of
        sentence, first contact within 20 working days of the referral). Raises ValueError for a
        negative n.
        """
        _require_date(start, "the start day")
        if n < 0:
            raise ValueError(f"cannot add a negative number of working days ({n})")
        result, remaining = start, n
        while remaining > 0:
            # Jump over `remaining` weekdays, then over as many more as the holidays just passed.
            candidate = _add_weekdays(result, remaining)
            remaining = self._weekday_holidays_between(result, candidate)
            result = candidate
        return result

    def working_days_between(self, start: date, end: date) -> int:
        """Count the working days d with start < d <= end (0 when end is not after start).

        The inverse of ``add_working_days``: how many working days of a Victims' Code clock have
        run from start to end.
        """
        _require_date(start, "the start day")
        _require_date(end, "the end day")
        if end <= start:
            return 0
        weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
        return weekdays - self._weekday_holidays_between(start, end)

    def next_working_day(self, d: date) -> date:
        """Return the first working day strictly after d."""
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: date) -> date:
        """Return the last working day strictly before d."""
        _require_date(d, "the day")
        day = d - _ONE_DAY
        while not self.is_working_day(day):
            day -= _ONE_DAY
        return day


@lru_cache(maxsize=64)
def _england_and_wales(extra_holidays: tuple[date, ...]) -> WorkingDayCalendar:
    return WorkingDayCalendar(extra_holidays)


def england_and_wales(extra_holidays: Iterable[date] = ()) -> WorkingDayCalendar:
    """Return the England-and-Wales working-day calendar, plus any extra one-off holidays.

    Wales has the same bank holidays as England (domain.md section 3). Calendars are cached, so
    the same extra holidays in any order give the same (warm) calendar.
    """
    extras = tuple(extra_holidays)
    for extra in extras:
        _require_date(extra, "an extra holiday")
    return _england_and_wales(tuple(sorted(set(extras))))
