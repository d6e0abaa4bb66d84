"""A VLO's caseload page (most urgent first, 50 rows): p50 and p95 through the API, the same rows
by the best raw SQL query, and the ratio. Also the unit-wide caseload a manager sees.

    python -m bench.caseload [--repeat 200]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time
from typing import Any

import asyncpg

from bench.common import TODAY, ApiClient, count_cases, percentile, print_table, summary, time_calls
from vcs.core.config import settings
from vcs.core.tables import NO_CLOCK, Case, User

RAW = """
SELECT c.id, v.name, v.relationship, c.offender, o.name, u.code, au.username, c.state,
       c.eligibility_status, c.participation, c.next_due
FROM vcs_case c
JOIN victim v ON v.id = c.victim
JOIN offender o ON o.id = c.offender
JOIN unit u ON u.id = c.unit
LEFT JOIN app_user au ON au.id = c.assigned_to
WHERE c.unit = {unit} AND c.state = 'open' {assigned}
ORDER BY c.next_due, c.id
LIMIT 50
"""


async def raw_timings(unit: int, vlo: int | None, repeat: int) -> list[float]:
    placeholder = "$1" if settings.is_postgres else "?"
    sql = RAW.format(unit=int(unit), assigned=f"AND c.assigned_to = {placeholder}" if vlo else "")
    args = (vlo,) if vlo else ()
    samples = []
    if settings.is_postgres:
        conn = await asyncpg.connect(settings.database_url)
        stmt = await conn.prepare(sql)
        for i in range(repeat + 5):
            started = time.perf_counter()
            rows = await stmt.fetch(*args)
            if i >= 5:
                samples.append((time.perf_counter() - started) * 1000)
        await conn.close()
    else:
        conn2 = sqlite3.connect(settings.sqlite_path)
        for i in range(repeat + 5):
            started = time.perf_counter()
            rows = conn2.execute(sql, args).fetchall()
            if i >= 5:
                samples.append((time.perf_counter() - started) * 1000)
        conn2.close()
    assert len(rows) == 50 or not rows or len(rows) < 50
    return samples


async def main(repeat: int) -> None:
    cases = await count_cases()
    vlo = (
        await User.select(User.id, User.username, User.unit)
        .where(User.username == "vlo.nlon1")
        .first()
    )
    assert vlo, "load the national data first: vcs demo --victims N"
    own = await Case.count().where((Case.assigned_to == vlo["id"]) & (Case.state == "open"))
    rows: list[dict[str, Any]] = []
    async with ApiClient() as api:
        await api.sign_in("vlo.nlon1")
        for label, params, assignee in [
            (
                f"VLO's own caseload ({own} open cases)",
                {"assigned_to": "vlo.nlon1", "state": "open"},
                vlo["id"],
            ),
            ("the whole unit's open caseload", {"state": "open"}, None),
        ]:
            page = await api.get("/api/v1/cases", limit=50, **params)
            assert (
                len(page.json()["items"]) == 50 and page.json()["items"][0]["next_due"] != NO_CLOCK
            )
            through_api = summary(
                await time_calls(lambda p=params: api.get("/api/v1/cases", limit=50, **p), repeat)
            )
            raw = await raw_timings(vlo["unit"], assignee, repeat)
            rows.append(
                {
                    "page": label,
                    "api_p50_ms": through_api["p50_ms"],
                    "api_p95_ms": through_api["p95_ms"],
                    "sql_p50_ms": percentile(raw, 0.5),
                    "sql_p95_ms": percentile(raw, 0.95),
                    "ratio_p95": through_api["p95_ms"] / max(percentile(raw, 0.95), 0.001),
                }
            )
    print_table(f"Caseload page, 50 rows, most urgent first ({cases} cases, {TODAY})", rows)
    print("targets: API p95 <= 50 ms and <= 3x the raw SQL")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    asyncio.run(main(parser.parse_args().repeat))
