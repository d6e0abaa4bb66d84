"""The sentence's key dates, bulk date changes, and proposing closure at sentence expiry.

Key dates: tariff expiry, parole eligibility, the automatic or conditional release date, licence
expiry, sentence expiry, and conditional discharge for a restricted patient; every change is
kept. A release date moved (by hand or by a policy change) is a key stage: the victims who chose
to hear of it are told (domain.md section 7: "early-release changes never passed on").

A bulk date change applies a policy that moves release dates for a class of sentences, such as
release at 40% instead of 50% of a standard determinate sentence (the Criminal Justice Act 2003
(Suitability for Early Release) Order 2024). It is keyed by its name, so applying it again
changes nothing, and it works in chunks, each in its own transaction, so that a run stopped
half-way is finished by running it again. The release point is counted in days from the date of
sentence (time on remand is not known here); nobody is released before the change takes effect.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from vcs.casework.tasks import add_task
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Conflict, FieldProblem, InvalidInput, PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import Case, Sentence
from vcs.core.timeline import record_event
from vcs.mappa.status import key_dates_row, require_offender, write_key_dates
from vcs.sentence.key_stages import READERS, TELL_WORKING_DAYS, add_stage
from vcs.sentence.schemas import (
    BulkChangeIn,
    BulkChangeOut,
    KeyDateChangeOut,
    KeyDatesIn,
    KeyDatesOut,
    KeyStageKind,
)
from vcs.sentence.tables import BulkDateChange, KeyDateChange, KeyDates, KeyStage, KeyStageNotice

CHUNK = 200
SWEEP = Actor(user_id=0, username="sweep", role=Role.ADMIN, unit_id=None, unit_code=None)
DATE_FIELDS = (
    "tariff_expiry",
    "parole_eligibility",
    "release_date",
    "licence_expiry",
    "sentence_expiry",
    "conditional_discharge",
)


def fraction_text(fraction: Decimal) -> str:
    """A fraction as stored and compared: "0.5", never "0.50"."""
    return format(fraction.normalize(), "f")


def release_on(sentenced_on: date, length_months: int, fraction: Decimal) -> date:
    """The day a share of the sentence has been served, counted in days from the date of
    sentence and rounded up to a whole day."""
    months = sentenced_on.month - 1 + length_months
    year, month = sentenced_on.year + months // 12, months % 12 + 1
    end = date(year, month, 1) + timedelta(sentenced_on.day - 1)
    while end.month != month:  # 31 January + 1 month: the last day of February
        end -= timedelta(1)
    return sentenced_on + timedelta(math.ceil((end - sentenced_on).days * fraction))


async def get_key_dates(actor: Actor, offender_id: int, limit: int, offset: int) -> KeyDatesOut:
    """The sentence's key dates and the history of their changes, newest first."""
    await require_offender(actor, offender_id, *READERS)
    row = await KeyDates.select().where(KeyDates.offender == offender_id).first()
    sentence = await (
        Sentence.select()
        .where(Sentence.offender == offender_id)
        .order_by(Sentence.sentenced_on, ascending=False)
        .order_by(Sentence.id, ascending=False)
        .first()
    )
    where = KeyDateChange.offender == offender_id
    changes = await (
        KeyDateChange.select()
        .where(where)
        .order_by(KeyDateChange.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    dates = {k: v for k, v in (row or {}).items() if k in KeyDatesOut.model_fields}
    return KeyDatesOut(
        **{**dates, "offender_id": offender_id, "version": row["version"] if row else 1},
        sentence_type=sentence["type"] if sentence else None,
        length_months=sentence["length_months"] if sentence else None,
        sentenced_on=sentence["sentenced_on"] if sentence else None,
        history=Page[KeyDateChangeOut](
            items=[KeyDateChangeOut(**c) for c in changes],
            total=await KeyDateChange.count().where(where),
            limit=limit,
            offset=offset,
        ),
    )


def _check(data: KeyDatesIn, sentenced_on: date | None) -> None:
    problems = [
        FieldProblem(f, "This date cannot be before the sentence")
        for f in DATE_FIELDS
        if sentenced_on and getattr(data, f) and getattr(data, f) < sentenced_on
    ]
    if data.release_date and data.licence_expiry and data.licence_expiry < data.release_date:
        problems.append(FieldProblem("licence_expiry", "The licence cannot end before release"))
    if data.licence_expiry and data.sentence_expiry and data.sentence_expiry < data.licence_expiry:
        problems.append(
            FieldProblem("sentence_expiry", "The sentence cannot end before the licence")
        )
    for f in ("release_kind", "release_fraction"):
        if getattr(data, f) is not None and data.release_date is None:
            problems.append(FieldProblem(f, "Give the release date with this"))
    if problems:
        raise InvalidInput("Some key dates need correcting", problems)


async def set_key_dates(
    actor: Actor, offender_id: int, data: KeyDatesIn, today: date
) -> KeyDatesOut:
    """Replace the sentence's key dates, keeping every change. A release date moved is a key
    stage: the victims who chose to hear of it get a task to be told."""
    async with write_transaction():
        await require_offender(actor, offender_id, *READERS)
        row = await key_dates_row(offender_id)
        sentence = await Sentence.select().where(Sentence.id == row["sentence"]).first()
        _check(data, sentence["sentenced_on"] if sentence else None)
        values: dict[str, Any] = data.model_dump(exclude={"version"})
        values["release_kind"] = data.release_kind.value if data.release_kind else None
        fraction = data.release_fraction
        values["release_fraction"] = fraction_text(fraction) if fraction else None
        changes = await write_key_dates(
            offender_id, values, today, actor, "by hand", version=data.version
        )
        if changes:
            summary = "Key dates changed: " + ", ".join(f.replace("_", " ") for f in changes)
            await _on_cases(offender_id, today, actor, summary)
        old, new = changes.get("release_date", (None, None))
        if old is not None and new is not None:
            await add_stage(
                offender_id, KeyStageKind.RELEASE_DATE_CHANGED, today, actor, new_release_date=new
            )
    return await get_key_dates(actor, offender_id, 20, 0)


async def _on_cases(offender_id: int, on: date, actor: Actor, summary: str) -> None:
    cases = await Case.select(Case.id).where(
        (Case.offender == offender_id) & (Case.state == "open")
    )
    for case in cases:
        await record_event(case["id"], "key_dates_changed", on, actor, summary)


async def apply_bulk_change(actor: Actor, data: BulkChangeIn, today: date) -> BulkChangeOut:
    """Apply a policy change that moves the release dates of a class of sentences: recalculate
    each affected release date, record the change, and make the "release date changed" tasks
    for every victim who chose to hear of it. Keyed by name: a second run changes nothing."""
    if actor.role not in (Role.VLU_MANAGER, Role.ADMIN):
        raise PermissionDenied("Only a VLU manager can apply a change of release policy")
    if data.release_fraction_from == data.release_fraction_to:
        raise InvalidInput.on("release_fraction_to", "The release point must change")
    params: dict[str, Any] = {
        "sentence_types": sorted(set(data.sentence_types)),
        "fraction_from": fraction_text(data.release_fraction_from),
        "fraction_to": fraction_text(data.release_fraction_to),
        "effective_from": data.effective_from,
    }
    bulk_id, done = await _start(data.name, params, actor, today)
    if done:
        return await _summary(bulk_id, already_applied=True)
    after = 0
    while batch := await _candidates(params, after):
        async with write_transaction():
            await serialise_on(f"bulk-change:{data.name}")
            for kd in batch:
                await _move_release(kd, data.name, params, bulk_id, actor, today)
        after = batch[-1]["id"]
    async with write_transaction():
        await BulkDateChange.update(
            {BulkDateChange.state: "done", BulkDateChange.finished_on: today}
        ).where(BulkDateChange.id == bulk_id)
    return await _summary(bulk_id, already_applied=False)


async def _start(name: str, params: dict[str, Any], actor: Actor, today: date) -> tuple[int, bool]:
    """The change by this name (recorded now if new) and whether it has been applied in full.
    The same name with other parameters is refused."""
    async with write_transaction():
        await serialise_on(f"bulk-change:{name}")
        row = await (
            BulkDateChange.select()
            .where(BulkDateChange.name == name)
            .output(load_json=True)
            .first()
        )
        if row and any(row[k] != v for k, v in params.items()):
            raise Conflict("Another change already has this name: choose a new name")
        if row:
            return int(row["id"]), row["state"] == "done"
        change = BulkDateChange(name=name, started_by=actor.username, started_on=today, **params)
        await change.save()
        return int(change.id), False


async def _candidates(params: dict[str, Any], after: int) -> list[dict[str, Any]]:
    s = KeyDates.sentence
    rows: list[dict[str, Any]] = await (
        KeyDates.select(
            KeyDates.id,
            KeyDates.offender,
            KeyDates.release_date,
            KeyDates.release_fraction,
            s.type,
            s.length_months,
            s.sentenced_on,
        )
        .where(
            (KeyDates.id > after)
            & (KeyDates.release_date >= params["effective_from"])
            & s.type.is_in(params["sentence_types"])
            & s.length_months.is_not_null()
        )
        .order_by(KeyDates.id)
        .limit(CHUNK)
    )
    return rows


async def _move_release(
    kd: dict[str, Any], name: str, params: dict[str, Any], bulk_id: int, actor: Actor, today: date
) -> None:
    """Move one sentence's release date if it follows the old rule; once per offender."""
    start, months = kd["sentence.sentenced_on"], kd["sentence.length_months"]
    old_rule = release_on(start, months, Decimal(params["fraction_from"]))
    if kd["release_fraction"] not in (None, params["fraction_from"]) or (
        kd["release_fraction"] is None and kd["release_date"] != old_rule
    ):
        return
    new = max(release_on(start, months, Decimal(params["fraction_to"])), params["effective_from"])
    stage = await add_stage(
        kd["offender"],
        KeyStageKind.RELEASE_DATE_CHANGED,
        today,
        actor,
        details=f"Release policy change: {name}",
        new_release_date=new,
        bulk_change=bulk_id,
        key=f"bulk:{bulk_id}:{kd['offender']}",
    )
    if stage is not None:
        values = {"release_date": new, "release_fraction": params["fraction_to"]}
        source = f"bulk change: {name}"
        await write_key_dates(kd["offender"], values, today, actor, source, bulk_change=bulk_id)


async def _summary(bulk_id: int, *, already_applied: bool) -> BulkChangeOut:
    row = await BulkDateChange.select().where(BulkDateChange.id == bulk_id).first()
    assert row is not None
    return BulkChangeOut(
        name=row["name"],
        state=row["state"],
        effective_from=row["effective_from"],
        offenders_changed=await KeyStage.count().where(KeyStage.bulk_change == bulk_id),
        tasks_created=await KeyStageNotice.count().where(
            KeyStageNotice.stage.bulk_change == bulk_id
        ),
        already_applied=already_applied,
    )


async def propose_closures(on: date, unit_id: int | None) -> int:
    """The sweep's step: each open case whose offender's sentence expired on or before `on` gets
    one task to propose closing it (domain.md section 4.8: a case closes at sentence expiry)."""
    expired = await KeyDates.select(KeyDates.offender, KeyDates.sentence_expiry).where(
        KeyDates.sentence_expiry <= on
    )
    expiry = {r["offender"]: r["sentence_expiry"] for r in expired}
    where = (Case.state == "open") & Case.offender.is_in(list(expiry) or [0])
    if unit_id is not None:
        where &= Case.unit == unit_id
    created = 0
    for case in await Case.select(Case.id, Case.unit, Case.offender).where(where):
        ended = expiry[case["offender"]]
        async with write_transaction():
            if await add_task(
                case["id"],
                case["unit"],
                "propose_closure",
                f"{case['id']}:propose_closure:{ended}",
                f"The sentence expired on {ended}: propose closing the case",
                clocks.calendar().add_working_days(ended, TELL_WORKING_DAYS),
            ):
                summary = f"The sentence expired on {ended}: closure proposed"
                await record_event(case["id"], "closure_proposed", on, SWEEP, summary)
                created += 1
    return created
