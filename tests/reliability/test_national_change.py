"""A national release-date change killed part way (SIGKILL) and run again: it finishes, every
victim to be told has exactly one task, and no release date moves twice (issue 22). The change
moves a chunk of sentences per transaction; the run again resumes after the last chunk done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import run
from vcs.core.piccolo_conf import DB
from vcs.sentence import bulk_changes
from vcs.synthetic.national_load import load_national

pytestmark = pytest.mark.reliability
ROOT = Path(__file__).parents[2]
TODAY = date(2026, 11, 21)
NAME = "Progression model: one half to one third"
PARAMS: dict[str, Any] = {
    "sentence_types": ["imprisonment", "youth_detention"],
    "fraction_from": "0.5",
    "fraction_to": "0.3333",
    "effective_from": TODAY,
}
APPLY = [
    sys.executable,
    "-m",
    "api.cli",
    "key-dates",
    "apply",
    "--name",
    NAME,
    "--sentence-types",
    "imprisonment,youth_detention",
    "--from",
    "0.5",
    "--to",
    "0.3333",
    "--effective-from",
    TODAY.isoformat(),
    "--date",
    TODAY.isoformat(),
]


def _count(sql: str) -> int:
    return int(run(DB.run_ddl(sql))[0]["n"])


def _moved() -> int:
    return _count("SELECT COUNT(*) AS n FROM key_stage WHERE bulk_change IS NOT NULL")


async def _planned() -> dict[int, Any]:
    return {
        kd["offender"]: new
        async for batch in bulk_changes.planned_moves(PARAMS)
        for kd, new in batch
    }


def test_a_national_change_killed_part_way_then_run_again_moves_and_tells_once(
    database: None,
) -> None:
    run(load_national(4000, TODAY, seed=9))
    planned = run(_planned())
    assert len(planned) > 100
    env = {**os.environ, "VCS_BULK_CHANGE_CHUNK": "10"}
    process = subprocess.Popen(
        APPLY, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _moved() < len(planned) // 5:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    before = _moved()
    assert 0 < before < len(planned), "the change should have been stopped part of the way"
    done = subprocess.run(
        APPLY, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert f"{len(planned)} release dates moved" in done.stdout
    # Every sentence planned moved once, to its new date; nothing else moved.
    rows = run(
        DB.run_ddl(
            "SELECT k.offender, k.release_date, k.release_fraction FROM key_dates k "
            "JOIN key_stage s ON s.offender = k.offender WHERE s.bulk_change IS NOT NULL"
        )
    )
    assert len(rows) == len(planned)
    for r in rows:
        assert str(r["release_date"]) == str(planned[r["offender"]])
        assert r["release_fraction"] == "0.3333"
    twice = "HAVING COUNT(*) > 1"
    assert not run(
        DB.run_ddl(
            "SELECT offender, field FROM key_date_change WHERE bulk_change IS NOT NULL "
            f"GROUP BY offender, field {twice}"
        )
    )
    assert _count("SELECT COUNT(*) AS n FROM key_stage WHERE bulk_change IS NOT NULL") == len(
        planned
    )
    # Each victim to be told has one task, and one notice pointing at it.
    assert not run(
        DB.run_ddl(
            'SELECT n."case" FROM key_stage_notice n JOIN key_stage s ON s.id = n.stage '
            f'WHERE s.bulk_change IS NOT NULL GROUP BY n."case" {twice}'
        )
    )
    tasks = _count("SELECT COUNT(*) AS n FROM task WHERE kind = 'tell_release_date_changed'")
    notices = _count(
        "SELECT COUNT(*) AS n FROM key_stage_notice n JOIN task t ON t.id = n.task "
        "WHERE t.kind = 'tell_release_date_changed'"
    )
    assert tasks == notices > 0
    assert f"{tasks} victims to tell" in done.stdout
    # The stage is on every open case's timeline once.
    assert not run(
        DB.run_ddl(
            "SELECT \"case\" FROM case_event WHERE kind = 'key_stage' "
            "AND summary LIKE 'Key stage: release date changed%' "
            f'GROUP BY "case" {twice}'
        )
    )
