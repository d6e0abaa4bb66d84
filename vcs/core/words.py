"""Dates as the service writes them in timeline entries and tasks: "6 December 2026"."""

from __future__ import annotations

from datetime import date

from letters import Language
from letters.dates import format_long_date


def long_date(day: date | str) -> str:
    """A date written out as people write it, never as 2026-12-06."""
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return format_long_date(value, Language.EN)
