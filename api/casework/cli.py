"""`vcs sweep`: the nightly sweep over every open clock."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from typing import Any

from api.web.clock import london_today
from vcs.casework import sweep
from vcs.core import db


def run_sweep(args: argparse.Namespace) -> int:
    on = args.date or london_today()

    async def run() -> str:
        await db.migrate()
        result = await sweep.sweep(on)
        return (
            f"Sweep for {result.on.isoformat()}: {result.open_clocks} open clocks, "
            f"{result.overdue} overdue ({result.newly_overdue} newly recorded), "
            f"{result.due_soon} due soon; {result.no_response} cases now no response; "
            f"{result.tasks_created} tasks created."
        )

    print(asyncio.run(run()))
    return 0


def register(sub: Any) -> None:
    """Add `sweep [--date YYYY-MM-DD]` to the `vcs` command."""
    sw = sub.add_parser("sweep", help="work out every open clock for a date; record breaches once")
    sw.add_argument(
        "--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today in Europe/London)"
    )
    sw.set_defaults(run=run_sweep)
