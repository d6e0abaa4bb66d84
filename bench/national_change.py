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
import time
from datetime import date

from api.access.cli import cli_actor
from api.web.clock import london_today
from bench.common import count_cases, print_table
from vcs.core import db
from vcs.offender_side import national
from vcs.offender_side.schemas import BulkChangeIn
from vcs.sentence.release_rules import progression_model


async def main(effective_from: date, today: date) -> None:
    await db.migrate()
    await db.start_pool()
    cases = await count_cases()
    actor = cli_actor()
    rows = []
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
        previewed = time.perf_counter()
        out = await national.apply_bulk_change(actor, data, today)
        applied = time.perf_counter()
        rows.append(
            {
                "move": change.words,
                "to_move": preview.offenders_affected,
                "to_tell": preview.victims_to_tell,
                "preview_s": previewed - started,
                "moved": out.offenders_changed,
                "tasks": out.tasks_created,
                "apply_s": applied - previewed,
            }
        )
    await db.close_pool()
    print_table(f"The progression model from {effective_from} ({cases} cases, {today})", rows)
    print(
        f"in all: {sum(r['moved'] for r in rows)} release dates moved, "
        f"{sum(r['tasks'] for r in rows)} tasks made; preview "
        f"{sum(r['preview_s'] for r in rows):.1f} s, apply {sum(r['apply_s'] for r in rows):.1f} s"
    )
    print("target: the apply in 60 s or less at 1,000,000 victims on PostgreSQL")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--effective-from", type=date.fromisoformat, default=None)
    parser.add_argument("--date", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    today = args.date or london_today()
    asyncio.run(main(args.effective_from or today, today))
