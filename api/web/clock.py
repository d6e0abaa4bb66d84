"""Reading "today" from the clock happens here, once per request, and is passed down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
Today = Callable[[], date]
Now = Callable[[], datetime]


def london_today() -> date:
    """Today's date in England and Wales (Europe/London), which decides every deadline."""
    return datetime.now(LONDON).date()


def utc_now() -> datetime:
    return datetime.now(UTC)
