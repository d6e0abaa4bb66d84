"""The annual contact clock: 12 calendar months after the last contact, and the window in which
a contact counts as the annual one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deadlines.annual import annual_contact_due, meets_annual_contact


@pytest.mark.parametrize(
    ("anchor", "due"),
    [
        (date(2026, 1, 12), date(2027, 1, 12)),
        (date(2026, 12, 31), date(2027, 12, 31)),
        (date(2024, 2, 29), date(2025, 2, 28)),  # no 29 February in 2025
        (date(2027, 2, 28), date(2028, 2, 28)),
        (date(2027, 3, 1), date(2028, 3, 1)),  # over a 29 February
    ],
)
def test_the_annual_contact_is_due_12_months_later(anchor: date, due: date) -> None:
    assert annual_contact_due(anchor) == due


@pytest.mark.parametrize(
    ("contact_on", "met"),
    [
        (date(2027, 1, 12), True),  # on the day
        (date(2027, 3, 1), True),  # late, still the annual contact
        (date(2026, 12, 15), True),  # 28 days before
        (date(2026, 12, 14), False),  # 29 days before: another contact
    ],
)
def test_a_contact_in_the_window_meets_it(contact_on: date, met: bool) -> None:
    assert meets_annual_contact(date(2027, 1, 12), contact_on, 28) is met


def test_a_negative_window_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        meets_annual_contact(date(2027, 1, 12), date(2027, 1, 12), -1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_due_is_always_between_365_and_366_days_later(anchor: date) -> None:
    gap = annual_contact_due(anchor) - anchor
    assert timedelta(days=365) <= gap <= timedelta(days=366)
    assert annual_contact_due(anchor).month == anchor.month


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=90),
    st.integers(min_value=-400, max_value=400),
)
def test_a_contact_after_the_due_date_always_meets_it(due: date, window: int, shift: int) -> None:
    contact = due + timedelta(days=shift)
    assert meets_annual_contact(due, contact, window) is (shift >= -window)
