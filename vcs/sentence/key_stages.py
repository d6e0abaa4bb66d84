"""Key stages of the sentence and telling every co-victim of them, together.

Victims' Code (right 7) and the Victim Contact Scheme (Domestic Violence, Crime and Victims Act
2004, s.35): an opted-in victim is told of the key stages of the sentence at the level they
chose. Inspectors found co-victims told at different times and victims learning of release from
the media, so one key stage makes, in one transaction, a task "tell the victim" for every
opted-in co-victim whose level wants it (due `VCS_KEY_STAGE_WORKING_DAYS`, default 5, working
days after the stage).

Which levels hear of which stages (a decision of this service, kept as data here):

| level         | told of                                                                  |
|---------------|--------------------------------------------------------------------------|
| release_month | release, a release date changed, recall and fixed-term recall (the       |
|               | release month no longer holds)                                           |
| annual        | release, the offender's death, sentence expiry (the rest: the annual     |
|               | letter)                                                                  |
| key_stages    | every key stage                                                          |

A release date brought forward is news to every level that hears of release (`EARLIER_RELEASE`):
the release month may change, so victims at the annual and release-month levels are told too
(Victims' Code, right 7: victims told before release; inspectors found victims learning of
release from the media).

A 56-day fixed-term recall (Sentencing Act 2026) is a key stage with its re-release date, worked
out from the recall date by `vcs.sentence.release_rules` when not given; the re-release date
becomes the sentence's release date.

Opted-out, no-response and not-yet-contacted victims get no task. Who has been told of each
stage is read in `vcs.sentence.key_stage_views`.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from vcs.casework.lifecycle import check_not_future
from vcs.casework.tasks import add_task
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.core.errors import FieldProblem, InvalidInput
from vcs.core.tables import Task
from vcs.core.timeline import record_event
from vcs.core.words import long_date
from vcs.mappa.status import open_cases, require_offender, write_key_dates
from vcs.notifications import queue
from vcs.offender_side.screening import screen
from vcs.sentence.key_stage_views import READERS, read_stage
from vcs.sentence.release_rules import re_release_on
from vcs.sentence.schemas import KeyStageIn, KeyStageKind, KeyStageOut
from vcs.sentence.tables import KeyStage, KeyStageNotice

K = KeyStageKind
LEVEL_KINDS: dict[str, frozenset[KeyStageKind]] = {
    "release_month": frozenset({K.RELEASE, K.RELEASE_DATE_CHANGED, K.RECALL, K.FIXED_TERM_RECALL}),
    "annual": frozenset({K.RELEASE, K.DEATH, K.SENTENCE_EXPIRY}),
    "key_stages": frozenset(K),
}
# Levels that hear of a release date brought forward, whatever else they chose.
EARLIER_RELEASE = frozenset({"release_month", "annual", "key_stages"})
TELL_WORKING_DAYS = int(os.environ.get("VCS_KEY_STAGE_WORKING_DAYS", "5"))
NEEDS = {K.HEARING_DATE_SET: "hearing_date", K.RELEASE_DATE_CHANGED: "new_release_date"}


def _words(kind: str) -> str:
    return kind.replace("_", " ")


async def add_stage(
    offender_id: int,
    kind: KeyStageKind,
    on: date,
    actor: Actor,
    *,
    brought_forward: bool = False,
    **fields: Any,
) -> int | None:
    """Inside a write transaction: record the stage and a task to tell each co-victim whose
    level wants it (`brought_forward`: a release date moved earlier, which every level that
    hears of release is told). A stage with a `key` already recorded is not recorded again
    (None)."""
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
        await _tell(case, stage_id, kind, on, due, actor, brought_forward)
    return stage_id


def wants(case: dict[str, Any], kind: KeyStageKind, *, brought_forward: bool = False) -> bool:
    """Whether the victim chose to hear of this kind of key stage (the table above); a release
    date brought forward is heard at every level that hears of release."""
    level = case["participation_level"] or ""
    if case["participation"] != "opted_in":
        return False
    if brought_forward and kind is K.RELEASE_DATE_CHANGED and level in EARLIER_RELEASE:
        return True
    return kind in LEVEL_KINDS.get(level, ())


async def _tell(
    case: dict[str, Any],
    stage_id: int,
    kind: KeyStageKind,
    on: date,
    due: date,
    actor: Actor,
    brought_forward: bool = False,
) -> None:
    """A task to tell the victim, if they chose to hear of it; the stage on their timeline."""
    told = wants(case, kind, brought_forward=brought_forward)
    if told:
        key = f"key_stage:{stage_id}:{case['id']}"
        summary = f"Tell the victim of the key stage: {_words(kind)} ({long_date(on)})"
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
        f"Key stage: {_words(kind)} ({long_date(on)})"
        + ("" if told else f" (not to be told: {_words(why)})"),
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
        and not (data.kind is K.FIXED_TERM_RECALL and f == "new_release_date")
    ]
    if data.kind is K.FIXED_TERM_RECALL and data.new_release_date:  # noqa: SIM102
        if data.new_release_date <= data.on:
            problems.append(
                FieldProblem("new_release_date", "The re-release date must be after the recall")
            )
    if data.hearing_date and data.hearing_date < data.on:
        problems.append(FieldProblem("hearing_date", "The hearing cannot be before the stage"))
    if problems:
        raise InvalidInput("Some details of the key stage need correcting", problems)


async def record_key_stage(
    actor: Actor, offender_id: int, data: KeyStageIn, today: date
) -> KeyStageOut:
    """Record a key stage for the offender; every co-victim to be told gets a task at once.
    A release date changed also changes the sentence's key dates. With Notify configured, the
    messages telling them are prepared too, each waiting for their VLO's approval."""
    _check(data, today)
    if data.kind is K.FIXED_TERM_RECALL and data.new_release_date is None:
        data = data.model_copy(update={"new_release_date": re_release_on(data.on)})
    await require_offender(actor, offender_id, *READERS)
    # The offender manager reads the details: screened before the write (the screen's reads are
    # audited even when it refuses).
    await screen(
        actor,
        offender_id,
        {"details": [data.details]},
        readers="the offender manager",
        what="key stage",
        confirmed=data.confirm_not_victim_details,
    )
    async with write_transaction():
        await require_offender(actor, offender_id, *READERS)
        if data.kind in (K.RELEASE_DATE_CHANGED, K.FIXED_TERM_RECALL):
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
    told = await KeyStageNotice.select(KeyStageNotice.case, KeyStageNotice.case.unit).where(
        KeyStageNotice.stage == stage_id
    )
    month = data.new_release_date or (data.on if data.kind is K.RELEASE else None)
    await queue.prepare_for_key_stage(
        actor,
        [{"id": t["case"], "unit": t["case.unit"]} for t in told],
        data.kind.value,
        data.on,
        month,
        today,
    )
    return await read_stage(actor, offender_id, stage_id)
