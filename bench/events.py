"""Events from HMPPS: how many a second two consumers handle on the database named by
VCS_DATABASE_URL (the production engine is PostgreSQL), and how long from an event's arrival on
the queue to the VLO's task.

    VCS_DATABASE_URL=postgresql://... python -m bench.events [--events 6000]

Starts moto's SQS and SNS server on a free port (stopped at the end), fills the database with
the demo (300 victims) if it is empty, gives each demo offender a prison number, then measures:

1. the inbox alone: two processes handing the same mix of events (10% redelivered) to
   `vcs.events.inbox.receive_batch` ten at a time, as two `vcs events consume` do;
2. end to end: two `vcs events consume` processes reading the queue while the events are
   published through the SNS topic (the local server scans its whole queue on each call, so the
   publisher keeps it under 120 messages and this figure is bound by that server);
3. arrival to task: one release at a time, published while the two consumers wait on a long
   poll, timed until the VLO's task is in the database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import TODAY, percentile, print_table
from tests.reliability.test_events import publish_all, redeliver
from tests.sqs import Topic, event, free_port
from vcs.core import db
from vcs.core.tables import Case, Offender, Task
from vcs.events import inbox
from vcs.events.tables import InboxMessage
from vcs.synthetic import demo

ROOT = Path(__file__).parents[1]


def query_count(query: Any) -> int:
    """A Piccolo count, run to its answer from synchronous code."""

    async def wait() -> int:
        return int(await query)

    return asyncio.run(wait())


def at(i: int, day: int) -> str:
    return f"2026-02-{day:02d}T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"


async def prepare() -> list[str]:
    await db.migrate()
    if not await Case.count():
        await demo.load(TODAY, victims=300)
    for row in await Offender.select(Offender.id).where(Offender.prison_number.is_null()):
        await Offender.update({Offender.prison_number: f"B{row['id'] % 10000:04d}BC"}).where(
            Offender.id == row["id"]
        )
    await InboxMessage.delete(force=True)
    # Offenders with a victim who gets a task on release: opted in, or not yet contacted.
    told = await Case.select(Case.offender).where(
        (Case.state == "open")
        & (
            (Case.participation == "not_contacted")
            | ((Case.participation == "opted_in") & Case.participation_level.is_not_null())
        )
    )
    rows = await Offender.select(Offender.prison_number).where(
        Offender.id.is_in([c["offender"] for c in told] or [0])
    )
    return sorted({r["prison_number"] for r in rows})


def mix(numbers: list[str], count: int, day: int) -> list[dict[str, Any]]:
    """Releases of our offenders (each a key stage and tasks), unknown prison numbers (the
    review queue) and transfers (ignored), in equal parts."""
    events = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            events.append(event(noms=numbers[i % len(numbers)], occurred_at=at(i, day)))
        elif kind == 1:
            events.append(event(noms=f"Z{i % 10000:04d}ZZ", occurred_at=at(i, day)))
        else:
            noms = numbers[i % len(numbers)]
            events.append(event(noms=noms, occurred_at=at(i, day), reason="TRANSFERRED"))
    return events


def envelope(e: dict[str, Any], message_id: str) -> str:
    return json.dumps({"Type": "Notification", "MessageId": message_id, "Message": json.dumps(e)})


def _inbox_worker(part: list[tuple[str, str]]) -> None:
    async def work() -> None:
        await db.start_pool()
        try:
            for n in range(0, len(part), 10):
                await inbox.receive_batch(part[n : n + 10], "queue", datetime.now(UTC))
        finally:
            await db.close_pool()

    asyncio.run(work())


def inbox_alone(numbers: list[str], count: int) -> dict[str, Any]:
    events = mix(numbers, count, 1)
    messages = [(envelope(e, str(uuid.uuid4())), str(uuid.uuid4())) for e in events]
    messages += messages[: count // 10]  # redelivered
    parts = [messages[0::2], messages[1::2]]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_inbox_worker, parts)
    seconds = time.perf_counter() - started
    return {
        "measure": "inbox alone, 2 processes",
        "messages": len(messages),
        "seconds": round(seconds, 1),
        "per_second": round(len(messages) / seconds),
    }


def start_moto() -> tuple[subprocess.Popen[bytes], Topic]:
    import httpx

    port = free_port()
    process = subprocess.Popen(
        [shutil.which("moto_server") or "moto_server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    while True:
        try:
            httpx.get(f"{endpoint}/moto-api/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    bare = Topic(endpoint, "", "")
    sqs, sns = bare.client("sqs"), bare.client("sns")
    url = sqs.create_queue(QueueName="vcs-bench")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    topic_arn = sns.create_topic(Name="vcs-bench")["TopicArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn)
    return process, Topic(endpoint, topic_arn, url)


def consumers(topic: Topic) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [sys.executable, "-m", "api.cli", "events", "consume", "--wait", "20"],
            cwd=ROOT,
            env={**os.environ, **topic.environment(), "VCS_DB_POOL_SIZE": "10"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]


def end_to_end(topic: Topic, numbers: list[str], count: int) -> dict[str, Any]:
    before = query_count(InboxMessage.count())
    started = time.perf_counter()
    published = publish_all(topic, mix(numbers, count, 2))
    redeliver(topic, published[: count // 10])
    while query_count(InboxMessage.count()) < before + count or topic.waiting():
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    total = count + count // 10
    return {
        "measure": "end to end through SNS and SQS, 2 consumers",
        "messages": total,
        "seconds": round(seconds, 1),
        "per_second": round(total / seconds),
    }


def arrival_to_task(topic: Topic, numbers: list[str], samples: int) -> dict[str, Any]:
    waits = []
    for i in range(samples):
        noms = numbers[i % len(numbers)]
        now = datetime.now(UTC).isoformat(timespec="seconds")  # a new release each run
        e = event(noms=noms, occurred_at=now, reason="RELEASED")
        time.sleep(1.1)
        tasks = query_count(Task.count())
        started = time.perf_counter()
        topic.publish(e)
        while query_count(Task.count()) == tasks:
            assert time.perf_counter() - started < 120, "no task within two minutes"
            time.sleep(0.01)
        waits.append(time.perf_counter() - started)
    return {
        "measure": "arrival to the VLO's task",
        "samples": samples,
        "median_s": round(percentile(waits, 0.5), 2),
        "p95_s": round(percentile(waits, 0.95), 2),
        "max_s": round(max(waits), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    numbers = asyncio.run(prepare())
    row = inbox_alone(numbers, args.events)
    print_table(row.pop("measure"), [row])
    process, topic = start_moto()
    running = consumers(topic)
    try:
        time.sleep(3)
        for measure in (
            lambda: end_to_end(topic, numbers, args.events // 3),
            lambda: arrival_to_task(topic, numbers, args.samples),
        ):
            row = measure()
            print_table(row.pop("measure"), [row])
    finally:
        for p in running:
            p.terminate()
            p.wait()
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
