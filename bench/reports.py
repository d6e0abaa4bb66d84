"""How long the Victims' Code reports take at national volume.

Load a national dataset, then time each report for the national manager (every unit) and for
one unit's manager, over one year and over five:

    export VCS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/vcs_bench
    vcs migrate && vcs demo --victims 200000
    python bench/reports.py --runs 5

Prints the median and the slowest of the runs, in milliseconds, after one warming run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

from vcs.core import db
from vcs.core.actors import Actor, Role
from vcs.core.tables import Unit
from vcs.reports import compliance as reports
from vcs.reports import scheme as scheme_reports


async def _time(call: Callable[[], Awaitable[Any]], runs: int) -> tuple[float, float]:
    await call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


async def main(runs: int, today: date) -> None:
    await db.start_pool()
    try:
        unit = await Unit.select(Unit.id, Unit.code).where(Unit.kind == "vlu").first()
        assert unit, "no Victim Liaison Unit: load a dataset first (vcs demo --victims N)"
        national = Actor(0, "bench.national", Role.NATIONAL_MANAGER, None, None)
        manager = Actor(0, "bench.manager", Role.VLU_MANAGER, unit["id"], unit["code"])
        print(f"{'who':<9} {'period':<6} {'report':<15} {'median ms':>10} {'max ms':>8}")
        for who, actor in (("national", national), (unit["code"], manager)):
            for years in (1, 5):
                start = today - timedelta(days=365 * years)
                calls: dict[str, Callable[[], Awaitable[Any]]] = {
                    "timeliness": partial(reports.timeliness, actor, start, today, None, today),
                    "late-referrers": partial(
                        reports.late_referrers, actor, start, today, None, today
                    ),
                    "scheme": partial(
                        scheme_reports.scheme_figures, actor, start, today, None, today
                    ),
                    "caseload": partial(scheme_reports.caseloads, actor, None, today),
                }
                for name, call in calls.items():
                    median, slowest = await _time(call, runs)
                    print(f"{who:<9} {years}y     {name:<15} {median:>10.1f} {slowest:>8.1f}")
    finally:
        await db.close_pool()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())  # noqa: DTZ011
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.today))
