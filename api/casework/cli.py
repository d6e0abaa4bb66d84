"""`vcs sweep`: the nightly sweep over every open clock, then a signed audit checkpoint."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from typing import Any

from api.access.cli import checkpoint_line
from api.web.clock import london_today
from vcs.casework import sweep
from vcs.core import db


def run_sweep(args: argparse.Namespace) -> int:
    """The sweep, then a signed audit checkpoint; exit 1 if the audit trail did not hold."""
    on = args.date or london_today()

    async def run() -> sweep.Nightly:
        await db.migrate()
        return await sweep.nightly(on)

    done = asyncio.run(run())
    result = done.sweep
    print(
        f"Sweep for {result.on.isoformat()}: {result.open_clocks} open clocks, "
        f"{result.overdue} overdue ({result.newly_overdue} newly recorded), "
        f"{result.due_soon} due soon; {result.no_response} cases now no response; "
        f"{result.tasks_created} tasks created."
    )
    print(checkpoint_line(done.checkpoint))
    return 0 if done.checkpoint.written else 1


def register(sub: Any) -> None:
    """Add `sweep [--date YYYY-MM-DD]` to the `vcs` command."""
    sw = sub.add_parser("sweep", help="work out every open clock for a date; record breaches once")
    sw.add_argument(
        "--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today in Europe/London)"
    )
    sw.set_defaults(run=run_sweep)
