"""Drafting a letter in two steps: first which letter (in people's words, with when each is
used), then a form with only that letter's details. Dates the sentence record already holds are
filled in for the VLO to check: the release date, the parole hearing still to come, and the day
the licence (and so its conditions) ends."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.web.params import AuthedRequest
from letters import Template as LetterTemplate
from vcs.offender_side import sentence

CHOICES = frozenset(t.value for t in LetterTemplate)
# Where a letter's date detail is found in the sentence record, when it is recorded.
FROM_KEY_DATES = {"fields.release_date": "release_date", "fields.conditions_end": "licence_expiry"}


def chosen(template: str) -> str | None:
    """The letter asked for, if it is one the service drafts."""
    return template if template in CHOICES else None


def _as_date_input(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


async def prefilled(
    request: AuthedRequest, offender_id: int, details: tuple[str, ...]
) -> dict[str, str]:
    """The letter's date details as the sentence record holds them (nothing for a date it does
    not hold), as the date inputs' boxes."""
    wanted = [name for name in details if name in FROM_KEY_DATES or name == "fields.hearing_date"]
    if not wanted:
        return {}
    values: dict[str, str] = {}
    dates = await sentence.get_key_dates(request.user, offender_id, 0, 0)
    for name in wanted:
        recorded: Any = getattr(dates, FROM_KEY_DATES[name]) if name in FROM_KEY_DATES else None
        if name == "fields.hearing_date":
            recorded = await _next_hearing(request, offender_id)
        if isinstance(recorded, date):
            values.update(_as_date_input(name, recorded))
    return values


async def _next_hearing(request: AuthedRequest, offender_id: int) -> date | None:
    """The parole hearing still to come, from the newest key stage that set one."""
    stages = await sentence.offender_stages(request.user, offender_id, 20, 0)
    today = request.app.state.today()
    hearings = [s.hearing_date for s in stages.items if s.hearing_date and s.hearing_date >= today]
    return hearings[0] if hearings else None
