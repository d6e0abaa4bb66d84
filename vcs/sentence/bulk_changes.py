"""Bulk date changes: a policy that moves release dates for a class of sentences, such as release
at 40% instead of 50% of a standard determinate sentence (the Criminal Justice Act 2003
(Suitability for Early Release) Order 2024).

A bulk change is keyed by its name, so applying it again changes nothing, and it works in chunks,
each in its own transaction, so that a run stopped half-way is finished by running it again. The
release point is counted in days from the date of sentence (time on remand is not known here);
nobody is released before the change takes effect. Each release date moved is a key stage: the
victims who chose to hear of it are told.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Conflict, InvalidInput, PermissionDenied
from vcs.mappa.status import write_key_dates
from vcs.sentence.key_dates import fraction_text
from vcs.sentence.key_stages import add_stage
from vcs.sentence.schemas import BulkChangeIn, BulkChangeOut, KeyStageKind
from vcs.sentence.tables import BulkDateChange, KeyDates, KeyStage, KeyStageNotice

CHUNK = 200


def release_on(sentenced_on: date, length_months: int, fraction: Decimal) -> date:
    """The day a share of the sentence has been served, counted in days from the date of
    sentence and rounded up to a whole day."""
    months = sentenced_on.month - 1 + length_months
    year, month = sentenced_on.year + months // 12, months % 12 + 1
    end = date(year, month, 1) + timedelta(sentenced_on.day - 1)
    while end.month != month:  # 31 January + 1 month: the last day of February
        end -= timedelta(1)
    return sentenced_on + timedelta(math.ceil((end - sentenced_on).days * fraction))


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
