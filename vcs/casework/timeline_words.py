"""Timeline entries as people read them: who a case was allocated to by their display name and
where it was transferred by the unit's name, never a username or a unit's code. Entries are
worded so when written; entries written before that are worded again, from their data, when
read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from vcs.access.people import display_names
from vcs.core.tables import Unit


def allocated_summary(after: str, before: str | None) -> str:
    """An allocation, by the VLOs' names."""
    return f"Allocated to {after}" + (f" (was {before})" if before else "")


def transferred_summary(before: str, after: str) -> str:
    """A transfer, by the units' names."""
    return f"Transferred from {before} to {after}"


async def unit_names(codes: Iterable[str | None]) -> dict[str, str]:
    """Each unit's name, by its code."""
    wanted = sorted({code for code in codes if code})
    if not wanted:
        return {}
    rows = await Unit.select(Unit.code, Unit.name).where(Unit.code.is_in(wanted))
    return {r["code"]: r["name"] or r["code"] for r in rows}


def _data(row: dict[str, Any]) -> dict[str, Any]:
    data = row.get("data") or {}
    return dict(json.loads(data) if isinstance(data, str) else data)


async def worded(rows: list[dict[str, Any]]) -> list[str]:
    """The summary of each timeline row (with its `kind`, `summary` and `data`), with names
    where the entry recorded a username or a unit's code."""
    data = [_data(r) if r["kind"] in ("allocated", "transferred") else {} for r in rows]
    people = await display_names(
        d.get(key)
        for r, d in zip(rows, data, strict=True)
        if r["kind"] == "allocated"
        for key in ("before", "after")
    )
    units = await unit_names(
        d.get(key)
        for r, d in zip(rows, data, strict=True)
        if r["kind"] == "transferred"
        for key in ("before", "after")
    )
    said = []
    for row, d in zip(rows, data, strict=True):
        if row["kind"] == "allocated" and d.get("after"):
            before = d.get("before")
            said.append(
                allocated_summary(
                    people.get(d["after"], d["after"]),
                    people.get(before, before) if before else None,
                )
            )
        elif row["kind"] == "transferred" and d.get("before") and d.get("after"):
            said.append(
                transferred_summary(
                    units.get(d["before"], d["before"]), units.get(d["after"], d["after"])
                )
            )
        else:
            said.append(str(row["summary"]))
    return said
