"""Deadline states on a given day, and the most-urgent-first order."""

from datetime import date

import pytest

from deadlines import DeadlineState, deadline_state, england_and_wales, urgency_key

CAL = england_and_wales()

# The acceptance referral deadline: sentence Fri 19 Dec 2025, due Wed 7 Jan 2026.
XMAS_DUE = date(2026, 1, 7)
# A deadline with no bank holidays near it: due Tue 20 Jan 2026.
JAN_DUE = date(2026, 1, 20)


@pytest.mark.parametrize(
    ("due", "met_on", "today", "state"),
    [
        # Referral received Mon 5 Jan 2026, two days before the Wed 7 Jan due date.
        pytest.param(XMAS_DUE, date(2026, 1, 5), date(2026, 1, 5), DeadlineState.MET, id="met"),
        # Met on the due day itself is met.
        pytest.param(XMAS_DUE, XMAS_DUE, XMAS_DUE, DeadlineState.MET, id="met-on-due-day"),
        # Met the day after the due day is met late.
        pytest.param(
            XMAS_DUE, date(2026, 1, 8), date(2026, 1, 8), DeadlineState.MET_LATE, id="met-day-after"
        ),
        # A met deadline stays met however long after: today does not matter.
        pytest.param(
            XMAS_DUE, date(2026, 1, 5), date(2027, 6, 1), DeadlineState.MET, id="met-long-ago"
        ),
        pytest.param(
            XMAS_DUE, date(2026, 2, 2), date(2026, 1, 1), DeadlineState.MET_LATE, id="late-any-day"
        ),
        # Not met on the due day: due soon (0 working days left), not yet overdue.
        pytest.param(XMAS_DUE, None, XMAS_DUE, DeadlineState.DUE_SOON, id="due-day-itself"),
        # Not met the day after the due day: overdue.
        pytest.param(XMAS_DUE, None, date(2026, 1, 8), DeadlineState.OVERDUE, id="day-after-due"),
        # Overdue on a weekend too: Sat 10 Jan 2026.
        pytest.param(XMAS_DUE, None, date(2026, 1, 10), DeadlineState.OVERDUE, id="overdue-sat"),
        # Fri 2 Jan 2026: Mon 5, Tue 6, Wed 7 left = 3 working days (the default): due soon.
        pytest.param(XMAS_DUE, None, date(2026, 1, 2), DeadlineState.DUE_SOON, id="xmas-3-left"),
        # Wed 31 Dec 2025: [Thu 1 Jan bank holiday] Fri 2, Mon 5, Tue 6, Wed 7 = 4 left: pending.
        pytest.param(XMAS_DUE, None, date(2025, 12, 31), DeadlineState.PENDING, id="xmas-4-left"),
        # Thu 15 Jan 2026: Fri 16, [weekend], Mon 19, Tue 20 = 3 left: due soon (boundary N).
        pytest.param(JAN_DUE, None, date(2026, 1, 15), DeadlineState.DUE_SOON, id="3-left"),
        # Wed 14 Jan 2026: Thu 15, Fri 16, [weekend], Mon 19, Tue 20 = 4 left: pending (N+1).
        pytest.param(JAN_DUE, None, date(2026, 1, 14), DeadlineState.PENDING, id="4-left"),
        # Sat 17 Jan 2026: Mon 19, Tue 20 = 2 left: due soon.
        pytest.param(JAN_DUE, None, date(2026, 1, 17), DeadlineState.DUE_SOON, id="weekend"),
        # Sentence day itself: ten working days to go, pending.
        pytest.param(XMAS_DUE, None, date(2025, 12, 19), DeadlineState.PENDING, id="just-started"),
    ],
)
def test_deadline_state(due: date, met_on: date | None, today: date, state: DeadlineState) -> None:
    assert deadline_state(due, met_on, today, CAL) is state


@pytest.mark.parametrize(
    ("today", "due_soon_days", "state"),
    [
        # With due_soon_days=0 only the due day itself is due soon.
        pytest.param(JAN_DUE, 0, DeadlineState.DUE_SOON, id="zero-due-day"),
        pytest.param(date(2026, 1, 19), 0, DeadlineState.PENDING, id="zero-day-before"),
        # With 5: Tue 13 Jan has Wed 14 .. Fri 16, Mon 19, Tue 20 = 5 left: due soon.
        pytest.param(date(2026, 1, 13), 5, DeadlineState.DUE_SOON, id="five-boundary"),
        # Mon 12 Jan has 6 left: pending.
        pytest.param(date(2026, 1, 12), 5, DeadlineState.PENDING, id="five-plus-one"),
    ],
)
def test_due_soon_days_is_configurable(
    today: date, due_soon_days: int, state: DeadlineState
) -> None:
    assert deadline_state(JAN_DUE, None, today, CAL, due_soon_days=due_soon_days) is state


def test_negative_due_soon_days_are_refused() -> None:
    with pytest.raises(ValueError, match="due_soon_days"):
        deadline_state(JAN_DUE, None, date(2026, 1, 12), CAL, due_soon_days=-1)


def test_urgency_key_sorts_most_urgent_first() -> None:
    rows = [
        (DeadlineState.MET, date(2026, 1, 2)),
        (DeadlineState.PENDING, date(2026, 2, 2)),
        (DeadlineState.OVERDUE, date(2026, 1, 9)),
        (DeadlineState.MET_LATE, date(2026, 1, 1)),
        (DeadlineState.DUE_SOON, date(2026, 1, 20)),
        (DeadlineState.OVERDUE, date(2026, 1, 7)),
        (DeadlineState.PENDING, date(2026, 1, 30)),
        (DeadlineState.DUE_SOON, date(2026, 1, 19)),
    ]
    assert sorted(rows, key=lambda row: urgency_key(*row)) == [
        (DeadlineState.OVERDUE, date(2026, 1, 7)),
        (DeadlineState.OVERDUE, date(2026, 1, 9)),
        (DeadlineState.DUE_SOON, date(2026, 1, 19)),
        (DeadlineState.DUE_SOON, date(2026, 1, 20)),
        (DeadlineState.PENDING, date(2026, 1, 30)),
        (DeadlineState.PENDING, date(2026, 2, 2)),
        (DeadlineState.MET_LATE, date(2026, 1, 1)),
        (DeadlineState.MET, date(2026, 1, 2)),
    ]


def test_urgency_key_values() -> None:
    due = date(2026, 1, 7)
    assert urgency_key(DeadlineState.OVERDUE, due) == (0, due)
    assert urgency_key(DeadlineState.DUE_SOON, due) == (1, due)
    assert urgency_key(DeadlineState.PENDING, due) == (2, due)
    assert urgency_key(DeadlineState.MET_LATE, due) == (3, due)
    assert urgency_key(DeadlineState.MET, due) == (4, due)


def test_states_are_the_api_strings() -> None:
    assert [s.value for s in DeadlineState] == [
        "pending",
        "due_soon",
        "overdue",
        "met",
        "met_late",
    ]
