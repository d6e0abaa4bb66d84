"""The sentence through the door: its key dates, and its key stages with whether every co-victim
has been told.

Key dates are facts about the offender's sentence, holding no victim fact: they are passed
through from `vcs.sentence.key_dates`. A key stage is shown to the offender manager with how many
co-victims are to be told and have been, never who (the Victim Liaison Units see each victim's
task, through `vcs.sentence.key_stage_views`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.core.actors import Actor
from vcs.core.schemas import Page
from vcs.mappa.status import require_offender
from vcs.sentence import key_dates, key_stage_views, key_stages
from vcs.sentence.key_stage_views import READERS
from vcs.sentence.schemas import KeyDatesIn, KeyDatesOut, KeyStageIn, KeyStageOut


async def get_key_dates(actor: Actor, offender_id: int, limit: int, offset: int) -> KeyDatesOut:
    """The sentence's key dates and their history (`vcs.sentence.key_dates.get_key_dates`)."""
    return await key_dates.get_key_dates(actor, offender_id, limit, offset)


async def set_key_dates(
    actor: Actor, offender_id: int, data: KeyDatesIn, today: date
) -> KeyDatesOut:
    """Replace the sentence's key dates (`vcs.sentence.key_dates.set_key_dates`)."""
    return await key_dates.set_key_dates(actor, offender_id, data, today)


def _stage(stage: dict[str, Any], told_on: list[date | None]) -> KeyStageOut:
    state, told, together = key_stage_views.told_state(told_on)
    return KeyStageOut(
        id=stage["id"],
        offender_id=stage["offender"],
        kind=stage["kind"],
        on=stage["on"],
        details=stage["details"],
        hearing_date=stage["hearing_date"],
        new_release_date=stage["new_release_date"],
        recorded_by=stage["recorded_by"],
        reconsideration_until=key_stage_views.reconsideration_until(stage),
        to_tell=len(told_on),
        told=told,
        state=state,
        told_together=together,
        victims=None,
    )


async def _stages(
    offender_id: int, limit: int, offset: int, stage_id: int | None = None
) -> Page[KeyStageOut]:
    rows, total = await key_stage_views.stage_rows(offender_id, limit, offset, stage_id)
    told = await key_stage_views.days_told([r["id"] for r in rows])
    items = [_stage(r, told[r["id"]]) for r in rows]
    return Page[KeyStageOut](items=items, total=total, limit=limit, offset=offset)


async def offender_stages(
    actor: Actor, offender_id: int, limit: int, offset: int
) -> Page[KeyStageOut]:
    """The offender's key stages, newest first: for a Victim Liaison Unit with each of its
    victims' tasks; for the offender manager, only how many are to be told and have been."""
    if actor.does_casework:
        return await key_stage_views.offender_stages(actor, offender_id, limit, offset)
    await require_offender(actor, offender_id, *READERS)
    return await _stages(offender_id, limit, offset)


async def key_stage(actor: Actor, offender_id: int, stage_id: int) -> KeyStageOut:
    """One key stage, with whether every co-victim has been told (for the offender manager,
    how many, never who)."""
    if actor.does_casework:
        return await key_stage_views.key_stage(actor, offender_id, stage_id)
    await require_offender(actor, offender_id, *READERS)
    return (await _stages(offender_id, 1, 0, stage_id)).items[0]


async def record_key_stage(
    actor: Actor, offender_id: int, data: KeyStageIn, today: date
) -> KeyStageOut:
    """Record a key stage (`vcs.sentence.key_stages.record_key_stage`): every co-victim to be
    told gets a task at once. The stage is given back as the caller may see it."""
    recorded = await key_stages.record_key_stage(actor, offender_id, data, today)
    if actor.does_casework:
        return recorded
    return await key_stage(actor, offender_id, recorded.id)
