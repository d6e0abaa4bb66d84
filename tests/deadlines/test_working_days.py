"""Counting working days across Christmas, Easter, May, clock changes and leap years.

Every expected date below was counted by hand; the comment lists the working days counted
("Mon 22 (1)") and the days skipped ([..]).
"""

from datetime import date, datetime

import pytest

from deadlines import WorkingDayCalendar, england_and_wales

CAL = england_and_wales()


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # The acceptance example: sentence Fri 19 Dec 2025, referral due in 10 working days.
        # Mon 22 (1), Tue 23 (2), Wed 24 (3), [Thu 25, Fri 26 bank holidays, weekend],
        # Mon 29 (4), Tue 30 (5), Wed 31 (6), [Thu 1 Jan bank holiday], Fri 2 (7), [weekend],
        # Mon 5 (8), Tue 6 (9), Wed 7 Jan 2026 (10).
        pytest.param(date(2025, 12, 19), 10, date(2026, 1, 7), id="acceptance-referral"),
        # Referral received Mon 5 Jan 2026, first contact due in 20 working days:
        # Tue 6 (1) .. Fri 9 (4), Mon 12 (5) .. Fri 16 (9), Mon 19 (10) .. Fri 23 (14),
        # Mon 26 (15) .. Fri 30 (19), Mon 2 Feb 2026 (20). No bank holidays in the way.
        pytest.param(date(2026, 1, 5), 20, date(2026, 2, 2), id="acceptance-first-contact"),
        # An ordinary fortnight: Mon 9 Feb 2026 + 10 working days = Mon 23 Feb 2026.
        pytest.param(date(2026, 2, 9), 10, date(2026, 2, 23), id="plain-fortnight"),
        # First contact over Christmas 2025: received Mon 15 Dec 2025. Tue 16 (1) .. Fri 19 (4),
        # Mon 22 (5), Tue 23 (6), Wed 24 (7), [25, 26, weekend], Mon 29 (8), Tue 30 (9),
        # Wed 31 (10), [1 Jan], Fri 2 (11), Mon 5 (12) .. Fri 9 (16), Mon 12 (17), Tue 13 (18),
        # Wed 14 (19), Thu 15 Jan 2026 (20).
        pytest.param(date(2025, 12, 15), 20, date(2026, 1, 15), id="christmas-2025-first-contact"),
        # Christmas 2026: sentence Fri 18 Dec 2026. Mon 21 (1), Tue 22 (2), Wed 23 (3),
        # Thu 24 (4), [Fri 25 Christmas, Sat 26 Boxing Day, Sun 27, Mon 28 substitute],
        # Tue 29 (5), Wed 30 (6), Thu 31 (7), [Fri 1 Jan 2027, weekend], Mon 4 (8), Tue 5 (9),
        # Wed 6 Jan 2027 (10).
        pytest.param(date(2026, 12, 18), 10, date(2027, 1, 6), id="christmas-2026-substitute"),
        # Christmas 2027: sentence Fri 17 Dec 2027. Mon 20 (1) .. Fri 24 (5), [Sat 25, Sun 26,
        # Mon 27 and Tue 28 substitutes], Wed 29 (6), Thu 30 (7), Fri 31 (8), [Sat 1 Jan 2028,
        # Sun 2, Mon 3 substitute], Tue 4 (9), Wed 5 Jan 2028 (10).
        pytest.param(date(2027, 12, 17), 10, date(2028, 1, 5), id="christmas-2027-substitutes"),
        # Easter 2026: sentence Thu 2 Apr 2026. [Good Friday 3, weekend, Easter Monday 6],
        # Tue 7 (1) .. Fri 10 (4), Mon 13 (5) .. Fri 17 (9), Mon 20 Apr 2026 (10).
        pytest.param(date(2026, 4, 2), 10, date(2026, 4, 20), id="easter-2026-thursday-before"),
        # A start on a bank holiday: the count starts the next working day.
        # From Good Friday 3 Apr 2026: [weekend, Easter Monday], Tue 7 Apr (1).
        pytest.param(date(2026, 4, 3), 1, date(2026, 4, 7), id="start-on-good-friday-2026"),
        # Easter 2027: sentence Thu 25 Mar 2027. [Good Friday 26, weekend (clocks go forward
        # Sun 28), Easter Monday 29], Tue 30 (1), Wed 31 (2), Thu 1 Apr (3), Fri 2 (4),
        # Mon 5 (5) .. Fri 9 (9), Mon 12 Apr 2027 (10).
        pytest.param(date(2027, 3, 25), 10, date(2027, 4, 12), id="easter-2027-thursday-before"),
        # First contact over Easter 2027: received Mon 15 Mar 2027. Tue 16 (1) .. Fri 19 (4),
        # Mon 22 (5) .. Thu 25 (8), [26 .. 29], Tue 30 (9), Wed 31 (10), Thu 1 Apr (11),
        # Fri 2 (12), Mon 5 (13) .. Fri 9 (17), Mon 12 (18), Tue 13 (19), Wed 14 Apr 2027 (20).
        pytest.param(date(2027, 3, 15), 20, date(2027, 4, 14), id="easter-2027-first-contact"),
        # Early May 2026: Fri 1 May 2026. [weekend, Mon 4 May Day], Tue 5 (1) .. Fri 8 (4),
        # Mon 11 (5) .. Fri 15 (9), Mon 18 May 2026 (10).
        pytest.param(date(2026, 5, 1), 10, date(2026, 5, 18), id="may-day-2026"),
        # Both May 2026 bank holidays: Thu 30 Apr 2026 + 20. Fri 1 May (1), [Mon 4],
        # Tue 5 (2) .. Fri 8 (5), Mon 11 (6) .. Fri 15 (10), Mon 18 (11) .. Fri 22 (15),
        # [Mon 25 Spring], Tue 26 (16) .. Fri 29 (19), Mon 1 Jun 2026 (20).
        pytest.param(date(2026, 4, 30), 20, date(2026, 6, 1), id="both-may-2026-holidays"),
        # Spring bank holiday 2026: Mon 11 May + 20. Tue 12 (1) .. Fri 15 (4), Mon 18 (5) ..
        # Fri 22 (9), [Mon 25], Tue 26 (10) .. Fri 29 (13), Mon 1 Jun (14) .. Fri 5 (18),
        # Mon 8 (19), Tue 9 Jun 2026 (20).
        pytest.param(date(2026, 5, 11), 20, date(2026, 6, 9), id="spring-2026-first-contact"),
        # Early May 2027: Fri 30 Apr 2027. [weekend, Mon 3 May Day], Tue 4 (1) .. Fri 7 (4),
        # Mon 10 (5) .. Fri 14 (9), Mon 17 May 2027 (10).
        pytest.param(date(2027, 4, 30), 10, date(2027, 5, 17), id="may-day-2027"),
        # Spring bank holiday 2027: Fri 21 May 2027. Mon 24 (1) .. Fri 28 (5), [Mon 31],
        # Tue 1 Jun (6) .. Fri 4 (9), Mon 7 Jun 2027 (10).
        pytest.param(date(2027, 5, 21), 10, date(2027, 6, 7), id="spring-2027"),
        # Clock changes are counted by date: the weekend is just a weekend.
        # Clocks go forward Sun 29 Mar 2026: Fri 27 Mar + 1 = Mon 30 Mar.
        pytest.param(date(2026, 3, 27), 1, date(2026, 3, 30), id="bst-starts-2026-next-day"),
        # Fri 27 Mar 2026 + 10: Mon 30 (1), Tue 31 (2), Wed 1 Apr (3), Thu 2 (4), [Good Friday,
        # weekend, Easter Monday], Tue 7 (5) .. Fri 10 (8), Mon 13 (9), Tue 14 Apr 2026 (10).
        pytest.param(date(2026, 3, 27), 10, date(2026, 4, 14), id="bst-starts-2026-and-easter"),
        # Clocks go back Sun 25 Oct 2026: Fri 23 Oct + 10. Mon 26 (1) .. Fri 30 (5),
        # Mon 2 Nov (6) .. Fri 6 Nov 2026 (10): exactly two weeks.
        pytest.param(date(2026, 10, 23), 10, date(2026, 11, 6), id="bst-ends-2026"),
        # Clocks go forward Sun 28 Mar 2027; the Friday before is Good Friday 26 Mar 2027.
        # [weekend, Easter Monday 29], Tue 30 (1) .. Fri 2 Apr (4), Mon 5 (5) .. Fri 9 (9),
        # Mon 12 Apr 2027 (10).
        pytest.param(date(2027, 3, 26), 10, date(2027, 4, 12), id="bst-starts-2027-good-friday"),
        # Clocks go back Sun 31 Oct 2027: Fri 29 Oct + 10. Mon 1 Nov (1) .. Fri 5 (5),
        # Mon 8 (6) .. Fri 12 Nov 2027 (10).
        pytest.param(date(2027, 10, 29), 10, date(2027, 11, 12), id="bst-ends-2027-referral"),
        # ... and + 20: Mon 15 (11) .. Fri 19 (15), Mon 22 (16) .. Fri 26 Nov 2027 (20).
        pytest.param(date(2027, 10, 29), 20, date(2027, 11, 26), id="bst-ends-2027-contact"),
        # Leap year: Fri 25 Feb 2028. Mon 28 (1), Tue 29 Feb (2), Wed 1 Mar (3), Thu 2 (4),
        # Fri 3 (5), Mon 6 (6) .. Thu 9 (9), Fri 10 Mar 2028 (10).
        pytest.param(date(2028, 2, 25), 10, date(2028, 3, 10), id="leap-2028-referral"),
        pytest.param(date(2028, 2, 25), 2, date(2028, 2, 29), id="leap-day-is-counted"),
        # The year before, no leap day: Fri 26 Feb 2027. Mon 1 Mar (1) .. Fri 5 (5),
        # Mon 8 (6) .. Fri 12 Mar 2027 (10).
        pytest.param(date(2027, 2, 26), 10, date(2027, 3, 12), id="no-leap-day-2027"),
        # A weekend start counts from the Monday: Sat 10 Jan 2026 + 1 = Mon 12 Jan.
        pytest.param(date(2026, 1, 10), 1, date(2026, 1, 12), id="saturday-start"),
        # Zero working days leaves the start unchanged, even on a bank holiday.
        pytest.param(date(2025, 12, 25), 0, date(2025, 12, 25), id="zero-days"),
    ],
)
def test_add_working_days(start: date, n: int, due: date) -> None:
    assert CAL.add_working_days(start, n) == due
    assert CAL.working_days_between(start, due) == n


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(date(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        # Fri 19 Dec 2025 to Wed 7 Jan 2026: the acceptance example, 10 working days.
        pytest.param(date(2025, 12, 19), date(2026, 1, 7), 10, id="acceptance"),
        # Christmas week 2025 (Sat 20 to Sun 28 Dec): Mon 22, Tue 23, Wed 24 only.
        pytest.param(date(2025, 12, 20), date(2025, 12, 28), 3, id="christmas-week-2025"),
        # The start day itself is not counted, the end day is.
        pytest.param(date(2026, 1, 5), date(2026, 1, 6), 1, id="next-day"),
        pytest.param(date(2026, 1, 5), date(2026, 1, 5), 0, id="same-day"),
        pytest.param(date(2026, 1, 6), date(2026, 1, 5), 0, id="end-before-start"),
        # Fri 2 Jan 2026 to Mon 5 Jan 2026 across a weekend: Mon 5 only.
        pytest.param(date(2026, 1, 2), date(2026, 1, 5), 1, id="over-a-weekend"),
        # Whole of 2026: 261 weekdays (2026 starts on a Thursday, 53 Thursdays and Fridays)
        # minus the 8 bank holidays on weekdays (Boxing Day on Saturday; its substitute counted).
        pytest.param(date(2025, 12, 31), date(2026, 12, 31), 253, id="all-of-2026"),
        # Whole of 2027: 261 weekdays minus 8 weekday bank holidays (Christmas and Boxing Day
        # at a weekend; their substitutes Mon 27 and Tue 28 counted instead).
        pytest.param(date(2026, 12, 31), date(2027, 12, 31), 253, id="all-of-2027"),
        # 2028 is a leap year starting on a Saturday: 260 weekdays, minus 8 weekday holidays.
        pytest.param(date(2027, 12, 31), date(2028, 12, 31), 252, id="all-of-2028"),
        # Three years in one call: 253 + 253 + 252.
        pytest.param(date(2025, 12, 31), date(2028, 12, 31), 758, id="three-years"),
    ],
)
def test_working_days_between(start: date, end: date, count: int) -> None:
    assert CAL.working_days_between(start, end) == count


@pytest.mark.parametrize(
    ("day", "following", "preceding"),
    [
        # Wed 24 Dec 2025: next is Mon 29 (25, 26 bank holidays, weekend); previous Tue 23.
        pytest.param(date(2025, 12, 24), date(2025, 12, 29), date(2025, 12, 23), id="xmas-eve"),
        # Mon 29 Dec 2025: previous working day is Wed 24 Dec, back over the weekend and holidays.
        pytest.param(date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 24), id="after-xmas"),
        # Tue 7 Apr 2026: previous is Thu 2 Apr, before Good Friday and Easter Monday.
        pytest.param(date(2026, 4, 7), date(2026, 4, 8), date(2026, 4, 2), id="after-easter"),
        # Sat 26 Dec 2026: next is Tue 29 Dec (Mon 28 is the substitute day).
        pytest.param(date(2026, 12, 26), date(2026, 12, 29), date(2026, 12, 24), id="boxing-sat"),
        # Mon 28 Feb 2028: next is leap day Tue 29 Feb; previous Fri 25 Feb.
        pytest.param(date(2028, 2, 28), date(2028, 2, 29), date(2028, 2, 25), id="leap-day"),
    ],
)
def test_next_and_previous_working_day(day: date, following: date, preceding: date) -> None:
    assert CAL.next_working_day(day) == following
    assert CAL.previous_working_day(day) == preceding


@pytest.mark.parametrize(
    ("extra", "due"),
    [
        # An extra bank holiday on Mon 5 Jan 2026 inside the acceptance window moves the referral
        # deadline one working day: Wed 7 Jan 2026 becomes Thu 8 Jan 2026.
        pytest.param(date(2026, 1, 5), date(2026, 1, 8), id="extra-inside-window"),
        # An extra holiday after the due date changes nothing.
        pytest.param(date(2026, 1, 8), date(2026, 1, 7), id="extra-after-due"),
        # An extra holiday on a Saturday changes nothing: it was not a working day anyway.
        pytest.param(date(2026, 1, 3), date(2026, 1, 7), id="extra-on-a-saturday"),
        # An extra holiday on the due day itself pushes the deadline to the next working day.
        pytest.param(date(2026, 1, 7), date(2026, 1, 8), id="extra-on-due-day"),
    ],
)
def test_extra_holiday_given_as_data(extra: date, due: date) -> None:
    cal = england_and_wales([extra])
    assert cal.add_working_days(date(2025, 12, 19), 10) == due


def test_calendar_is_immutable() -> None:
    with pytest.raises(AttributeError):
        CAL._extras = frozenset({date(2026, 1, 5)})
    with pytest.raises(AttributeError):
        CAL.colour = "blue"


def test_calendars_are_cached_and_compare_by_their_holidays() -> None:
    assert england_and_wales() is CAL
    one = england_and_wales([date(2026, 6, 12), date(2026, 6, 15)])
    other = england_and_wales((date(2026, 6, 15), date(2026, 6, 12), date(2026, 6, 15)))
    assert one is other
    assert one == WorkingDayCalendar([date(2026, 6, 12), date(2026, 6, 15)])
    assert one != CAL
    assert WorkingDayCalendar() == CAL
    assert hash(CAL) == hash(WorkingDayCalendar())
    assert one.extra_holidays == frozenset({date(2026, 6, 12), date(2026, 6, 15)})
    assert CAL.name == "england-and-wales"


def test_datetimes_are_refused() -> None:
    # A datetime never equals the date it falls on, so it would silently miss every holiday.
    with pytest.raises(TypeError):
        CAL.is_working_day(datetime(2025, 12, 25, 9, 0))
    with pytest.raises(TypeError):
        england_and_wales([datetime(2026, 6, 12)])
