from datetime import date

import pytest

from letters import Language, format_long_date, format_month

MONTHS = [
    (1, "January", "Ionawr"),
    (2, "February", "Chwefror"),
    (3, "March", "Mawrth"),
    (4, "April", "Ebrill"),
    (5, "May", "Mai"),
    (6, "June", "Mehefin"),
    (7, "July", "Gorffennaf"),
    (8, "August", "Awst"),
    (9, "September", "Medi"),
    (10, "October", "Hydref"),
    (11, "November", "Tachwedd"),
    (12, "December", "Rhagfyr"),
]


@pytest.mark.parametrize(("month", "english", "welsh"), MONTHS)
def test_long_date_every_month_in_both_languages(month: int, english: str, welsh: str) -> None:
    d = date(2026, month, 3)
    assert format_long_date(d, Language.EN) == f"3 {english} 2026"
    assert format_long_date(d, Language.CY) == f"3 {welsh} 2026"


@pytest.mark.parametrize(("month", "english", "welsh"), MONTHS)
def test_month_every_month_in_both_languages(month: int, english: str, welsh: str) -> None:
    d = date(2027, month, 28)
    assert format_month(d, Language.EN) == f"{english} 2027"
    assert format_month(d, Language.CY) == f"{welsh} 2027"


def test_leap_day() -> None:
    assert format_long_date(date(2028, 2, 29), Language.EN) == "29 February 2028"
    assert format_long_date(date(2028, 2, 29), Language.CY) == "29 Chwefror 2028"


def test_day_is_not_zero_padded_and_year_is_in_full() -> None:
    assert format_long_date(date(2026, 3, 3), Language.CY) == "3 Mawrth 2026"
    assert format_long_date(date(2030, 12, 31), Language.EN) == "31 December 2030"


def test_month_never_shows_the_day() -> None:
    assert format_month(date(2026, 9, 21), Language.EN) == "September 2026"
    assert "21" not in format_month(date(2026, 9, 21), Language.CY)
