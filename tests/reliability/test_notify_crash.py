"""Sending workers killed mid-run: nothing is ever sent twice (issue 20).

Two `vcs notify send` workers send a bulk change's messages through the real client to the
stand-in for Notify; the stand-in holds its answers after a quarter of them, so the workers
are killed with messages sent but not recorded. Workers run again find those by their client
reference and record them; the rest are sent once each."""

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
from tests.notify_standin import API_KEY, CALLBACK_TOKEN, NotifyStandIn, serve
from vcs.casework.tables import Preference
from vcs.core.actors import Actor, Role
from vcs.core.tables import Case
from vcs.notifications import queue
from vcs.notifications.bulk import queue_release_month_messages
from vcs.notifications.schemas import MessagesApprove
from vcs.notifications.tables import Notification
from vcs.synthetic.national_load import load_national

pytestmark = pytest.mark.reliability
ROOT = Path(__file__).parents[2]
TODAY = date(2026, 11, 21)
NATIONAL = Actor(0, "national", Role.NATIONAL_MANAGER, None, None)
# Several workers share PostgreSQL (SKIP LOCKED); SQLite has one writer.
WORKERS = 2 if os.environ.get("VCS_DATABASE_URL", "").startswith("postgres") else 1


async def _queue_and_approve() -> int:
    cases = await Case.select(Case.id, Case.unit).where(Case.state == "open")
    await Preference.insert(*[Preference(case=c["id"], channels=["sms", "email"]) for c in cases])
    months = {c["id"]: date(2027, 3, 1) for c in cases}
    queued = await queue_release_month_messages(NATIONAL, "bulk-crash", months, TODAY)
    units = await Notification.select(Notification.unit).distinct()
    for unit in units:
        vlo = Actor(1, "vlo", Role.VLO, unit["unit"], "VLU")
        await queue.approve(vlo, None, MessagesApprove(batch="bulk-crash", confirm=True), TODAY)
    return queued.queued


def _workers(n: int, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "api.cli", "notify", "send", "--once", "--batch", "10"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(n)
    ]


def test_workers_killed_between_sending_and_recording_never_send_twice(database: None) -> None:

    run(load_national(700, TODAY, seed=20))
    total = run(_queue_and_approve())
    assert total > 200
    stand_in = NotifyStandIn()
    stand_in.hold_after = total // 4
    served = serve(stand_in.app())
    env = {
        **os.environ,
        "VCS_NOTIFY_API_KEY": API_KEY,
        "VCS_NOTIFY_BASE_URL": served.url,
        "VCS_NOTIFY_CALLBACK_TOKEN": CALLBACK_TOKEN,
        "VCS_NOTIFY_TEMPLATE_SMS_EN": "11111111-1111-4111-8111-111111111111",
        "VCS_NOTIFY_TEMPLATE_SMS_CY": "22222222-2222-4222-8222-222222222222",
        "VCS_NOTIFY_TEMPLATE_EMAIL_EN": "33333333-3333-4333-8333-333333333333",
        "VCS_NOTIFY_TEMPLATE_EMAIL_CY": "44444444-4444-4444-8444-444444444444",
        "VCS_NOTIFY_RATE": "2000 per second",
        "VCS_NOTIFY_LEASE_SECONDS": "1",
    }
    try:
        first = _workers(WORKERS, env)
        assert stand_in.holding.wait(timeout=40), "the workers never reached the hold"
        for process in first:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        stand_in.release.set()
        in_flight = run(Notification.count().where(Notification.state == "sending"))
        sent_before = len(stand_in.sent)
        assert in_flight >= 1 and 0 < sent_before < total
        time.sleep(1.2)  # the dead workers' lease runs out
        again = _workers(WORKERS, env)
        outputs = [p.communicate(timeout=50) for p in again]
        assert all(p.returncode == 0 for p in again), [o[1].decode()[-2000:] for o in outputs]
    finally:
        stand_in.release.set()
        served.stop()
    assert stand_in.duplicates() == []
    assert len(stand_in.sent) == total
    # The national data holds messages of its own, sent long ago: this batch's are checked.
    batch = Notification.batch == "bulk-crash"
    states = {
        s["state"] for s in run(Notification.select(Notification.state).where(batch).distinct())
    }
    assert states <= {"sent", "delivered"}  # a message found at Notify has its status too
    recovered = sum(
        int(o[0].decode().split("found already sent ")[1].split(",")[0]) for o in outputs
    )
    assert recovered >= 1  # a message sent before the kill was found by its reference
    references = {s.reference for s in stand_in.sent}
    rows = run(Notification.select(Notification.reference, Notification.attempt).where(batch))
    assert references == {f"{r['reference']}-{r['attempt']}" for r in rows}
