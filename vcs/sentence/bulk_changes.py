"""Bulk date changes: a policy that moves release dates for a class of sentences, such as release
at 40% instead of 50% of a standard determinate sentence (the Criminal Justice Act 2003
(Suitability for Early Release) Order 2024).

A bulk change is keyed by its name, so applying it again changes nothing, and it works in chunks,
each in its own transaction, so that a run stopped half-way is finished by running it again. The
release point is counted in days from the date of sentence (time on remand is not known here);
nobody is released before the change takes effect. Each release date moved is a key stage: the
victims who chose to hear of it are told, and a date brought forward is told at the annual and
release-month levels too, since the release month may change (`vcs.sentence.key_stages`).

Moving every unit's release dates is a national act: only a national manager or the
administrator applies a change, and only one previewed first under the same name and terms (the
preview, `vcs.offender_side.national.preview_bulk_change`, lists the offenders and the victims
to tell, per unit). A VLU manager may preview a change, never apply it.
"""

from __future__ import annotations

import math
import os
from collections.abc import AsyncIterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from vcs.access import audit
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Conflict, InvalidInput, PermissionDenied
from vcs.sentence.bulk_writes import Change, Move, move_releases, rows_in_transaction
from vcs.sentence.key_dates import fraction_text
from vcs.sentence.schemas import BulkChangeIn, BulkChangeOut
from vcs.sentence.tables import BulkDateChange, KeyDates, KeyStage, KeyStageNotice

# Sentences moved in one transaction (`VCS_BULK_CHANGE_CHUNK`).
CHUNK = int(os.environ.get("VCS_BULK_CHANGE_CHUNK", "2000"))
PREVIEW_CHUNK = 5000  # sentences read at a time for a preview
APPLIERS = frozenset({Role.NATIONAL_MANAGER, Role.ADMIN})
PREVIEWERS = APPLIERS | {Role.VLU_MANAGER}


def release_on(sentenced_on: date, length_months: int, fraction: Decimal) -> date:
    """The day a share of the sentence has been served, counted in days from the date of
    sentence and rounded up to a whole day."""
    months = sentenced_on.month - 1 + length_months
    year, month = sentenced_on.year + months // 12, months % 12 + 1
    end = date(year, month, 1) + timedelta(sentenced_on.day - 1)
    while end.month != month:  # 31 January + 1 month: the last day of February
        end -= timedelta(1)
    return sentenced_on + timedelta(math.ceil((end - sentenced_on).days * fraction))


def terms(data: BulkChangeIn) -> dict[str, Any]:
    """The change's terms as stored and compared: which sentences, from and to which share, from
    when. The release point must change."""
    if data.release_fraction_from == data.release_fraction_to:
        raise InvalidInput.on("release_fraction_to", "The release point must change")
    return {
        "sentence_types": sorted(set(data.sentence_types)),
        "fraction_from": fraction_text(data.release_fraction_from),
        "fraction_to": fraction_text(data.release_fraction_to),
        "effective_from": data.effective_from,
    }


async def record_preview(actor: Actor, data: BulkChangeIn, today: date) -> str:
    """Check who may look at a change and, for those who may apply it, record that it was
    previewed (a change not yet applied takes the terms of its latest preview). The state of
    the change by this name: new, previewed, running or done."""
    if actor.role not in PREVIEWERS:
        raise PermissionDenied("Only a VLU manager or a national manager can preview this")
    params = terms(data)
    async with write_transaction():
        await serialise_on(f"bulk-change:{data.name}")
        row = await _by_name(data.name)
        if row and row["state"] != "previewed" and _differs(row, params):
            raise Conflict("Another change already has this name: choose a new name")
        await audit.record(actor, "preview_bulk_change", "bulk_change", row["id"] if row else None)
        if actor.role not in APPLIERS or (row and row["state"] != "previewed"):
            return str(row["state"]) if row else "new"
        values: dict[Any, Any] = {**params, "started_by": actor.username, "started_on": today}
        if row is None:
            await BulkDateChange(name=data.name, state="previewed", **values).save()
        else:
            await BulkDateChange.update(values).where(BulkDateChange.id == row["id"])
        return "previewed"


async def apply_bulk_change(actor: Actor, data: BulkChangeIn, today: date) -> BulkChangeOut:
    """Apply a policy change that moves the release dates of a class of sentences: recalculate
    each affected release date, record the change, and make the "release date changed" tasks
    for every victim who chose to hear of it. A national act: a national manager or the
    administrator, after a preview with the same terms. Keyed by name: a second run changes
    nothing."""
    if actor.role not in APPLIERS:
        raise PermissionDenied(
            "Only a national manager can apply a change of release policy: it moves the "
            "release dates of every unit's offenders"
        )
    params = terms(data)
    bulk_id, done = await _start(data.name, params, actor)
    if done:
        return await _summary(bulk_id, already_applied=True)
    change = Change(bulk_id, data.name, params["fraction_to"], actor, today)
    # A run stopped part way resumes after the last sentence it moved: each chunk is
    # committed whole, in the order of the key dates.
    after = await _moved_through(bulk_id)
    while True:
        async with write_transaction():
            await serialise_on(f"bulk-change:{data.name}")
            rows = await _candidates(params, after, CHUNK)
            if not rows:
                break
            moves = [
                Move(kd["offender"], kd["release_date"], kd["release_fraction"], new)
                for kd in rows
                if (new := _new_release(kd, params)) is not None
            ]
            await _move_releases(moves, change)
        after = rows[-1]["id"]
    async with write_transaction():
        await BulkDateChange.update(
            {BulkDateChange.state: "done", BulkDateChange.finished_on: today}
        ).where(BulkDateChange.id == bulk_id)
    return await _summary(bulk_id, already_applied=False)


async def victims_told(name: str) -> tuple[int, dict[int, date]]:
    """A change's id and the victims it tells of a new release date: case -> new date."""
    row = await _by_name(name)
    if row is None:
        raise Conflict("There is no change by this name")
    notices = await KeyStageNotice.select(
        KeyStageNotice.case, KeyStageNotice.stage.new_release_date
    ).where(KeyStageNotice.stage.bulk_change == row["id"])
    told = {
        int(n["case"]): n["stage.new_release_date"]
        for n in notices
        if n["stage.new_release_date"] is not None
    }
    return int(row["id"]), told


async def _by_name(name: str) -> dict[str, Any] | None:
    row = await (
        BulkDateChange.select().where(BulkDateChange.name == name).output(load_json=True).first()
    )
    return dict(row) if row else None


def _differs(row: dict[str, Any], params: dict[str, Any]) -> bool:
    return any(row[k] != v for k, v in params.items())


async def _start(name: str, params: dict[str, Any], actor: Actor) -> tuple[int, bool]:
    """The change by this name and whether it has been applied in full; a change not previewed
    with these terms is refused, and the same name with other terms is refused."""
    async with write_transaction():
        await serialise_on(f"bulk-change:{name}")
        row = await _by_name(name)
        if row is None or (row["state"] == "previewed" and _differs(row, params)):
            raise Conflict(
                "Preview this change first, with the same name and terms: the preview lists "
                "the offenders and victims it affects"
            )
        if _differs(row, params):
            raise Conflict("Another change already has this name: choose a new name")
        if row["state"] == "previewed":
            await BulkDateChange.update({BulkDateChange.state: "running"}).where(
                BulkDateChange.id == row["id"]
            )
            await audit.record(actor, "apply_bulk_change", "bulk_change", row["id"])
        return int(row["id"]), row["state"] == "done"


Planned = tuple[dict[str, Any], date]


async def planned_moves(params: dict[str, Any]) -> AsyncIterator[list[Planned]]:
    """The sentences the change would move, a chunk at a time: each key-dates row (offender,
    release date) with its new release date. Only dates that still follow the old rule move."""
    after = 0
    while rows := await _candidates(params, after, PREVIEW_CHUNK):
        moves = [(kd, new) for kd in rows if (new := _new_release(kd, params)) is not None]
        if moves:
            yield moves
        after = rows[-1]["id"]


async def _moved_through(bulk_id: int) -> int:
    """The last key-dates row (in the order a run moves them) this change has moved: 0 if none."""
    rows = await KeyStage.raw(
        "SELECT MAX(kd.id) AS last FROM key_stage ks "
        "JOIN key_dates kd ON kd.offender = ks.offender WHERE ks.bulk_change = {}",
        bulk_id,
    )
    return int(rows[0]["last"] or 0) if rows else 0


_CANDIDATES = (
    "SELECT kd.id, kd.offender, kd.release_date, kd.release_fraction, "
    's.type AS "sentence.type", s.length_months AS "sentence.length_months", '
    's.sentenced_on AS "sentence.sentenced_on" '
    "FROM key_dates kd JOIN sentence s ON s.id = kd.sentence "
    "WHERE kd.id > $1 AND kd.release_date >= $2 AND s.type = ANY($3::text[]) "
    "AND s.length_months IS NOT NULL AND (kd.release_fraction IS NULL OR kd.release_fraction = $4) "
    "ORDER BY kd.id LIMIT $5"
)


async def _candidates(params: dict[str, Any], after: int, limit: int) -> list[Any]:
    """The next key-dates rows after `after` the change may move (by the sentence's type, the
    release date on or after the change, the share the old rule's or none)."""
    fast = await rows_in_transaction(
        _CANDIDATES,
        after,
        params["effective_from"],
        params["sentence_types"],
        params["fraction_from"],
        limit,
    )
    if fast is not None:
        return fast
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
            & (
                KeyDates.release_fraction.is_null()
                | (KeyDates.release_fraction == params["fraction_from"])
            )
        )
        .order_by(KeyDates.id)
        .limit(limit)
    )
    return rows


def _new_release(kd: dict[str, Any], params: dict[str, Any]) -> date | None:
    """The new release date of a sentence whose date follows the old rule (set by it, or
    matching it); None for a date set otherwise. Nobody is released before the change."""
    start, months = kd["sentence.sentenced_on"], kd["sentence.length_months"]
    old_rule = release_on(start, months, Decimal(params["fraction_from"]))
    if kd["release_fraction"] not in (None, params["fraction_from"]) or (
        kd["release_fraction"] is None and kd["release_date"] != old_rule
    ):
        return None
    effective: date = params["effective_from"]
    return max(release_on(start, months, Decimal(params["fraction_to"])), effective)


async def _move_releases(moves: list[Move], change: Change) -> None:
    """Inside the chunk's transaction: move these sentences' release dates
    (`vcs.sentence.bulk_writes`)."""
    await move_releases(moves, change)


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
