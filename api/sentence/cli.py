"""`vcs key-dates apply`: apply a release-policy change to a class of sentences from the command
line, as `POST /api/v1/key-dates/bulk-changes` does. Keyed by its name: running it again changes
nothing, and a run stopped half-way is finished by running it again."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from typing import Any

from pydantic import ValidationError

from api.access.cli import cli_actor
from api.web.clock import london_today
from vcs.core import db
from vcs.sentence import bulk_changes
from vcs.sentence.schemas import BulkChangeIn, BulkChangeOut


def apply(args: argparse.Namespace) -> int:
    """Validate the change as the API would, apply it and say what it did."""
    try:
        data = BulkChangeIn(
            name=args.name,
            sentence_types=[t.strip() for t in args.sentence_types.split(",") if t.strip()],
            release_fraction_from=args.fraction_from,
            release_fraction_to=args.fraction_to,
            effective_from=args.effective_from,
        )
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"])
            print(f"vcs: {field}: {error['msg']}", file=sys.stderr)
        return 2

    async def run() -> BulkChangeOut:
        await db.migrate()
        return await bulk_changes.apply_bulk_change(cli_actor(), data, args.date or london_today())

    out = asyncio.run(run())
    if out.already_applied:
        print(f"{out.name} was applied before: nothing changed.")
    else:
        print(
            f"{out.name}: {out.offenders_changed} release dates moved; "
            f"{out.tasks_created} victims to tell."
        )
    return 0


def register(sub: Any) -> None:
    """Add `key-dates apply` to the `vcs` command."""
    k = sub.add_parser("key-dates", help="the sentences' key dates").add_subparsers(
        dest="key_dates_command", required=True
    )
    a = k.add_parser("apply", help="apply a release-policy change to a class of sentences")
    a.add_argument("--name", required=True, help="the change's name, its key")
    a.add_argument("--sentence-types", required=True, help="comma separated: imprisonment,...")
    a.add_argument("--from", dest="fraction_from", required=True, help="old share, e.g. 0.5")
    a.add_argument("--to", dest="fraction_to", required=True, help="new share, e.g. 0.4")
    a.add_argument("--effective-from", required=True, help="YYYY-MM-DD")
    a.add_argument("--date", type=date.fromisoformat, help="today (default: Europe/London)")
    a.set_defaults(run=apply)
