"""The arithmetic under the reports: a report's period (read, checked, split into months, and
the holidays its clocks can run over), and the figures made of grouped counts (percentages
rounded half up, medians, tallies). No query and no access rule: those are
`vcs.reports.compliance` and `vcs.reports.queries`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from vcs.core import clocks
from vcs.core.errors import FieldProblem, InvalidInput
from vcs.core.schemas import EARLIEST_DATE, LATEST_DATE
from vcs.reports.schemas import ClockFigures

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_PERIOD_DAYS = 5 * 366  # a report covers at most five years


def _day(name: str, text: str | None, problems: list[FieldProblem]) -> date | None:
    day = None
    if text and ISO_DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
    if day is None:
        problems.append(FieldProblem(name, "Give a real date, written as YYYY-MM-DD"))
    return day


def parse_period(start: str | None, end: str | None) -> tuple[date, date]:
    """The first and last days of a report's period, given as YYYY-MM-DD (`from` and `to`);
    every problem names its field."""
    problems: list[FieldProblem] = []
    first, last = _day("from", start, problems), _day("to", end, problems)
    if first is None or last is None:
        raise InvalidInput("The period of the report needs correcting", problems)
    check_period(first, last)
    return first, last


def check_period(start: date, end: date) -> None:
    """A period runs forwards, within the years the service stores, for at most five years."""
    problems = [
        FieldProblem(name, "must be in the years 1900 to 2199")
        for name, day in (("from", start), ("to", end))
        if not EARLIEST_DATE <= day <= LATEST_DATE
    ]
    if not problems and end < start:
        problems.append(FieldProblem("to", "The end of the period must not be before its start"))
    if not problems and (end - start).days > MAX_PERIOD_DAYS:
        problems.append(FieldProblem("to", "A report covers at most five years"))
    if problems:
        raise InvalidInput("The period of the report needs correcting", problems)


def months(start: date, end: date) -> list[str]:
    """Every month the period touches, as YYYY-MM."""
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def weekday_holidays(start: date, end: date) -> list[date]:
    """The bank holidays (and configured extra holidays) on weekdays with start < d <= end."""
    calendar = clocks.calendar()
    return [
        day
        for year in range(start.year, end.year + 1)
        for day in calendar.bank_holidays(year)
        if start < day <= end and day.weekday() < 5
    ]


def holidays_for(start: date, end: date, today: date) -> list[date]:
    """Holidays a clock started in the period can have run over: up to a year past the later
    of the period's end and today (no clock is met later than the day it is recorded)."""
    return weekday_holidays(start, max(end, today) + timedelta(days=366))


def percent(part: int, whole: int) -> float | None:
    """part / whole x 100, rounded half up to one decimal place; None when whole is 0."""
    if whole == 0:
        return None
    exact = Decimal(100 * part) / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def median(histogram: Counter[int]) -> float | None:
    """The median of values given as value -> how many (the mean of the two middle values
    when their number is even); None when there are none."""
    total = sum(histogram.values())
    if total == 0:
        return None
    wanted, values, seen = ((total - 1) // 2, total // 2), [], 0
    for value in sorted(histogram):
        count = histogram[value]
        values += [value for w in wanted if seen <= w < seen + count]
        seen += count
    return sum(values) / 2


@dataclass
class Tally:
    """Grouped counts: how many had each outcome, and how many took each number of days."""

    outcomes: Counter[str] = field(default_factory=Counter)
    days: Counter[int] = field(default_factory=Counter)

    def add(self, outcome: str, days: int | None, n: int) -> None:
        self.outcomes[outcome] += n
        if days is not None:
            self.days[int(days)] += n


def clock_figures(clock: str, unit: str | None, month: str | None, tally: Tally) -> ClockFigures:
    o = tally.outcomes
    return ClockFigures(
        clock=clock,
        unit_code=unit,
        month=month,
        started=sum(o.values()),
        met=o["met"],
        met_late=o["met_late"],
        overdue=o["overdue"],
        pending=o["pending"],
        closed=o["closed"],
        within_target_pct=percent(o["met"], o["met"] + o["met_late"] + o["overdue"]),
        median_working_days=median(tally.days),
    )
