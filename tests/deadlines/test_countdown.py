"""Counting working days back from an event (the licence-condition forwarding clock)."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deadlines import MAX_AMOUNT, england_and_wales
from deadlines.countdown import working_days_before

CAL = england_and_wales()


@pytest.mark.parametrize(
    ("event", "n", "due"),
    [
        # Mon 23 Feb 2026: Fri 20 (1) .. Mon 16 (5), Fri 13 (6) .. Mon 9 Feb (10).
        pytest.param(date(2026, 2, 23), 10, date(2026, 2, 9), id="plain-fortnight"),
        # Mon 12 Jan 2026: Fri 9 (1) .. Mon 5 (5), Fri 2 (6), [Thu 1 Jan], Wed 31 (7),
        # Tue 30 (8), Mon 29 (9), [Fri 26, Thu 25 Dec], Wed 24 Dec 2025 (10).
        pytest.param(date(2026, 1, 12), 10, date(2025, 12, 24), id="over-christmas"),
        # Tue 7 Apr 2026, after Easter Monday 6 Apr and Good Friday 3 Apr 2026:
        # [Mon 6], Thu 2 (1), Wed 1 (2), Tue 31 Mar (3).
        pytest.param(date(2026, 4, 7), 3, date(2026, 3, 31), id="over-easter"),
        # An event on a Sunday: the working day before is Friday.
        pytest.param(date(2026, 3, 8), 1, date(2026, 3, 6), id="event-on-a-sunday"),
        pytest.param(date(2026, 3, 8), 0, date(2026, 3, 8), id="zero"),
    ],
)
def test_working_days_before(event: date, n: int, due: date) -> None:
    assert working_days_before(CAL, event, n) == due


@given(
    event=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
)
def test_counting_back_then_forward_reaches_the_last_working_day_before(
    event: date, n: int
) -> None:
    due = working_days_before(CAL, event, n)
    assert CAL.is_working_day(due)
    # Exactly n - 1 working days lie strictly between the due day and the event.
    assert CAL.working_days_between(due, event) == n - 1 + int(CAL.is_working_day(event))


@pytest.mark.parametrize("n", [-1, MAX_AMOUNT + 1])
def test_out_of_range_counts_are_refused(n: int) -> None:
    with pytest.raises(ValueError, match="count back"):
        working_days_before(CAL, date(2026, 3, 2), n)


def test_only_plain_dates() -> None:
    with pytest.raises(TypeError):
        working_days_before(CAL, datetime(2026, 3, 2, 9, 0), 1)  # type: ignore[arg-type]
