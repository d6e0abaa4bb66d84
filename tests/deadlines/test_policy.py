"""Deadline policies: working days (default) or calendar weeks, and their stored codes."""

from datetime import date

import pytest

from deadlines import (
    CALENDAR_WEEKS,
    DEFAULT_POLICY,
    WORKING_DAYS,
    Clock,
    Deadline,
    DeadlinePolicy,
    compute_deadline,
    england_and_wales,
    policy_named,
)

CAL = england_and_wales()


def test_standard_policies() -> None:
    assert DEFAULT_POLICY is WORKING_DAYS
    assert WORKING_DAYS.amount(Clock.REFERRAL) == 10
    assert WORKING_DAYS.amount(Clock.FIRST_CONTACT) == 20
    assert CALENDAR_WEEKS.amount(Clock.REFERRAL) == 2
    assert CALENDAR_WEEKS.amount(Clock.FIRST_CONTACT) == 4
    assert policy_named("working_days") is WORKING_DAYS
    assert policy_named("calendar_weeks") is CALENDAR_WEEKS


@pytest.mark.parametrize("name", ["", "working days", "WORKING_DAYS", "weeks", "10"])
def test_unknown_policy_name_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unknown deadline policy"):
        policy_named(name)


@pytest.mark.parametrize(
    ("policy", "code"),
    [
        pytest.param(WORKING_DAYS, "working_days:referral=10,first_contact=20", id="working"),
        pytest.param(CALENDAR_WEEKS, "calendar_weeks:referral=2,first_contact=4", id="weeks"),
        pytest.param(
            DeadlinePolicy("working_days", 15, 30),
            "working_days:referral=15,first_contact=30",
            id="custom-working-days",
        ),
    ],
)
def test_policy_code_round_trip(policy: DeadlinePolicy, code: str) -> None:
    assert policy.code == code
    assert DeadlinePolicy.from_code(code) == policy


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("", id="empty"),
        pytest.param("working_days", id="kind-only"),
        pytest.param("working_days:referral=10", id="missing-first-contact"),
        pytest.param("working_days:first_contact=20,referral=10", id="wrong-order"),
        pytest.param("hours:referral=10,first_contact=20", id="unknown-kind"),
        pytest.param("working_days:referral=0,first_contact=20", id="zero"),
        pytest.param("working_days:referral=-1,first_contact=20", id="negative"),
        pytest.param("working_days:referral=010,first_contact=20", id="leading-zero"),
        pytest.param("working_days:referral=1000,first_contact=20", id="too-large"),
        pytest.param("working_days:referral=١٠,first_contact=20", id="non-ascii-digits"),
        pytest.param(" working_days:referral=10,first_contact=20", id="leading-space"),
        pytest.param("working_days:referral=10,first_contact=20\n", id="trailing-newline"),
        pytest.param("WORKING_DAYS:referral=10,first_contact=20", id="upper-case"),
    ],
)
def test_from_code_rejects_garbage(code: str) -> None:
    with pytest.raises(ValueError, match="not a deadline policy code"):
        DeadlinePolicy.from_code(code)


def test_from_code_rejects_non_strings() -> None:
    with pytest.raises(ValueError):
        DeadlinePolicy.from_code(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "referral", "first_contact"),
    [
        pytest.param("hours", 10, 20, id="unknown-kind"),
        pytest.param("working_days", 0, 20, id="zero-referral"),
        pytest.param("working_days", 10, -4, id="negative-first-contact"),
        pytest.param("calendar_weeks", 1000, 4, id="too-large"),
        pytest.param("calendar_weeks", True, 4, id="bool-is-not-a-number"),
    ],
)
def test_invalid_policies_are_refused(kind: str, referral: int, first_contact: int) -> None:
    with pytest.raises(ValueError):
        DeadlinePolicy(kind, referral, first_contact)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("clock", "start", "due"),
    [
        # Sentence Fri 19 Dec 2025 + 2 weeks = Fri 2 Jan 2026, a working day.
        pytest.param(Clock.REFERRAL, date(2025, 12, 19), date(2026, 1, 2), id="xmas-2025-lands"),
        # Referral Mon 5 Jan 2026 + 4 weeks = Mon 2 Feb 2026.
        pytest.param(Clock.FIRST_CONTACT, date(2026, 1, 5), date(2026, 2, 2), id="plain-4-weeks"),
        # Sentence Fri 12 Dec 2025 + 2 weeks = Fri 26 Dec 2025, Boxing Day: rolled forward over
        # the weekend to Mon 29 Dec 2025.
        pytest.param(Clock.REFERRAL, date(2025, 12, 12), date(2025, 12, 29), id="boxing-day-roll"),
        # Sentence Thu 11 Dec 2025 + 2 weeks = Christmas Day: rolled past Boxing Day and the
        # weekend to Mon 29 Dec 2025.
        pytest.param(Clock.REFERRAL, date(2025, 12, 11), date(2025, 12, 29), id="christmas-roll"),
        # Sentence Fri 11 Dec 2026 + 2 weeks = Fri 25 Dec 2026: past Sat 26, Sun 27 and the
        # substitute Mon 28 to Tue 29 Dec 2026.
        pytest.param(Clock.REFERRAL, date(2026, 12, 11), date(2026, 12, 29), id="xmas-2026-roll"),
        # Sentence Fri 20 Mar 2026 + 2 weeks = Good Friday 3 Apr 2026: past the weekend and
        # Easter Monday to Tue 7 Apr 2026.
        pytest.param(Clock.REFERRAL, date(2026, 3, 20), date(2026, 4, 7), id="good-friday-roll"),
        # Referral received Easter Monday 6 Apr 2026 + 4 weeks = Mon 4 May 2026, May Day:
        # rolled to Tue 5 May 2026.
        pytest.param(Clock.FIRST_CONTACT, date(2026, 4, 6), date(2026, 5, 5), id="may-day-roll"),
        # A weekend start lands on a weekend: Sat 10 Jan 2026 + 2 weeks = Sat 24 Jan, so Mon 26.
        pytest.param(Clock.REFERRAL, date(2026, 1, 10), date(2026, 1, 26), id="weekend-roll"),
        # Across the leap day: Fri 25 Feb 2028 + 2 weeks = Fri 10 Mar 2028.
        pytest.param(Clock.REFERRAL, date(2028, 2, 25), date(2028, 3, 10), id="leap-2028"),
    ],
)
def test_calendar_weeks_policy(clock: Clock, start: date, due: date) -> None:
    assert CALENDAR_WEEKS.due(clock, start, CAL) == due


@pytest.mark.parametrize(
    ("clock", "start", "due"),
    [
        # The acceptance example (counted by hand in test_working_days.py).
        pytest.param(Clock.REFERRAL, date(2025, 12, 19), date(2026, 1, 7), id="referral"),
        pytest.param(Clock.FIRST_CONTACT, date(2026, 1, 5), date(2026, 2, 2), id="first-contact"),
    ],
)
def test_working_days_policy(clock: Clock, start: date, due: date) -> None:
    assert WORKING_DAYS.due(clock, start, CAL) == due


def test_amount_accepts_a_stored_clock_value_and_refuses_others() -> None:
    assert WORKING_DAYS.amount("referral") == 10  # type: ignore[arg-type]
    assert WORKING_DAYS.amount("first_contact") == 20  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        WORKING_DAYS.amount("parole")  # type: ignore[arg-type]


def test_compute_deadline_records_the_policy() -> None:
    deadline = compute_deadline(Clock.REFERRAL, date(2025, 12, 19), DEFAULT_POLICY, CAL)
    assert deadline == Deadline(
        clock=Clock.REFERRAL,
        start=date(2025, 12, 19),
        due=date(2026, 1, 7),
        policy="working_days:referral=10,first_contact=20",
    )


@pytest.mark.parametrize("policy", [WORKING_DAYS, CALENDAR_WEEKS], ids=["working", "weeks"])
@pytest.mark.parametrize("clock", list(Clock))
def test_stored_deadline_is_reproduced_from_its_policy_code(
    policy: DeadlinePolicy, clock: Clock
) -> None:
    stored = compute_deadline(clock, date(2025, 12, 12), policy, CAL)
    assert DeadlinePolicy.from_code(stored.policy).due(clock, stored.start, CAL) == stored.due


def test_changing_the_configured_policy_does_not_move_a_stored_deadline() -> None:
    # Computed under working days; the service later switches to calendar weeks.
    stored = compute_deadline(Clock.REFERRAL, date(2025, 12, 19), WORKING_DAYS, CAL)
    recomputed_under_new_policy = compute_deadline(
        Clock.REFERRAL, stored.start, CALENDAR_WEEKS, CAL
    )
    assert recomputed_under_new_policy.due == date(2026, 1, 2)
    assert stored.due == date(2026, 1, 7)
    assert DeadlinePolicy.from_code(stored.policy).due(stored.clock, stored.start, CAL) == (
        date(2026, 1, 7)
    )
