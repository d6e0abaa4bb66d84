"""Pure rules for the Victims' Code clocks: working days, deadline policies, deadline states.

Only ``datetime.date`` and plain data: no I/O, no clock, no database, no web.
"""

from deadlines.calendar import ADDITIONAL_BANK_HOLIDAY, WorkingDayCalendar, england_and_wales
from deadlines.policy import (
    CALENDAR_WEEKS,
    DEFAULT_POLICY,
    MAX_AMOUNT,
    WORKING_DAYS,
    Clock,
    Deadline,
    DeadlinePolicy,
    PolicyKind,
    compute_deadline,
    policy_named,
)
from deadlines.status import DEFAULT_DUE_SOON_DAYS, DeadlineState, deadline_state, urgency_key

__all__ = [
    "ADDITIONAL_BANK_HOLIDAY",
    "CALENDAR_WEEKS",
    "DEFAULT_DUE_SOON_DAYS",
    "DEFAULT_POLICY",
    "MAX_AMOUNT",
    "WORKING_DAYS",
    "Clock",
    "Deadline",
    "DeadlinePolicy",
    "DeadlineState",
    "PolicyKind",
    "WorkingDayCalendar",
    "compute_deadline",
    "deadline_state",
    "england_and_wales",
    "policy_named",
    "urgency_key",
]
