"""A bulk change's writes for a chunk of sentences at once, with the outcomes
`vcs.sentence.key_stages.add_stage` and `vcs.mappa.status.write_key_dates` have for one: the
"release date changed" key stage, a task and a notice for each open case whose victim chose to
hear of it, the stage on every open case's timeline, the new key dates and a history row for
each key date that changed. A few multi-row statements per chunk instead of several queries per
offender, so a national change over hundreds of thousands of sentences takes seconds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.db import engine, is_postgres
from vcs.core.tables import Case
from vcs.core.words import long_date
from vcs.sentence.key_stages import TELL_WORKING_DAYS, wants
from vcs.sentence.schemas import KeyStageKind
from vcs.sentence.tables import KeyStage

MOVED = KeyStageKind.RELEASE_DATE_CHANGED
# Both engines take at least 32,766 parameters a statement; keep well under.
MOST_PARAMETERS = 30_000


def batched(rows: list[Any], size: int) -> list[list[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


@dataclass(frozen=True)
class Move:
    """One sentence's release date to move: the offender, the date now and the new date."""

    offender: int
    release_date: date
    release_fraction: str | None
    new: date


@dataclass(frozen=True)
class Change:
    """The change being applied and who applies it, on which day."""

    bulk_id: int
    name: str
    fraction_to: str
    actor: Actor
    today: date


def _connection() -> Any:
    """The PostgreSQL connection of the write transaction this runs in."""
    return engine().current_transaction.get().connection  # type: ignore[union-attr]


async def rows_in_transaction(sql: str, *args: Any) -> list[Any] | None:
    """On PostgreSQL inside a transaction, the rows of `sql` ($1... parameters) as the driver
    gives them, read by column name (no conversion to dictionaries: a chunk's thousands of rows
    cost that much less); None elsewhere."""
    if not is_postgres() or engine().current_transaction.get() is None:
        return None
    return list(await _connection().fetch(sql, *args))


async def _insert(
    table: str, columns: dict[str, str], rows: list[tuple[Any, ...]], tail: str = ""
) -> list[dict[str, Any]]:
    """Insert `rows` (`columns`: name -> PostgreSQL type); `tail` follows the INSERT (ON
    CONFLICT ..., RETURNING ...); the rows returned. On PostgreSQL one statement taking a
    column of values per parameter (unnest); on SQLite multi-row VALUES, as many statements as
    the parameters need."""
    if not rows:
        return []
    names = ", ".join(f'"{c}"' for c in columns)
    if is_postgres():
        arrays = ", ".join(f"${n}::{t}[]" for n, t in enumerate(columns.values(), start=1))
        sql = f'INSERT INTO "{table}" ({names}) SELECT * FROM unnest({arrays}) {tail}'  # noqa: S608 (fixed names)
        connection = _connection()
        return [dict(r) for r in await connection.fetch(sql, *map(list, zip(*rows, strict=True)))]
    one = "(" + ", ".join("{}" for _ in columns) + ")"
    out: list[dict[str, Any]] = []
    for part in batched(rows, max(1, MOST_PARAMETERS // len(columns))):
        sql = f'INSERT INTO "{table}" ({names}) VALUES ' + ", ".join([one] * len(part))  # noqa: S608 (fixed names)
        out += await KeyStage.raw(f"{sql} {tail}", *[v for row in part for v in row])
    return out


async def move_releases(moves: list[Move], change: Change) -> int:
    """Inside a write transaction: move each sentence's release date whose key stage this
    change has not yet recorded (once per offender, however often it runs); how many moved."""
    if not moves:
        return 0
    now, username = datetime.now(UTC), change.actor.username
    details = f"Release policy change: {change.name}"
    made = await _insert(
        "key_stage",
        {
            "offender": "integer",
            "kind": "text",
            "on": "date",
            "details": "text",
            "hearing_date": "date",
            "new_release_date": "date",
            "bulk_change": "integer",
            "key": "text",
            "recorded_by": "text",
            "recorded_at": "timestamptz",
        },
        [
            (
                m.offender,
                MOVED.value,
                change.today,
                details,
                None,
                m.new,
                change.bulk_id,
                f"bulk:{change.bulk_id}:{m.offender}",
                username,
                now,
            )
            for m in moves
        ],
        'ON CONFLICT ("key") DO NOTHING RETURNING id, offender',
    )
    stages = {int(r["offender"]): int(r["id"]) for r in made}
    moved = [m for m in moves if m.offender in stages]
    if moved:
        await _tell(moved, stages, change, now)
        await _write_key_dates(moved, change, now)
    return len(moved)


async def _tell(moved: list[Move], stages: dict[int, int], change: Change, now: datetime) -> None:
    """Tasks and notices for the victims who chose to hear; the stage on every timeline."""
    cases: dict[int, list[Any]] = defaultdict(list)
    found = await rows_in_transaction(
        "SELECT id, unit, participation, participation_level, offender FROM vcs_case "
        "WHERE offender = ANY($1::integer[]) AND state = 'open' ORDER BY id",
        list(stages),
    )
    if found is None:
        found = await (
            Case.select(
                Case.id, Case.unit, Case.participation, Case.participation_level, Case.offender
            )
            .where(Case.offender.is_in(list(stages)) & (Case.state == "open"))
            .order_by(Case.id)
        )
    for case in found:
        cases[case["offender"]].append(case)
    on, username = change.today, change.actor.username
    due = clocks.calendar().add_working_days(on, TELL_WORKING_DAYS)
    words = f"release date changed ({long_date(on)})"
    tasks, notices, events = [], [], []
    for m in moved:
        stage = stages[m.offender]
        for case in cases[m.offender]:
            told = wants(case, MOVED, brought_forward=m.new < m.release_date)
            if told:
                key = f"key_stage:{stage}:{case['id']}"
                summary = f"Tell the victim of the key stage: {words}"
                tasks.append((case["id"], case["unit"], f"tell_{MOVED.value}", key, summary, due))
                notices.append((stage, case["id"], case["participation_level"], key))
            why = (case["participation_level"] or case["participation"]).replace("_", " ")
            summary = f"Key stage: {words}" + ("" if told else f" (not to be told: {why})")
            data = json.dumps({"stage": stage, "kind": MOVED.value, "task": told})
            events.append((case["id"], "key_stage", on, now, username, summary, data))
    made = await _insert(
        "task",
        {
            "case": "integer",
            "unit": "integer",
            "kind": "text",
            "key": "text",
            "summary": "text",
            "due": "date",
            "done_on": "date",
            "done_by": "text",
            "created_at": "timestamptz",
        },
        [(*t, None, "", now) for t in tasks],
        'ON CONFLICT ("key") DO NOTHING RETURNING id, "key"',
    )
    task_ids = {r["key"]: int(r["id"]) for r in made}
    await _insert(
        "key_stage_notice",
        {"stage": "integer", "case": "integer", "task": "integer", "level": "text", "key": "text"},
        [(s, c, task_ids.get(k), level, f"{s}:{c}") for s, c, level, k in notices],
    )
    await _insert(
        "case_event",
        {
            "case": "integer",
            "kind": "text",
            "occurred_on": "date",
            "recorded_at": "timestamptz",
            "actor": "text",
            "summary": "text",
            "data": "json",
        },
        events,
    )


async def _write_key_dates(moved: list[Move], change: Change, now: datetime) -> None:
    """The new release dates and release point, and a history row for each that changed."""
    username, source = change.actor.username, f"bulk change: {change.name}"
    set_dates = (
        "UPDATE key_dates SET release_date = moved.new_date, release_fraction = {}, "
        "version = key_dates.version + 1, updated_by = {} "
        "FROM moved WHERE key_dates.offender = moved.offender"
    )
    if is_postgres():
        connection = _connection()
        moved_rows = "SELECT * FROM unnest($1::integer[], $2::date[]) AS m(offender, new_date)"
        await connection.execute(
            f"WITH moved AS ({moved_rows}) {set_dates.format('$3', '$4')}",
            [m.offender for m in moved],
            [m.new for m in moved],
            change.fraction_to,
            username,
        )
    else:
        for part in batched(moved, MOST_PARAMETERS // 2):
            values = ", ".join("({}, {})" for _ in part)
            await KeyStage.raw(
                f"WITH moved (offender, new_date) AS (VALUES {values}) {set_dates}",
                *[v for m in part for v in (m.offender, m.new)],
                change.fraction_to,
                username,
            )
    history = []
    for m in moved:
        for field, old, new in (
            ("release_date", m.release_date, m.new),
            ("release_fraction", m.release_fraction, change.fraction_to),
        ):
            if old != new:
                old_text = None if old is None else str(old)
                history.append((m.offender, field, old_text, str(new), change.today, source))
    await _insert(
        "key_date_change",
        {
            "offender": "integer",
            "field": "text",
            "old_value": "text",
            "new_value": "text",
            "on": "date",
            "source": "text",
            "bulk_change": "integer",
            "recorded_by": "text",
            "recorded_at": "timestamptz",
        },
        [(*h, change.bulk_id, username, now) for h in history],
    )
