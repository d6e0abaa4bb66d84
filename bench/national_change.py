"""A national release-date change: the Sentencing Act 2026 progression model (every standard
determinate sentence still in custody released at one third, or one half, instead of one half,
40% or two thirds), previewed then applied over the whole database, as a national manager would
from the command line (`vcs key-dates apply`). Prints, for each of the model's moves, the
release dates moved, the victims' tasks made and the seconds taken.

    python -m bench.national_change [--effective-from YYYY-MM-DD] [--date YYYY-MM-DD]

It changes the data: run it on a copy (`createdb -T <database> <copy>`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from api.access.cli import cli_actor
from api.web.clock import london_today
from bench.common import count_cases, print_table
from vcs.core import db
from vcs.core.config import settings
from vcs.core.tables import Case
from vcs.offender_side import national
from vcs.offender_side.schemas import BulkChangeIn
from vcs.sentence.release_rules import progression_model


async def _server_cpu() -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend serving this database (read from
    /proc: the server on this machine); empty on SQLite or when they cannot be read."""
    if not settings.is_postgres:
        return {}
    rows = await Case.raw("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
    return _cpu_of([int(r["pid"]) for r in rows])


def _cpu_of(pids: list[int]) -> dict[int, float]:
    used = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return {}
        used[pid] = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    return used


async def main(effective_from: date, today: date) -> None:
    await db.migrate()
    await db.start_pool()
    cases = await count_cases()
    actor = cli_actor()
    rows: list[dict[str, Any]] = []
    for change in progression_model(effective_from).changes:
        data = BulkChangeIn(
            name=change.name,
            sentence_types=change.sentence_types,
            release_fraction_from=change.release_fraction_from,
            release_fraction_to=change.release_fraction_to,
            effective_from=change.effective_from,
        )
        started = time.perf_counter()
        preview = await national.preview_bulk_change(actor, data, today, 1, 0)
        previewed, cpu, server = time.perf_counter(), time.process_time(), await _server_cpu()
        out = await national.apply_bulk_change(actor, data, today)
        applied, cpu = time.perf_counter(), time.process_time() - cpu
        server_after = await _server_cpu()
        server_cpu = sum(v - server.get(pid, 0.0) for pid, v in server_after.items())
        rows.append(
            {
                "move": change.words,
                "to_move": preview.offenders_affected,
                "to_tell": preview.victims_to_tell,
                "preview_s": previewed - started,
                "moved": out.offenders_changed,
                "tasks": out.tasks_created,
                "apply_s": applied - previewed,
                "apply_cpu_app_s": cpu,
                "apply_cpu_db_s": server_cpu,
            }
        )
    await db.close_pool()
    print_table(f"The progression model from {effective_from} ({cases} cases, {today})", rows)
    print(
        f"in all: {sum(r['moved'] for r in rows)} release dates moved, "
        f"{sum(r['tasks'] for r in rows)} tasks made; preview "
        f"{sum(r['preview_s'] for r in rows):.1f} s, apply {sum(r['apply_s'] for r in rows):.1f} s "
        f"(CPU: {sum(r['apply_cpu_app_s'] for r in rows):.1f} s here, "
        f"{sum(r['apply_cpu_db_s'] for r in rows):.1f} s in the database)"
    )
    print("target: the apply in 60 s or less at 1,000,000 victims on PostgreSQL")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effective-from", type=date.fromisoformat, default=None)
    parser.add_argument("--date", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    today = args.date or london_today()
    asyncio.run(main(args.effective_from or today, today))
