"""The nightly sweep over every open clock, on a copy of the day's data: run for a date,
then run again for the same date (which must record nothing new).

    python -m bench.sweep
"""

from __future__ import annotations

import asyncio
import time

from bench.common import TODAY, count_cases, print_table
from vcs.casework import sweep


async def main() -> None:
    cases = await count_cases()
    rows = []
    for label in ("first run", "second run, same date"):
        started = time.perf_counter()
        result = await sweep.sweep(TODAY)
        rows.append(
            {
                "run": label,
                "seconds": time.perf_counter() - started,
                "open_clocks": result.open_clocks,
                "overdue": result.overdue,
                "newly_recorded": result.newly_overdue,
                "due_soon": result.due_soon,
                "no_response": result.no_response,
            }
        )
    print_table(f"Nightly sweep over every open clock ({cases} cases, {TODAY})", rows)
    print("target: under 10 s at 1,000,000 victims")


if __name__ == "__main__":
    asyncio.run(main())
