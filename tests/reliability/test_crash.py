"""A long batch killed mid-way and run again: no duplicate, no half-written record (issue 8,
item 7). The sweep records breaches a chunk per transaction; killing it between chunks must
leave each chunk whole, and the rerun must finish the rest exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.fixtures import run
from vcs.core.piccolo_conf import DB
from vcs.core.tables import Case, CaseEvent, Deadline
from vcs.synthetic.national_load import load_national

pytestmark = pytest.mark.reliability
ROOT = Path(__file__).parents[2]
TODAY = date(2026, 11, 21)


def _recorded() -> tuple[int, int]:
    breaches = run(Deadline.count().where(Deadline.breach_recorded_on.is_not_null()))
    events = run(CaseEvent.count().where(CaseEvent.kind == "deadline_missed"))
    return breaches, events


def test_sweep_killed_mid_way_then_rerun_records_each_breach_once(database: None) -> None:
    run(load_national(4000, TODAY, seed=7))
    # Every open case's first-contact clock unmet and long overdue, nothing recorded yet.
    run(
        DB.run_ddl(
            "UPDATE deadline SET met_on = NULL, breach_recorded_on = NULL, due = '2026-01-05' WHERE clock = 'first_contact'"
        )
    )
    run(DB.run_ddl("DELETE FROM case_event WHERE kind = 'deadline_missed'"))
    expected = run(
        Deadline.count().where(
            (Deadline.clock == "first_contact") & (Deadline.case.state == "open")
        )
    )
    assert expected > 1000
    env = {**os.environ, "VCS_SWEEP_CHUNK": "25"}
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "sweep", "--date", TODAY.isoformat()],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _recorded()[0] < expected // 4:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    breaches, events = _recorded()
    assert 0 < breaches < expected, "the sweep should have been stopped part of the way through"
    assert breaches == events  # each committed chunk whole: a mark and its timeline event together
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "sweep", "--date", TODAY.isoformat()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # The sweep also raises annual contact clocks (some already overdue): every breach it
    # records, of any clock, is counted once with its timeline event.
    recorded, timeline = _recorded()
    assert recorded == timeline
    assert f"({recorded - breaches} newly recorded)" in done.stdout
    first_contact = run(
        Deadline.count().where(
            (Deadline.clock == "first_contact")
            & (Deadline.case.state == "open")
            & Deadline.breach_recorded_on.is_not_null()
        )
    )
    assert first_contact == expected
    # No case has more missed-deadline events than breaches recorded on its clocks.
    duplicates = run(
        DB.run_ddl(
            'SELECT e."case", COUNT(*) AS n FROM case_event e '
            "WHERE e.kind = 'deadline_missed' GROUP BY e.\"case\" HAVING COUNT(*) <> ("
            'SELECT COUNT(*) FROM deadline d WHERE d."case" = e."case" '
            "AND d.breach_recorded_on IS NOT NULL)"
        )
    )
    assert duplicates == []
    assert run(Case.count().where(Case.state == "open")) == expected
