"""MAPPA: the offender's category and level over time and level 2 and 3 meetings; and what
the other MAPPA and key-stage modules share: who may act for an offender, the offender's open
cases (each co-victim), the sentence's key dates with the history of every change, and the
check that words going to the offender side hold no victim's contact details.

Multi-agency public protection arrangements (Criminal Justice Act 2003, ss.325-327; MAPPA
Guidance): victims never attend a meeting; before a level 2 or 3 meeting the VLO submits each
opted-in victim's views, due a number of working days before it (`VCS_MAPPA_VIEWS_WORKING_DAYS`,
default 5; domain.md section 6). Submitting the views and the pack are in `vcs.mappa.pack`.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from deadlines.countdown import working_days_before
from vcs.casework.unit_scope import viewing_offender
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, StaleVersion
from vcs.core.tables import Case, Deadline, Offender, Sentence
from vcs.core.timeline import record_event
from vcs.core.words import long_date
from vcs.mappa.schemas import MappaHistory, MappaIn, MappaStatusOut, MeetingIn, MeetingOut
from vcs.mappa.tables import MappaMeeting, MappaStatus, MeetingVictimView
from vcs.sentence.tables import KeyDateChange, KeyDates

VIEWS_CLOCK = "mappa_views"
VIEWS_WORKING_DAYS = int(os.environ.get("VCS_MAPPA_VIEWS_WORKING_DAYS", "5"))


async def require_offender(actor: Actor, offender_id: int, *roles: Role) -> dict[str, Any]:
    """The offender, for their own offender manager or a Victim Liaison Unit with a case for
    them, among the `roles` given; anyone else is refused."""
    offender = await Offender.select().where(Offender.id == offender_id).first()
    if offender is None:
        raise NotFound("There is no offender with this number")
    if actor.role not in roles:
        raise PermissionDenied("Your role cannot do this for an offender")
    if actor.role is Role.OFFENDER_MANAGER:
        if offender["offender_manager"] == actor.user_id:
            return dict(offender)
    elif viewing_offender(actor, offender_id) or await Case.exists().where(
        (Case.offender == offender_id) & (Case.unit == actor.unit_id)
    ):
        return dict(offender)
    raise PermissionDenied("This offender is not one of yours, nor has your unit a case for them")


async def open_cases(offender_id: int) -> list[dict[str, Any]]:
    """Every open case of the offender, whichever unit holds it: each co-victim, oldest first."""
    rows: list[dict[str, Any]] = await (
        Case.select(
            Case.id,
            Case.unit,
            Case.unit.code,
            Case.participation,
            Case.participation_level,
            Case.victim,
            Case.victim.name,
            Case.victim.relationship,
        )
        .where((Case.offender == offender_id) & (Case.state == "open"))
        .order_by(Case.id)
    )
    return rows


async def on_every_case(
    offender_id: int, kind: str, on: date, actor: Actor, summary: str, data: dict[str, Any]
) -> None:
    """A change to the offender is an event on the timeline of each of their open cases."""
    for case in await open_cases(offender_id):
        await record_event(case["id"], kind, on, actor, summary, data)


async def key_dates_row(offender_id: int) -> dict[str, Any]:
    """Inside a write transaction: the offender's key dates, made (all unknown) for their latest
    sentence if none were recorded yet."""
    row = await KeyDates.select().where(KeyDates.offender == offender_id).first()
    if row is not None:
        return dict(row)
    sentence = await (
        Sentence.select(Sentence.id)
        .where(Sentence.offender == offender_id)
        .order_by(Sentence.sentenced_on, ascending=False)
        .order_by(Sentence.id, ascending=False)
        .first()
    )
    await KeyDates(offender=offender_id, sentence=sentence["id"] if sentence else None).save()
    return await key_dates_row(offender_id)


async def write_key_dates(
    offender_id: int, values: dict[str, Any], on: date, actor: Actor, source: str, **link: Any
) -> dict[str, tuple[Any, Any]]:
    """Inside a write transaction: set key dates of the offender's sentence, recording each one
    that changed (before, after, why). `link` may carry the `version` read and a `bulk_change`."""
    version = link.pop("version", None)
    row = await key_dates_row(offender_id)
    if version is not None and version != row["version"]:
        raise StaleVersion(
            "Someone else changed these key dates since you read them. Nothing was saved",
            extra={"current_version": row["version"]},
        )
    changes = {f: (row[f], v) for f, v in values.items() if row[f] != v}
    if changes:
        await KeyDates.update(
            {KeyDates.version: row["version"] + 1, KeyDates.updated_by: actor.username},
            **values,
        ).where(KeyDates.offender == offender_id)
        await KeyDateChange.insert(
            *[
                KeyDateChange(
                    offender=offender_id,
                    field=f,
                    old_value=None if old is None else str(old),
                    new_value=None if new is None else str(new),
                    on=on,
                    source=source,
                    recorded_by=actor.username,
                    **link,
                )
                for f, (old, new) in changes.items()
            ]
        )
    return changes


async def current_mappa(offender_id: int) -> MappaStatusOut | None:
    """The MAPPA category and level in force: the latest by the date it applies from."""
    row = await (
        MappaStatus.select()
        .where(MappaStatus.offender == offender_id)
        .order_by(MappaStatus.from_date, ascending=False)
        .order_by(MappaStatus.id, ascending=False)
        .first()
    )
    return MappaStatusOut(**row) if row else None


async def set_mappa(actor: Actor, offender_id: int, data: MappaIn, today: date) -> MappaHistory:
    """Record the offender's MAPPA category (1 registered sexual offenders, 2 violent, 3 other
    dangerous, 4 terrorism) and level (1 to 3) from a date; the history is kept (MAPPA
    Guidance). A VLU manager with a case for the offender, or their offender manager."""
    async with write_transaction():
        await require_offender(actor, offender_id, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
        lead = data.lead_agency.value if data.lead_agency else None
        await MappaStatus.insert(
            MappaStatus(
                offender=offender_id,
                category=data.category,
                level=data.level,
                lead_agency=lead,
                from_date=data.from_,
                recorded_by=actor.username,
            )
        )
        summary = f"MAPPA category {data.category}, level {data.level} from {long_date(data.from_)}"
        await on_every_case(
            offender_id,
            "mappa_changed",
            today,
            actor,
            summary,
            {"category": data.category, "level": data.level, "lead_agency": lead},
        )
    return await mappa_history(actor, offender_id, 50, 0)


async def mappa_history(actor: Actor, offender_id: int, limit: int, offset: int) -> MappaHistory:
    """The offender's MAPPA category and level over time, by date."""
    await require_offender(actor, offender_id, Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
    where = MappaStatus.offender == offender_id
    rows = await (
        MappaStatus.select()
        .where(where)
        .order_by(MappaStatus.from_date)
        .order_by(MappaStatus.id)
        .limit(limit)
        .offset(offset)
    )
    return MappaHistory(
        offender_id=offender_id,
        current=await current_mappa(offender_id),
        items=[MappaStatusOut(**r) for r in rows],
        total=await MappaStatus.count().where(where),
        limit=limit,
        offset=offset,
    )


async def create_meeting(actor: Actor, data: MeetingIn, today: date) -> MeetingOut:
    """Arrange a level 2 or 3 MAPPA meeting: each opted-in victim's views fall due N working
    days before it, a clock on their case (shown in the caseload)."""
    if data.on < today:
        raise InvalidInput.on("on", "A meeting cannot be arranged in the past")
    due = working_days_before(clocks.calendar(), data.on, VIEWS_WORKING_DAYS)
    async with write_transaction():
        await require_offender(actor, data.offender_id, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
        await serialise_on(f"mappa-meetings:{data.offender_id}")
        same_day = (MappaMeeting.offender == data.offender_id) & (MappaMeeting.on == data.on)
        if await MappaMeeting.exists().where(same_day):
            raise Conflict("A MAPPA meeting about this offender is already arranged that day")
        meeting = MappaMeeting(
            offender=data.offender_id,
            level=data.level,
            on=data.on,
            views_due=due,
            created_by=actor.username,
        )
        await meeting.save()
        cases = await open_cases(data.offender_id)
        invited = [c for c in cases if c["participation"] == "opted_in"]
        for case in invited:
            await _await_views(meeting, case, today, actor)
    return MeetingOut(
        id=meeting.id,
        offender_id=data.offender_id,
        level=data.level,
        on=data.on,
        views_due=due,
        victims_invited=len(invited),
    )


async def _await_views(
    meeting: MappaMeeting, case: dict[str, Any], today: date, actor: Actor
) -> None:
    """A views clock on the victim's case (shown in the caseload), and a place for the views."""
    clock = Deadline(
        clock=VIEWS_CLOCK,
        case=case["id"],
        unit=case["unit"],
        starts_on=today,
        due=meeting.views_due,
        policy=f"working_days_before:{VIEWS_CLOCK}={VIEWS_WORKING_DAYS}",
    )
    await clock.save()
    key = f"{meeting.id}:{case['id']}"
    await MeetingVictimView(meeting=meeting.id, case=case["id"], key=key, deadline=clock.id).save()
    await clocks.refresh_next_due(case["id"])
    on, due = long_date(meeting.on), long_date(meeting.views_due)
    summary = f"MAPPA level {meeting.level} meeting on {on}: views due {due}"
    await record_event(
        case["id"], "mappa_meeting_arranged", today, actor, summary, {"meeting": meeting.id}
    )


async def load_meeting(meeting_id: int) -> dict[str, Any]:
    """The meeting, or NotFound."""
    row = await MappaMeeting.select().where(MappaMeeting.id == meeting_id).first()
    if row is None:
        raise NotFound("There is no MAPPA meeting with this number")
    return dict(row)
