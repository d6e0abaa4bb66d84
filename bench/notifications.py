"""A bulk change telling 50,000 victims: their messages queued (in chunks, the addressee rules
read a chunk at a time), approved per unit, then a sample sent through the real client to the
tests' stand-in for GOV.UK Notify at the configured rate.

    python -m bench.notifications [--victims 50000] [--send 600] [--rate "20 per second"]

Needs a database with at least that many open cases (`vcs demo --victims 150000` makes about
60,000). It sets those victims' choices to text message then email, and adds messages: run it
on a copy.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import replace
from datetime import date

from bench.common import TODAY, print_table
from tests.notify_standin import API_KEY, NotifyStandIn, serve
from vcs.casework.tables import Preference
from vcs.core import config
from vcs.core.actors import Actor, Role
from vcs.core.tables import Case
from vcs.notifications import queue
from vcs.notifications.bulk import queue_release_month_messages
from vcs.notifications.client import notify_client
from vcs.notifications.schemas import MessagesApprove
from vcs.notifications.tables import Notification
from vcs.notifications.worker import Sender

NATIONAL = Actor(0, "national", Role.NATIONAL_MANAGER, None, None)


async def _choose_text_then_email(case_ids: list[int]) -> None:
    for start in range(0, len(case_ids), 2000):
        chunk = case_ids[start : start + 2000]
        await Preference.delete().where(Preference.case.is_in(chunk))
        await Preference.insert(*[Preference(case=c, channels=["sms", "email"]) for c in chunk])


async def main(victims: int, send: int, rate: str) -> None:
    cases = await Case.select(Case.id).where(Case.state == "open").order_by(Case.id).limit(victims)
    ids = [c["id"] for c in cases]
    await _choose_text_then_email(ids)
    batch = f"bulk-bench-{int(time.time())}"
    started = time.perf_counter()
    queued = await queue_release_month_messages(
        NATIONAL, batch, dict.fromkeys(ids, date(2027, 3, 1)), TODAY
    )
    queue_seconds = time.perf_counter() - started
    started = time.perf_counter()
    units = (
        await Notification.select(Notification.unit).where(Notification.batch == batch).distinct()
    )
    approved = 0
    for unit in units:
        vlo = Actor(1, "vlo", Role.VLO, unit["unit"], None)
        done = await queue.approve(vlo, None, MessagesApprove(batch=batch, confirm=True), TODAY)
        approved += done.approved
    approve_seconds = time.perf_counter() - started
    # Only `send` of them go out in the benchmark: the rest wait for the next batch's date.
    later = (
        await Notification.select(Notification.id)
        .where((Notification.batch == batch) & (Notification.state == "queued"))
        .order_by(Notification.id)
        .offset(send)
        .limit(1)
    )
    if later:
        await Notification.update({Notification.state: "awaiting_approval"}).where(
            (Notification.batch == batch) & (Notification.id >= later[0]["id"])
        )
    stand_in = NotifyStandIn()
    served = serve(stand_in.app())
    config.settings = replace(
        config.settings, notify_api_key=API_KEY, notify_base_url=served.url, notify_rate=rate
    )
    try:
        started = time.perf_counter()
        result = await Sender(notify_client(), "bench", lambda: TODAY).run_once(50)
        send_seconds = time.perf_counter() - started
    finally:
        served.stop()
    print_table(
        f"A bulk change telling {len(ids)} victims ({config.settings.database_url.split(':')[0]})",
        [
            {
                "step": "queue (awaiting approval)",
                "messages": queued.queued,
                "seconds": queue_seconds,
            },
            {"step": "approve, per unit", "messages": approved, "seconds": approve_seconds},
            {
                "step": f"send a sample at {rate}",
                "messages": result.sent,
                "seconds": send_seconds,
            },
        ],
    )
    print(f"not messaged (post only, no number or email...): {queued.not_messaged}")
    print(f"duplicates at the stand-in: {len(stand_in.duplicates())}")
    print(f"sent per second: {result.sent / send_seconds:.1f} (configured: {rate})")
    print("target: 50,000 victims' messages queued in under a minute on PostgreSQL")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--victims", type=int, default=50_000)
    p.add_argument("--send", type=int, default=600)
    p.add_argument("--rate", default="20 per second")
    args = p.parse_args()
    asyncio.run(main(args.victims, args.send, args.rate))
