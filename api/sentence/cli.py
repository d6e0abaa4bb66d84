"""`vcs key-dates preview` and `vcs key-dates apply`: a release-policy change to a class of
sentences from the command line, as `POST /api/v1/key-dates/bulk-changes/preview` and
`POST /api/v1/key-dates/bulk-changes` do, run as the administrator. `apply` previews the change
(and prints what it will do) before applying it. Keyed by its name: running it again changes
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
from vcs.offender_side import national
from vcs.offender_side.schemas import BulkChangeIn, BulkChangeOut, BulkChangePreview

EVERY_OFFENDER = 10_000_000


def _change(args: argparse.Namespace) -> BulkChangeIn | None:
    """The change as the API would read it, or None having said what is wrong."""
    try:
        return BulkChangeIn(
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
        return None


def describe(preview: BulkChangePreview) -> str:
    """What a previewed change will do, in lines for the console."""
    lines = [
        f"{preview.name}: {preview.offenders_affected} release dates to move; "
        f"{preview.victims_to_tell} of {preview.victims} victims to tell."
    ]
    lines += [
        f"  {u.unit_code} ({u.unit_name}): {u.offenders} offenders, {u.victims} victims, "
        f"{u.victims_to_tell} to tell"
        for u in preview.units
    ]
    return "\n".join(lines)


async def _preview(data: BulkChangeIn, today: date) -> BulkChangePreview:
    await db.migrate()
    return await national.preview_bulk_change(cli_actor(), data, today, EVERY_OFFENDER, 0)


def preview(args: argparse.Namespace) -> int:
    """Say what the change would do, per unit, and record the preview."""
    data = _change(args)
    if data is None:
        return 2
    print(describe(asyncio.run(_preview(data, args.date or london_today()))))
    return 0


def apply(args: argparse.Namespace) -> int:
    """Validate the change as the API would, preview it, apply it and say what it did."""
    data = _change(args)
    if data is None:
        return 2
    today = args.date or london_today()

    async def run() -> tuple[BulkChangePreview, BulkChangeOut]:
        shown = await _preview(data, today)
        return shown, await national.apply_bulk_change(cli_actor(), data, today)

    shown, out = asyncio.run(run())
    if shown.state != "done":
        print(describe(shown))
    if out.already_applied:
        print(f"{out.name} was applied before: nothing changed.")
    else:
        print(
            f"{out.name}: {out.offenders_changed} release dates moved; "
            f"{out.tasks_created} victims to tell."
        )
    return 0


def register(sub: Any) -> None:
    """Add `key-dates preview` and `key-dates apply` to the `vcs` command."""
    k = sub.add_parser("key-dates", help="the sentences' key dates").add_subparsers(
        dest="key_dates_command", required=True
    )
    for name, run, words in (
        ("preview", preview, "say what a release-policy change would do, per unit"),
        ("apply", apply, "preview, then apply, a release-policy change to a class of sentences"),
    ):
        a = k.add_parser(name, help=words)
        a.add_argument("--name", required=True, help="the change's name, its key")
        a.add_argument("--sentence-types", required=True, help="comma separated: imprisonment,...")
        a.add_argument("--from", dest="fraction_from", required=True, help="old share, e.g. 0.5")
        a.add_argument("--to", dest="fraction_to", required=True, help="new share, e.g. 0.4")
        a.add_argument("--effective-from", required=True, help="YYYY-MM-DD")
        a.add_argument("--date", type=date.fromisoformat, help="today (default: Europe/London)")
        a.set_defaults(run=run)
