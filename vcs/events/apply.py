"""Making an event's effect on a matched offender: a key stage told to the victims who chose to
hear (`vcs.sentence.key_stages`), key dates (`vcs.sentence.key_dates`), tasks and the timeline.

Every write is keyed by the event, so a copy of an event handled again makes nothing twice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from vcs.casework.tasks import add_task
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.timeline import record_event
from vcs.events.effects import URGENT, Effect
from vcs.events.matching import Unreadable
from vcs.events.schemas import HmppsEvent
from vcs.mappa.status import open_cases
from vcs.sentence.key_dates import apply_reported_dates
from vcs.sentence.key_stages import TELL_WORKING_DAYS, add_stage
from vcs.sentence.schemas import KeyStageKind

LONDON = ZoneInfo("Europe/London")
STAGES = {
    Effect.RELEASE: KeyStageKind.RELEASE,
    Effect.TEMPORARY_RELEASE: KeyStageKind.TEMPORARY_RELEASE,
    Effect.RECALL: KeyStageKind.RECALL,
    Effect.HOSPITAL_TRANSFER: KeyStageKind.HOSPITAL_TRANSFER,
}
WORDS = {
    Effect.RELEASE: "released from custody",
    Effect.TEMPORARY_RELEASE: "released on temporary licence",
    Effect.RECALL: "recalled to custody",
    Effect.HOSPITAL_TRANSFER: "transferred to hospital",
    Effect.RETURN_TO_CUSTODY: "back in custody",
    Effect.KEY_DATES_CHANGED: "release dates recalculated",
    Effect.MAPPA_REGISTRATION: "registered for MAPPA",
}
# Key dates an event may carry, and the key date each sets here.
REPORTED_DATES = {
    "releaseDate": "release_date",
    "conditionalReleaseDate": "release_date",
    "licenceExpiryDate": "licence_expiry",
    "sentenceExpiryDate": "sentence_expiry",
    "paroleEligibilityDate": "parole_eligibility",
    "tariffDate": "tariff_expiry",
}


def local(instant: datetime) -> datetime:
    return instant.astimezone(LONDON)


def in_words(instant: datetime) -> str:
    """ "10:04 on 6 December 2026", UK time."""
    at = local(instant)
    return f"{at:%H:%M} on {at.day} {at:%B %Y}"


def reported_dates(event: HmppsEvent) -> dict[str, date]:
    """The key dates carried in the event's additionalInformation (YYYY-MM-DD), where any."""
    found: dict[str, date] = {}
    for name, field in REPORTED_DATES.items():
        value = event.info(name)
        if value is None:
            continue
        try:
            found[field] = date.fromisoformat(value)
        except ValueError:
            raise Unreadable(f"{name} is not a date written as YYYY-MM-DD") from None
    return found


async def apply(
    event: HmppsEvent, effect: Effect, offender_id: int, actor: Actor, matched_by: str
) -> None:
    """Inside a write transaction: the effect of one event on one offender, made once."""
    on = local(event.occurred_at).date()
    stamp = event.occurred_at.astimezone(UTC).isoformat(timespec="seconds")
    key = f"event:{offender_id}:{effect.value}:{stamp}"
    source = f"Reported by HMPPS ({WORDS.get(effect, 'an event')}) at {in_words(event.occurred_at)}"
    if matched_by:
        source += f"; matched to this offender by {matched_by}"
    cases = await open_cases(offender_id)
    data: dict[str, Any] = {"event_type": event.event_type, "occurred_at": stamp}
    if effect in STAGES:
        stage = await add_stage(offender_id, STAGES[effect], on, actor, key=key, details=source)
        if stage is None:
            return  # another copy of this event made it already
        for case in cases:
            await record_event(case["id"], "hmpps_event", on, actor, source, data)
            if effect in URGENT and case["participation"] == "not_contacted":
                await add_task(
                    case["id"],
                    case["unit"],
                    "urgent_contact",
                    f"{key}:urgent:{case['id']}",
                    f"Urgent: the offender was {WORDS[effect]} and this victim has not yet "
                    "been contacted",
                    on,
                )
    elif effect is Effect.KEY_DATES_CHANGED:
        dates = reported_dates(event)
        if dates:
            await apply_reported_dates(offender_id, dates, on, actor, source, key)
            return
        for case in cases:
            if await add_task(
                case["id"],
                case["unit"],
                "check_key_dates",
                f"{key}:{case['id']}",
                "Check the key dates: HMPPS recalculated the release dates",
                on,
            ):
                await record_event(case["id"], "hmpps_event", on, actor, source, data)
    elif effect is Effect.MAPPA_REGISTRATION:
        due = clocks.calendar().add_working_days(on, TELL_WORKING_DAYS)
        for case in cases:
            if await add_task(
                case["id"],
                case["unit"],
                "check_mappa",
                f"{key}:{case['id']}",
                "Check the MAPPA category and level, and prepare the victim's views",
                due,
            ):
                await record_event(case["id"], "hmpps_event", on, actor, source, data)
    else:  # back in custody: the timeline only (the inbox handles each event once)
        for case in cases:
            await record_event(case["id"], "hmpps_event", on, actor, source, data)
