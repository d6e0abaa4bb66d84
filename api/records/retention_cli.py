"""`vcs retention`: list or remove what is past its retention period after a case closed."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from typing import Any

from api.access.cli import cli_actor
from api.web.clock import london_today
from vcs.core import db
from vcs.records import retention


def describe(result: retention.RetentionRun) -> str:
    """Case numbers, kinds and counts only: never a victim's details."""
    verb = "Would remove" if result.dry_run else "Removed"
    lines = [
        f"{verb}: case {r.case_id}, {r.kind} ({r.count} record(s)): {r.why}"
        for r in result.removals
    ]
    cases = len({r.case_id for r in result.removals if r.kind == "case"})
    lines.append(
        f"{verb} {cases} case(s) and {len(result.removals)} group(s) of records in all "
        f"(as of {result.on.isoformat()})."
        + (" Nothing was changed." if result.dry_run else " Each removal is in the audit trail.")
    )
    return "\n".join(lines)


def run_retention(args: argparse.Namespace) -> int:
    on = args.date or london_today()

    async def run() -> retention.RetentionRun:
        await db.migrate()
        return await retention.apply_retention(cli_actor(), on, args.dry_run)

    print(describe(asyncio.run(run())))
    return 0


def register(sub: Any) -> None:
    """Add `retention [--dry-run] [--date YYYY-MM-DD]` to the `vcs` command."""
    r = sub.add_parser(
        "retention",
        help="remove closed cases' records past their retention period (VCS_RETENTION_YEARS_*)",
    )
    r.add_argument(
        "--dry-run", action="store_true", help="list what would go and why; change nothing"
    )
    r.add_argument(
        "--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today in Europe/London)"
    )
    r.set_defaults(run=run_retention)
