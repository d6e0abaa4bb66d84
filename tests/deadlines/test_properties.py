"""Properties of working-day counting and policies, for any date from 2020 to 2035."""

from datetime import date, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines import CALENDAR_WEEKS, WORKING_DAYS, Clock, england_and_wales

CAL = england_and_wales()

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
amounts = st.integers(min_value=0, max_value=60)
positive_amounts = st.integers(min_value=1, max_value=60)

# An independent oracle straight from the holidays library, to check the calendar against.
_LIBRARY = holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2037))


def _naive_is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in _LIBRARY


def _naive_between(start: date, end: date) -> int:
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += _naive_is_working_day(day)
        day += timedelta(days=1)
    return count


def _naive_add(start: date, n: int) -> date:
    day = start
    while n > 0:
        day += timedelta(days=1)
        n -= _naive_is_working_day(day)
    return day


@given(dates)
def test_is_working_day_agrees_with_the_library(day: date) -> None:
    assert CAL.is_working_day(day) == _naive_is_working_day(day)


@given(dates, positive_amounts)
def test_add_working_days_lands_on_a_working_day_after_the_start(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert CAL.is_working_day(due)
    assert due > start


@given(dates, amounts)
def test_add_working_days_agrees_with_a_day_by_day_count(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n) == _naive_add(start, n)


@given(dates, dates, amounts)
def test_a_later_start_never_gives_an_earlier_due_date(one: date, other: date, n: int) -> None:
    earlier, later = sorted((one, other))
    assert CAL.add_working_days(earlier, n) <= CAL.add_working_days(later, n)


@given(dates, amounts)
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(dates, st.integers(min_value=-30, max_value=400))
def test_working_days_between_agrees_with_a_day_by_day_count(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    assert CAL.working_days_between(start, end) == _naive_between(start, end)


@given(dates)
def test_next_and_previous_working_day_are_neighbours(day: date) -> None:
    following = CAL.next_working_day(day)
    preceding = CAL.previous_working_day(day)
    assert CAL.is_working_day(following)
    assert CAL.is_working_day(preceding)
    assert CAL.working_days_between(day, following) == 1
    assert CAL.working_days_between(preceding, day) == (1 if CAL.is_working_day(day) else 0)
    assert CAL.working_days_between(preceding, following) == (2 if CAL.is_working_day(day) else 1)


@given(dates, st.sampled_from(list(Clock)))
def test_calendar_weeks_due_is_a_working_day_on_or_after_the_weeks(
    start: date, clock: Clock
) -> None:
    due = CALENDAR_WEEKS.due(clock, start, CAL)
    weeks_later = start + timedelta(weeks=CALENDAR_WEEKS.amount(clock))
    assert CAL.is_working_day(due)
    assert due >= weeks_later
    # It is rolled forward only as far as the first working day.
    assert CAL.working_days_between(weeks_later, due) <= 1


@settings(max_examples=50)
@given(dates, st.sampled_from(list(Clock)))
def test_working_days_and_calendar_weeks_agree_when_no_bank_holiday_intervenes(
    start: date, clock: Clock
) -> None:
    # With no bank holiday in the way, 10/20 working days and 2/4 weeks agree for a weekday start.
    weeks_due = CALENDAR_WEEKS.due(clock, start, CAL)
    if start.weekday() < 5 and CAL.working_days_between(start, weeks_due) == (
        WORKING_DAYS.amount(clock)
    ):
        assert WORKING_DAYS.due(clock, start, CAL) == weeks_due


@given(dates, amounts, st.sets(dates, max_size=5))
def test_extra_holidays_never_bring_a_deadline_forward(
    start: date, n: int, extras: set[date]
) -> None:
    with_extras = england_and_wales(extras)
    due = with_extras.add_working_days(start, n)
    assert due >= CAL.add_working_days(start, n)
    assert with_extras.working_days_between(start, due) == n
