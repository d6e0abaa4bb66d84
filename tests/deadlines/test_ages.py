"""A victim's age on a date: under 18 until the start of their 18th birthday; someone born
on 29 February never has an 18th birthday in a leap year, so it is 1 March."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines.ages import eighteenth_birthday, is_under_18


@pytest.mark.parametrize(
    ("born", "on", "under"),
    [
        (date(2008, 3, 3), date(2026, 3, 2), True),  # the day before the 18th birthday
        (date(2008, 3, 3), date(2026, 3, 3), False),  # the 18th birthday
        (date(2008, 3, 3), date(2026, 3, 4), False),  # the day after
        (date(2008, 2, 29), date(2026, 2, 28), True),  # leap-day birth, common year
        (date(2008, 2, 29), date(2026, 3, 1), False),  # 18 on 1 March
        (date(2006, 2, 28), date(2024, 2, 28), False),  # 18th birthday in a leap year
        (date(2006, 3, 1), date(2024, 2, 29), True),  # 29 February, the day before
        (date(2010, 2, 28), date(2028, 2, 29), False),  # a day after the 18th birthday
        (date(2008, 12, 31), date(2026, 12, 30), True),
        (date(2008, 12, 31), date(2027, 1, 1), False),  # over the new year
        (date(2008, 1, 1), date(2025, 12, 31), True),
        (date(2026, 1, 12), date(2026, 1, 12), True),  # born today
        (date(1950, 6, 1), date(2026, 1, 12), False),
        (None, date(2026, 3, 3), False),  # no date of birth: not known to be under 18
    ],
)
def test_under_18_on_a_date(born: date | None, on: date, under: bool) -> None:
    assert is_under_18(born, on) is under


@pytest.mark.parametrize(
    ("born", "birthday"),
    [
        (date(2008, 3, 3), date(2026, 3, 3)),
        (date(2008, 2, 29), date(2026, 3, 1)),  # no 29 February in 2026
        (date(2004, 2, 29), date(2022, 3, 1)),
        (date(2012, 2, 29), date(2030, 3, 1)),
        (date(2010, 2, 28), date(2028, 2, 28)),  # turns 18 in a leap year, on the day
    ],
)
def test_the_18th_birthday(born: date, birthday: date) -> None:
    assert eighteenth_birthday(born) == birthday
