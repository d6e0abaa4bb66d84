"""The sentence's key dates, and proposing closure at sentence expiry.

Key dates: tariff expiry, parole eligibility, the automatic or conditional release date, licence
expiry, sentence expiry, and conditional discharge for a restricted patient; every change is
kept. A release date moved (by hand or by a policy change) is a key stage: the victims who chose
to hear of it are told (domain.md section 7: "early-release changes never passed on"). A policy
change applied to a class of sentences at once is in `vcs.sentence.bulk_changes`.

When the sentence expires the case is due to close (domain.md section 4.8): the sweep proposes it
once per case, as a task for the VLO.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from vcs.casework.tasks import add_task
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import page_total, write_transaction
from vcs.core.errors import FieldProblem, InvalidInput
from vcs.core.schemas import Page
from vcs.core.tables import Case, Sentence
from vcs.core.timeline import record_event
from vcs.core.words import long_date
from vcs.mappa.status import key_dates_row, require_offender, write_key_dates
from vcs.sentence.key_stage_views import READERS
from vcs.sentence.key_stages import TELL_WORKING_DAYS, add_stage
from vcs.sentence.schemas import KeyDateChangeOut, KeyDatesIn, KeyDatesOut, KeyStageKind
from vcs.sentence.tables import KeyDateChange, KeyDates

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
            total=await page_total(len(changes), limit, offset, KeyDateChange.count().where(where)),
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


async def apply_reported_dates(
    offender_id: int, values: dict[str, date], on: date, actor: Actor, source: str, key: str
) -> dict[str, tuple[Any, Any]]:
    """Inside a write transaction: key dates reported by another system (HMPPS release-date
    calculations) replace ours, every change kept with its source; a moved release date is a
    key stage (made once for `key`) told to the victims who chose to hear of it."""
    changes = await write_key_dates(offender_id, dict(values), on, actor, source)
    if changes:
        summary = "Key dates changed: " + ", ".join(f.replace("_", " ") for f in changes)
        await _on_cases(offender_id, on, actor, f"{summary} ({source})")
    old, new = changes.get("release_date", (None, None))
    if new is not None and old != new:
        await add_stage(
            offender_id,
            KeyStageKind.RELEASE_DATE_CHANGED,
            on,
            actor,
            new_release_date=new,
            key=key,
            details=source,
        )
    return changes


async def _on_cases(offender_id: int, on: date, actor: Actor, summary: str) -> None:
    cases = await Case.select(Case.id).where(
        (Case.offender == offender_id) & (Case.state == "open")
    )
    for case in cases:
        await record_event(case["id"], "key_dates_changed", on, actor, summary)


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
                f"The sentence expired on {long_date(ended)}: propose closing the case",
                clocks.calendar().add_working_days(ended, TELL_WORKING_DAYS),
            ):
                summary = f"The sentence expired on {long_date(ended)}: closure proposed"
                await record_event(case["id"], "closure_proposed", on, SWEEP, summary)
                created += 1
    return created


async def released(offender_ids: list[int], on: date) -> set[int]:
    """Which of the offenders are no longer in custody on `on`: their release date has come
    (the annual contact runs only while the offender is in custody)."""
    rows = await KeyDates.select(KeyDates.offender).where(
        KeyDates.offender.is_in(offender_ids or [0]) & (KeyDates.release_date <= on)
    )
    return {int(r["offender"]) for r in rows}
