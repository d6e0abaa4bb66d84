"""England-and-Wales bank holidays, 2025-2028, checked against the gov.uk list."""

from datetime import date

import pytest

from deadlines import ADDITIONAL_BANK_HOLIDAY, WorkingDayCalendar, england_and_wales

CAL = england_and_wales()


@pytest.mark.parametrize(
    ("day", "name"),
    [
        pytest.param(date(2025, 12, 25), "Christmas Day", id="christmas-2025-thursday"),
        pytest.param(date(2025, 12, 26), "Boxing Day", id="boxing-day-2025-friday"),
        pytest.param(date(2026, 1, 1), "New Year's Day", id="new-year-2026-thursday"),
        pytest.param(date(2026, 4, 3), "Good Friday", id="good-friday-2026"),
        pytest.param(date(2026, 4, 6), "Easter Monday", id="easter-monday-2026"),
        pytest.param(date(2026, 5, 4), "May Day", id="early-may-2026"),
        pytest.param(date(2026, 5, 25), "Spring Bank Holiday", id="spring-2026"),
        pytest.param(date(2026, 8, 31), "Late Summer Bank Holiday", id="summer-2026"),
        pytest.param(date(2026, 12, 25), "Christmas Day", id="christmas-2026-friday"),
        pytest.param(date(2026, 12, 28), "Boxing Day (observed)", id="substitute-monday-2026"),
        pytest.param(date(2027, 1, 1), "New Year's Day", id="new-year-2027-friday"),
        pytest.param(date(2027, 3, 26), "Good Friday", id="good-friday-2027"),
        pytest.param(date(2027, 3, 29), "Easter Monday", id="easter-monday-2027"),
        pytest.param(date(2027, 5, 3), "May Day", id="early-may-2027"),
        pytest.param(date(2027, 5, 31), "Spring Bank Holiday", id="spring-2027"),
        pytest.param(date(2027, 12, 27), "Christmas Day (observed)", id="substitute-2027-mon"),
        pytest.param(date(2027, 12, 28), "Boxing Day (observed)", id="substitute-2027-tue"),
        pytest.param(date(2028, 1, 3), "New Year's Day (observed)", id="substitute-2028-mon"),
    ],
)
def test_weekday_bank_holidays_are_not_working_days(day: date, name: str) -> None:
    assert CAL.bank_holidays(day.year)[day] == name
    assert not CAL.is_working_day(day)


def test_boxing_day_2026_falls_on_a_saturday_and_is_listed_with_its_substitute() -> None:
    holidays_2026 = CAL.bank_holidays(2026)
    assert date(2026, 12, 26).weekday() == 5  # Saturday
    assert holidays_2026[date(2026, 12, 26)] == "Boxing Day"
    assert holidays_2026[date(2026, 12, 28)] == "Boxing Day (observed)"


@pytest.mark.parametrize(
    ("year", "count"),
    [
        pytest.param(2025, 8, id="2025-eight-bank-holidays"),
        # 2026: the eight, plus Boxing Day on Saturday 26 Dec listed beside its substitute.
        pytest.param(2026, 9, id="2026-boxing-day-and-substitute"),
        # 2027: Christmas and Boxing Day at a weekend, substitutes on Mon 27 and Tue 28 Dec.
        pytest.param(2027, 10, id="2027-two-substitutes"),
        # 2028: New Year's Day on Saturday, substitute Monday 3 January.
        pytest.param(2028, 9, id="2028-new-year-substitute"),
    ],
)
def test_number_of_bank_holidays_in_a_year(year: int, count: int) -> None:
    assert len(CAL.bank_holidays(year)) == count


def test_year_lists_only_its_own_dates_in_order() -> None:
    days = list(CAL.bank_holidays(2027))
    assert days == sorted(days)
    assert all(day.year == 2027 for day in days)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2028, 2, 29), True, id="leap-day-2028-tuesday"),
        pytest.param(date(2025, 12, 24), True, id="christmas-eve-is-not-a-bank-holiday"),
        pytest.param(date(2025, 12, 31), True, id="new-years-eve-is-not-a-bank-holiday"),
        pytest.param(date(2026, 12, 26), False, id="boxing-day-2026-saturday"),
        pytest.param(date(2026, 3, 29), False, id="clock-change-sunday-is-a-weekend"),
        pytest.param(date(2026, 3, 30), True, id="monday-after-spring-clock-change"),
        pytest.param(date(2026, 10, 26), True, id="monday-after-autumn-clock-change"),
        pytest.param(date(2026, 1, 2), True, id="friday-2-jan-2026-ordinary"),
        pytest.param(date(2027, 3, 30), True, id="tuesday-after-easter-2027"),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_royal_events_already_known_to_the_library() -> None:
    # One-off bank holidays of 2022 and 2023 come from the holidays library itself.
    assert not CAL.is_working_day(date(2022, 9, 19))  # State Funeral of Queen Elizabeth II
    assert not CAL.is_working_day(date(2023, 5, 8))  # Coronation of Charles III


def test_extra_holiday_is_listed_and_named() -> None:
    cal = WorkingDayCalendar([date(2026, 6, 12)])
    assert cal.bank_holidays(2026)[date(2026, 6, 12)] == ADDITIONAL_BANK_HOLIDAY
    assert not cal.is_working_day(date(2026, 6, 12))
    assert CAL.is_working_day(date(2026, 6, 12))


def test_extra_holiday_on_a_known_bank_holiday_keeps_the_official_name() -> None:
    cal = WorkingDayCalendar([date(2026, 12, 25)])
    assert cal.bank_holidays(2026)[date(2026, 12, 25)] == "Christmas Day"


def test_bank_holidays_returns_a_copy() -> None:
    listed = CAL.bank_holidays(2026)
    listed.clear()
    assert len(CAL.bank_holidays(2026)) == 9
