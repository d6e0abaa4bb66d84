"""Key stages of the sentence and telling every co-victim of them, together.

Victims' Code (right 7) and the Victim Contact Scheme (Domestic Violence, Crime and Victims Act
2004, s.35): an opted-in victim is told of the key stages of the sentence at the level they
chose. Inspectors found co-victims told at different times and victims learning of release from
the media, so one key stage makes, in one transaction, a task "tell the victim" for every
opted-in co-victim whose level wants it (due `VCS_KEY_STAGE_WORKING_DAYS`, default 5, working
days after the stage), and every view shows who has been told and who not yet.

Which levels hear of which stages (a decision of this service, kept as data here):

| level         | told of                                                                  |
|---------------|--------------------------------------------------------------------------|
| release_month | release, a release date changed, recall (the release month no longer    |
|               | holds)                                                                   |
| annual        | release, the offender's death, sentence expiry (the rest: the annual     |
|               | letter)                                                                  |
| key_stages    | every key stage                                                          |

Opted-out, no-response and not-yet-contacted victims get no task. A parole decision may be
reconsidered within 21 days (Parole Board Rules 2019, r.28): the window is shown with it.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from vcs.casework.cases import case_in_unit, require_casework
from vcs.casework.lifecycle import check_not_future
from vcs.casework.tasks import add_task
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import FieldProblem, InvalidInput, NotFound
from vcs.core.schemas import Page
from vcs.core.tables import Task
from vcs.core.timeline import record_event
from vcs.mappa.status import open_cases, require_offender, write_key_dates
from vcs.sentence.schemas import (
    CaseKeyStage,
    KeyStageIn,
    KeyStageKind,
    KeyStageOut,
    ToldState,
    VictimToTell,
)
from vcs.sentence.tables import KeyStage, KeyStageNotice

K = KeyStageKind
LEVEL_KINDS: dict[str, frozenset[KeyStageKind]] = {
    "release_month": frozenset({K.RELEASE, K.RELEASE_DATE_CHANGED, K.RECALL}),
    "annual": frozenset({K.RELEASE, K.DEATH, K.SENTENCE_EXPIRY}),
    "key_stages": frozenset(K),
}
TELL_WORKING_DAYS = int(os.environ.get("VCS_KEY_STAGE_WORKING_DAYS", "5"))
RECONSIDERATION_DAYS = 21
READERS = (Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
NEEDS = {K.HEARING_DATE_SET: "hearing_date", K.RELEASE_DATE_CHANGED: "new_release_date"}


def _words(kind: str) -> str:
    return kind.replace("_", " ")


async def add_stage(
    offender_id: int, kind: KeyStageKind, on: date, actor: Actor, **fields: Any
) -> int | None:
    """Inside a write transaction: record the stage and a task to tell each co-victim whose
    level wants it. A stage with a `key` already recorded is not recorded again (None)."""
    stage = KeyStage(offender=offender_id, kind=kind.value, on=on, recorded_by=actor.username)
    for name, value in fields.items():
        setattr(stage, name, value)
    inserted = (
        await KeyStage.insert(stage)
        .on_conflict(target=KeyStage.key, action="DO NOTHING")
        .returning(KeyStage.id)
    )
    if not inserted:
        return None
    stage_id = int(inserted[0]["id"])
    due = clocks.calendar().add_working_days(on, TELL_WORKING_DAYS)
    for case in await open_cases(offender_id):
        await _tell(case, stage_id, kind, on, due, actor)
    return stage_id


def wants(case: dict[str, Any], kind: KeyStageKind) -> bool:
    """Whether the victim chose to hear of this kind of key stage (the table above)."""
    level = case["participation_level"] or ""
    return case["participation"] == "opted_in" and kind in LEVEL_KINDS.get(level, ())


async def _tell(
    case: dict[str, Any], stage_id: int, kind: KeyStageKind, on: date, due: date, actor: Actor
) -> None:
    """A task to tell the victim, if they chose to hear of it; the stage on their timeline."""
    told = wants(case, kind)
    if told:
        key = f"key_stage:{stage_id}:{case['id']}"
        summary = f"Tell the victim of the key stage: {_words(kind)} ({on})"
        await add_task(case["id"], case["unit"], f"tell_{kind.value}", key, summary, due)
        task = await Task.select(Task.id).where(Task.key == key).first()
        notice = KeyStageNotice(stage=stage_id, case=case["id"], level=case["participation_level"])
        notice.key = f"{stage_id}:{case['id']}"
        notice.task = task["id"] if task else None
        await notice.save()
    why = case["participation_level"] or case["participation"]
    await record_event(
        case["id"],
        "key_stage",
        on,
        actor,
        f"Key stage: {_words(kind)} ({on})" + ("" if told else f" (not to be told: {_words(why)})"),
        {"stage": stage_id, "kind": kind.value, "task": told},
    )


def _check(data: KeyStageIn, today: date) -> None:
    check_not_future(data.on, today)
    problems = [
        FieldProblem(f, "Give this for this kind of key stage")
        if NEEDS.get(data.kind) == f
        else FieldProblem(f, "This kind of key stage does not take this")
        for f in ("hearing_date", "new_release_date")
        if (getattr(data, f) is not None) != (NEEDS.get(data.kind) == f)
    ]
    if data.hearing_date and data.hearing_date < data.on:
        problems.append(FieldProblem("hearing_date", "The hearing cannot be before the stage"))
    if problems:
        raise InvalidInput("Some details of the key stage need correcting", problems)


async def record_key_stage(
    actor: Actor, offender_id: int, data: KeyStageIn, today: date
) -> KeyStageOut:
    """Record a key stage for the offender; every co-victim to be told gets a task at once.
    A release date changed also changes the sentence's key dates."""
    _check(data, today)
    async with write_transaction():
        await require_offender(actor, offender_id, *READERS)
        if data.kind is K.RELEASE_DATE_CHANGED:
            values = {"release_date": data.new_release_date, "release_fraction": None}
            await write_key_dates(offender_id, values, data.on, actor, "key stage")
        stage_id = await add_stage(
            offender_id,
            data.kind,
            data.on,
            actor,
            details=data.details,
            hearing_date=data.hearing_date,
            new_release_date=data.new_release_date,
        )
    assert stage_id is not None
    return (await _views(actor, [await _stage(offender_id, stage_id)]))[0]


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


def stage_out(
    stage: dict[str, Any], notices: list[dict[str, Any]], unit_id: int | None, show: bool
) -> KeyStageOut:
    """A stage and whether its co-victims have been told: none, some (partially told) or all,
    and whether all on the same day (told together)."""
    told = [n["task.done_on"] for n in notices if n["task.done_on"]]
    if not notices:
        state = ToldState.NOBODY_TO_TELL
    elif not told:
        state = ToldState.NOT_TOLD
    else:
        state = ToldState.TOLD if len(told) == len(notices) else ToldState.PARTIALLY_TOLD
    decision = stage["kind"] == K.PAROLE_DECISION
    return KeyStageOut(
        **{k: stage[k] for k in ("id", "kind", "on", "details", "hearing_date", "recorded_by")},
        offender_id=stage["offender"],
        new_release_date=stage["new_release_date"],
        reconsideration_until=stage["on"] + timedelta(RECONSIDERATION_DAYS) if decision else None,
        to_tell=len(notices),
        told=len(told),
        state=state,
        told_together=state is ToldState.TOLD and len(set(told)) == 1,
        victims=[_victim(n, unit_id) for n in notices] if show else None,
    )


async def key_stage(actor: Actor, offender_id: int, stage_id: int) -> KeyStageOut:
    """One key stage with each co-victim's task: told, or not yet."""
    await require_offender(actor, offender_id, *READERS)
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
