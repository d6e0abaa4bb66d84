"""What runs beside the desks in `bench.working_day`: the data made ready, the service's
uvicorn workers, moto's SQS and SNS server with an HMPPS publisher feeding it a trickle of
events, `vcs events consume`, the local stand-in for GOV.UK Notify and `vcs notify send`
sending to it through the real client. Every process listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import httpx

from bench.events import start_moto
from tests.notify_standin import API_KEY, CALLBACK_TOKEN, NotifyStandIn, serve
from tests.sqs import Topic, event, free_port
from vcs.casework.tables import Preference
from vcs.core import db
from vcs.core.tables import Case, Offender, User

ROOT = Path(__file__).parents[1]
TEXTED_PER_VLO = 5  # cases per VLO whose victim is given text messages, then email
RELEASED_PER_VLO = 10  # cases per VLO whose offender is given a prison number if none
NOTIFY = {
    "VCS_NOTIFY_API_KEY": API_KEY,
    "VCS_NOTIFY_CALLBACK_TOKEN": CALLBACK_TOKEN,
    "VCS_NOTIFY_TEMPLATE_SMS_EN": "11111111-1111-4111-8111-111111111111",
    "VCS_NOTIFY_TEMPLATE_SMS_CY": "22222222-2222-4222-8222-222222222222",
    "VCS_NOTIFY_TEMPLATE_EMAIL_EN": "33333333-3333-4333-8333-333333333333",
    "VCS_NOTIFY_TEMPLATE_EMAIL_CY": "44444444-4444-4444-8444-444444444444",
    "VCS_NOTIFY_RATE": "50 per second",
}


@dataclass
class Desks:
    """The VLOs to sign in as, the cases each may tell by text, our offenders' prison numbers."""

    usernames: list[str]
    texted: dict[str, list[int]]
    prison_numbers: list[str]


def prison_number(offender_id: int) -> str:
    """A made-up prison number, one per offender (W, four digits, two letters)."""
    n = offender_id
    return f"W{n % 10000:04d}{chr(65 + n // 10000 % 26)}{chr(65 + n // 260000 % 26)}"


async def prepare(vlos: int) -> Desks:
    """Up to `vlos` VLOs with open cases (in the order they were made), a few of each one's
    victims choosing text messages then email, and prison numbers for some of their
    offenders (where the data has none), so that releases can be matched."""
    await db.migrate()
    working = await Case.select(Case.assigned_to).where(Case.state == "open").distinct()
    ids = [r["assigned_to"] for r in working if r["assigned_to"]]
    users = await (
        User.select(User.id, User.username)
        .where((User.role == "vlo") & (User.active == True) & User.id.is_in(ids or [0]))  # noqa: E712
        .order_by(User.id)
        .limit(vlos)
    )
    texted: dict[str, list[int]] = {}
    offenders: set[int] = set()
    for user in users:
        cases = await (
            Case.select(Case.id, Case.offender, Case.participation, Case.victim.phone)
            .where((Case.assigned_to == user["id"]) & (Case.state == "open"))
            .order_by(Case.id)
            .limit(4 * RELEASED_PER_VLO)
        )
        offenders.update(c["offender"] for c in cases[:RELEASED_PER_VLO])
        mobiles = [
            c["id"]
            for c in cases
            if c["participation"] != "opted_out" and c["victim.phone"].startswith("07")
        ]
        texted[user["username"]] = mobiles[:TEXTED_PER_VLO]
    chosen = [c for cases in texted.values() for c in cases]
    if chosen:
        await Preference.delete().where(Preference.case.is_in(chosen))
        await Preference.insert(*[Preference(case=c, channels=["sms", "email"]) for c in chosen])
    numbers = []
    for row in await Offender.select(Offender.id, Offender.prison_number).where(
        Offender.id.is_in(sorted(offenders) or [0])
    ):
        if not row["prison_number"]:
            row["prison_number"] = prison_number(row["id"])
            await Offender.update({Offender.prison_number: row["prison_number"]}).where(
                Offender.id == row["id"]
            )
        numbers.append(row["prison_number"])
    return Desks([u["username"] for u in users], texted, sorted(numbers))


@dataclass
class Publisher:
    """HMPPS publishing a trickle of events: releases of our offenders, transfers between
    prisons, and releases of people we do not know (unknown prison numbers), in turn."""

    topic: Topic
    numbers: list[str]
    per_minute: float
    published: dict[str, int] = field(default_factory=lambda: {"release": 0})
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        n = 0
        while not self.stop.wait(60 / self.per_minute):
            now = datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
            noms = self.numbers[n // 3 % len(self.numbers)] if self.numbers else "Z0000ZZ"
            kind = ("release", "transfer", "unknown")[n % 3]
            if kind == "transfer":
                e = event(noms=noms, occurred_at=now, reason="TRANSFERRED")
            elif kind == "unknown":
                e = event(noms=f"Z{n % 10000:04d}ZZ", occurred_at=now)
            else:
                e = event(noms=noms, occurred_at=now)
            self.topic.publish(e)
            self.published[kind] = self.published.get(kind, 0) + 1
            n += 1


@dataclass
class Running:
    base: str
    stand_in: NotifyStandIn
    publisher: Publisher
    processes: dict[str, subprocess.Popen[bytes]]
    log: str  # what the service and the workers wrote


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the service stopped as it started"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in two minutes")


def _cli(*args: str, env: dict[str, str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env, stdout=log, stderr=log
    )


@contextmanager
def services(
    desks: Desks, host: str, workers: int, pool: int, per_minute: float
) -> Iterator[Running]:
    """Everything started (the slowest to start first), then stopped when the day is over."""
    stand_in = NotifyStandIn()
    notify = serve(stand_in.app())
    env = {
        **os.environ,
        **NOTIFY,
        "VCS_NOTIFY_BASE_URL": notify.url,
        "VCS_DB_POOL_SIZE": str(pool),
    }
    log = tempfile.NamedTemporaryFile(prefix="working-day-", suffix=".log", delete=False)  # noqa: SIM115
    url = f"http://{host}:{free_port()}"
    processes = {"uvicorn": _uvicorn(url, workers, env, log)}
    moto: subprocess.Popen[bytes] | None = None
    publisher: Publisher | None = None
    try:
        moto, topic = start_moto()
        env.update(topic.environment())
        processes["events consumer"] = _cli("events", "consume", "--wait", "2", env=env, log=log)
        processes["notification worker"] = _cli("notify", "send", "--batch", "10", env=env, log=log)
        _wait_for(f"{url}/health", processes["uvicorn"])
        publisher = Publisher(topic, desks.prison_numbers, per_minute)
        threading.Thread(target=publisher.run, daemon=True).start()
        yield Running(url, stand_in, publisher, processes, log.name)
    finally:
        if publisher:
            publisher.stop.set()
        for process in [*processes.values(), *([moto] if moto else [])]:
            process.terminate()
        for process in [*processes.values(), *([moto] if moto else [])]:
            try:  # the consumer may be in a long poll: what it holds stays on the queue
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        notify.stop()
        log.close()


def _uvicorn(
    url: str, workers: int, env: dict[str, str], log: IO[bytes]
) -> subprocess.Popen[bytes]:
    host, port = url.removeprefix("http://").split(":")
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", host, "--port", port),
            *("--workers", str(workers), "--log-level", "warning", "--no-access-log"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
