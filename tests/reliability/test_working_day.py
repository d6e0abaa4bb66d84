"""A short working day (issue 22): VLOs at their desks over the pages of real uvicorn workers,
while the events consumer reads HMPPS events from a real queue and the notification worker
sends the messages they approve to the stand-in for GOV.UK Notify. Nothing fails, every
action is done, and both workers handle what comes to them."""

from __future__ import annotations

import os

import pytest

from api.web.clock import london_today
from bench.working_day import Options, working_day
from bench.working_day_desk import MIX
from tests.fixtures import run
from vcs.casework.tables import Case
from vcs.synthetic.national_load import load_national

pytestmark = pytest.mark.reliability
POSTGRES = os.environ.get("VCS_DATABASE_URL", "").startswith("postgres")


def test_a_short_working_day_has_no_errors_and_keeps_both_workers_busy(database: None) -> None:
    run(load_national(3000, london_today(), seed=22))
    working = run(Case.select(Case.assigned_to).where(Case.state == "open").distinct())
    vlos_with_cases = len({r["assigned_to"] for r in working if r["assigned_to"]})
    options = Options(
        minutes=12 / 60,
        vlos=20,
        workers=2 if POSTGRES else 1,
        pool=5,
        think=1.0,
        events_per_minute=180,
    )

    day = run(working_day(options))

    assert day.errors == 0, day.figures.said
    done = {step.split(":")[0] for step in day.figures.samples}
    assert done >= set(MIX), set(MIX) - done
    # every VLO with open cases signs in, each simulated person sharing one of their accounts
    assert day.accounts == min(vlos_with_cases, 20)
    assert day.events.get("processed", 0) >= 1  # releases of our offenders
    assert day.events.get("unmatched", 0) >= 1  # prison numbers we do not know
    assert day.events.get("ignored", 0) >= 1  # transfers between prisons
    assert day.messages_approved >= 1
    assert day.messages_sent == day.messages_approved  # the worker sent every one approved
