"""Reading key stages: one stage, the offender's, the case's, and the unit's dashboard, each
with whether every co-victim has been told: nobody to tell, not told, partially told (some told
and others not yet) or told, and whether all were told on the same day (told together). Victims
are named only to their own unit. A parole decision may be reconsidered within 21 days (Parole
Board Rules 2019, r.28): the window is shown with it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vcs.casework.unit_scope import case_in_unit, require_casework
from vcs.core.actors import Actor, Role
from vcs.core.errors import NotFound
from vcs.core.schemas import Page
from vcs.mappa.status import require_offender
from vcs.sentence.schemas import CaseKeyStage, KeyStageKind, KeyStageOut, ToldState, VictimToTell
from vcs.sentence.tables import KeyStage, KeyStageNotice

RECONSIDERATION_DAYS = 21
READERS = (Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)


async def _stage(offender_id: int, stage_id: int) -> dict[str, Any]:
    row = await KeyStage.select().where(KeyStage.id == stage_id).first()
    if row is None or row["offender"] != offender_id:
        raise NotFound("There is no such key stage for this offender")
    return dict(row)


async def _views(actor: Actor, stages: list[dict[str, Any]]) -> list[KeyStageOut]:
    """Each stage with who is to be told and who has been; victims named for their own unit."""
    ids = [s["id"] for s in stages] or [0]
    rows = await (
        KeyStageNotice.select(
            KeyStageNotice.stage,
            KeyStageNotice.case,
            KeyStageNotice.level,
            KeyStageNotice.task,
            KeyStageNotice.task.due,
            KeyStageNotice.task.done_on,
            KeyStageNotice.case.unit,
            KeyStageNotice.case.unit.code,  # type: ignore[union-attr]
            KeyStageNotice.case.victim.name,  # type: ignore[union-attr]
        )
        .where(KeyStageNotice.stage.is_in(ids))
        .order_by(KeyStageNotice.id)
    )
    unit = actor.unit_id if actor.does_casework else None
    return [
        stage_out(s, [r for r in rows if r["stage"] == s["id"]], unit, actor.does_casework)
        for s in stages
    ]


def _victim(n: dict[str, Any], unit_id: int | None) -> VictimToTell:
    own = n["case.unit"] == unit_id
    return VictimToTell(
        case_id=n["case"] if own else None,
        victim_name=n["case.victim.name"] if own else None,
        unit_code=n["case.unit.code"],
        level=n["level"],
        task_id=n["task"] if own else None,
        due=n["task.due"],
        told_on=n["task.done_on"],
    )


def told_state(told_on: list[date | None]) -> tuple[ToldState, int, bool]:
    """From each co-victim's day told (None: not yet): nobody to tell, not told, partially told
    or told; how many were told; whether all were told on the same day (told together)."""
    told = [d for d in told_on if d]
    if not told_on:
        state = ToldState.NOBODY_TO_TELL
    elif not told:
        state = ToldState.NOT_TOLD
    else:
        state = ToldState.TOLD if len(told) == len(told_on) else ToldState.PARTIALLY_TOLD
    return state, len(told), state is ToldState.TOLD and len(set(told)) == 1


def reconsideration_until(stage: dict[str, Any]) -> date | None:
    """The last day a parole decision may be asked to be reconsidered (21 days, r.28)."""
    decision = stage["kind"] == KeyStageKind.PAROLE_DECISION
    on: date = stage["on"]
    return on + timedelta(RECONSIDERATION_DAYS) if decision else None


def stage_out(
    stage: dict[str, Any], notices: list[dict[str, Any]], unit_id: int | None, show: bool
) -> KeyStageOut:
    """A stage and whether its co-victims have been told: none, some (partially told) or all,
    and whether all on the same day (told together)."""
    state, told, together = told_state([n["task.done_on"] for n in notices])
    return KeyStageOut(
        **{k: stage[k] for k in ("id", "kind", "on", "details", "hearing_date", "recorded_by")},
        offender_id=stage["offender"],
        new_release_date=stage["new_release_date"],
        reconsideration_until=reconsideration_until(stage),
        to_tell=len(notices),
        told=told,
        state=state,
        told_together=together,
        victims=[_victim(n, unit_id) for n in notices] if show else None,
    )


async def stage_rows(
    offender_id: int, limit: int, offset: int, stage_id: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """The offender's key stages, newest first (or the one asked for: NotFound if the
    offender has no such stage), and how many there are."""
    if stage_id is not None:
        return [await _stage(offender_id, stage_id)], 1
    where = KeyStage.offender == offender_id
    rows = await _newest_first(where).limit(limit).offset(offset)
    return [dict(r) for r in rows], int(await KeyStage.count().where(where))


async def days_told(stage_ids: list[int]) -> dict[int, list[date | None]]:
    """For each stage, the day each co-victim to be told was told (None: not yet); no victim
    is named."""
    rows = await (
        KeyStageNotice.select(KeyStageNotice.stage, KeyStageNotice.task.done_on)
        .where(KeyStageNotice.stage.is_in(stage_ids or [0]))
        .order_by(KeyStageNotice.id)
    )
    found: dict[int, list[date | None]] = {i: [] for i in stage_ids}
    for r in rows:
        found[r["stage"]].append(r["task.done_on"])
    return found


async def key_stage(actor: Actor, offender_id: int, stage_id: int) -> KeyStageOut:
    """One key stage with each co-victim's task: told, or not yet."""
    await require_offender(actor, offender_id, *READERS)
    return await read_stage(actor, offender_id, stage_id)


async def read_stage(actor: Actor, offender_id: int, stage_id: int) -> KeyStageOut:
    """The offender's stage as the actor may see it; NotFound if the offender has no such stage."""
    return (await _views(actor, [await _stage(offender_id, stage_id)]))[0]


async def offender_stages(
    actor: Actor, offender_id: int, limit: int, offset: int
) -> Page[KeyStageOut]:
    """The offender's key stages, newest first."""
    await require_offender(actor, offender_id, *READERS)
    where = KeyStage.offender == offender_id
    rows = await _newest_first(where).limit(limit).offset(offset)
    return Page[KeyStageOut](
        items=await _views(actor, rows),
        total=await KeyStage.count().where(where),
        limit=limit,
        offset=offset,
    )


def _newest_first(where: Any) -> Any:
    return (
        KeyStage.select()
        .where(where)
        .order_by(KeyStage.on, ascending=False)
        .order_by(KeyStage.id, ascending=False)
    )


# Each stage with a victim of the unit to tell, and how many of all its victims (in any unit)
# there are to tell and have been told, for the dashboard's state filter and its pages.
_UNIT_STAGE_COUNTS = """
    SELECT s.id AS id, k.notices AS notices, k.told AS told
    FROM key_stage s
    JOIN (
        SELECT n.stage AS stage, COUNT(*) AS notices, COUNT(t.done_on) AS told
        FROM key_stage_notice n
        LEFT JOIN task t ON t.id = n.task
        WHERE n.stage IN (
            SELECT m.stage FROM key_stage_notice m JOIN vcs_case c ON c.id = m."case"
            WHERE c.unit = {}
        )
        GROUP BY n.stage
    ) k ON k.stage = s.id
"""
_TOLD_FILTER = {
    None: "",
    ToldState.NOBODY_TO_TELL: " WHERE k.notices = 0",
    ToldState.NOT_TOLD: " WHERE k.told = 0",
    ToldState.PARTIALLY_TOLD: " WHERE k.told > 0 AND k.told < k.notices",
    ToldState.TOLD: " WHERE k.told = k.notices",
}


async def unit_stages(
    actor: Actor, state: ToldState | None, limit: int, offset: int
) -> Page[KeyStageOut]:
    """The unit's dashboard: key stages with a victim of the unit to tell, newest first;
    `state=partially_told` shows those where some co-victims have been told and others not yet.
    Filtered and paged by the database: a unit may have years of key stages."""
    unit_id = require_casework(actor)
    chosen = _UNIT_STAGE_COUNTS + _TOLD_FILTER[state]
    # Only our constant fragments are joined; the values go in as query parameters.
    total = await KeyStage.raw(f"SELECT COUNT(*) AS n FROM ({chosen}) chosen", unit_id)  # noqa: S608
    page = await KeyStage.raw(
        chosen + ' ORDER BY s."on" DESC, s.id DESC LIMIT {} OFFSET {}', unit_id, limit, offset
    )
    ids = [row["id"] for row in page]
    rows = {row["id"]: row for row in await KeyStage.select().where(KeyStage.id.is_in(ids or [0]))}
    return Page[KeyStageOut](
        items=await _views(actor, [rows[i] for i in ids]),
        total=int(total[0]["n"]),
        limit=limit,
        offset=offset,
    )


async def case_stages(actor: Actor, case_id: int, limit: int, offset: int) -> Page[CaseKeyStage]:
    """The key stages of the case's offender, newest first: this victim's task beside whether
    every co-victim has been told."""
    case = await case_in_unit(actor, case_id)
    where = KeyStage.offender == case["offender"]
    views = await _views(actor, await _newest_first(where).limit(limit).offset(offset))
    return Page[CaseKeyStage](
        items=[
            CaseKeyStage(
                **v.model_dump(),
                this_victim=next((x for x in v.victims or [] if x.case_id == case_id), None),
            )
            for v in views
        ],
        total=await KeyStage.count().where(where),
        limit=limit,
        offset=offset,
    )
