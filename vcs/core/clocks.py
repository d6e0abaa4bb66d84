"""The service's clocks: deadlines computed under the configured policy and calendar, their state
on a given day, and each case's most urgent unmet clock (`Case.next_due`).

Rules from the Victims' Code as set out in `deadlines/`; this module only stores and reads them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from deadlines import (
    Clock,
    DeadlinePolicy,
    DeadlineState,
    WorkingDayCalendar,
    compute_deadline,
    deadline_state,
    england_and_wales,
    policy_named,
)
from vcs.core.config import settings
from vcs.core.schemas import DeadlineOut
from vcs.core.tables import NO_CLOCK, Case, Deadline


def calendar() -> WorkingDayCalendar:
    """England-and-Wales bank holidays plus any one-off holidays configured as data."""
    return england_and_wales(settings.extra_bank_holidays)


def current_policy() -> DeadlinePolicy:
    return policy_named(settings.deadline_policy)


def due_soon_limit(today: date) -> date:
    """The last due date that counts as "due soon" on `today`."""
    return calendar().add_working_days(today, settings.due_soon_working_days)


def state_of(row: dict[str, Any], today: date) -> DeadlineState:
    return deadline_state(
        row["due"], row["met_on"], today, calendar(), settings.due_soon_working_days
    )


def deadline_out(row: dict[str, Any], today: date) -> DeadlineOut:
    """A stored clock as the API shows it, its state worked out for `today`."""
    return DeadlineOut(
        clock=row["clock"],
        due=row["due"],
        state=state_of(row, today),
        met_on=row["met_on"],
        policy=row["policy"],
        late_reason=row.get("late_reason") or "",
    )


def new_deadline(clock: Clock, starts_on: date, *, unit_id: int, **links: Any) -> Deadline:
    """A clock started today under the policy in force, which it records."""
    computed = compute_deadline(clock, starts_on, current_policy(), calendar())
    return Deadline(
        clock=clock.value,
        starts_on=starts_on,
        due=computed.due,
        policy=computed.policy,
        unit=unit_id,
        **links,
    )


async def refresh_next_due(case_id: int) -> None:
    """Keep `Case.next_due` equal to the earliest unmet clock of the case."""
    rows = (
        await Deadline.select(Deadline.due)
        .where((Deadline.case == case_id) & Deadline.met_on.is_null())
        .order_by(Deadline.due)
        .limit(1)
    )
    await Case.update({Case.next_due: rows[0]["due"] if rows else NO_CLOCK}).where(
        Case.id == case_id
    )
