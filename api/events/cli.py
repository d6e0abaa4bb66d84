"""`vcs events consume`: read HMPPS domain events from the service's SQS queue.

Long-polls `VCS_EVENTS_QUEUE_URL` (`AWS_ENDPOINT_URL` for a local SQS server; the region and
credentials as boto3 finds them), unwraps each SNS envelope and hands the event to the inbox. A
message is deleted from the queue only once it is recorded and handled, or parked; a message
whose handling failed stays, and the queue delivers it again after the visibility timeout.
Several consumers may run at once: the inbox makes each event's effects once. SIGTERM or
SIGINT stops it after the messages in hand.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import time
from typing import Any

from api.web.clock import utc_now
from vcs.core import db
from vcs.events import inbox

DEFAULT_REGION = "eu-west-2"


def sqs_client() -> Any:
    """A boto3 SQS client; boto3 itself reads `AWS_ENDPOINT_URL` and the credentials."""
    import boto3

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
    return boto3.client("sqs", region_name=region)


async def _handle(message: dict[str, Any]) -> str | None:
    """The message's receipt handle once it may be deleted, or None to have it delivered again
    (the database could not be reached: the queue keeps the message, and the consumer goes on)."""
    try:
        receipt = await inbox.receive(message["Body"], message["MessageId"], "queue", utc_now())
    except Exception as exc:  # the message stays on the queue; never a crash loop
        print(f"vcs: message left on the queue: {type(exc).__name__}", file=sys.stderr)
        return None
    return None if receipt.status == "received" else str(message["ReceiptHandle"])


async def consume(
    queue_url: str,
    client: Any,
    stop: asyncio.Event,
    *,
    wait: int = 20,
    batch: int = 10,
    visibility: int = 60,
    max_messages: int = 0,
    idle_exit: float = 0.0,
) -> int:
    """Read and handle messages until stopped; returns how many were handled."""
    handled = 0
    idle_since = time.monotonic()
    while not stop.is_set():
        response = await asyncio.to_thread(
            client.receive_message,
            QueueUrl=queue_url,
            MaxNumberOfMessages=batch,
            WaitTimeSeconds=wait,
            VisibilityTimeout=visibility,
        )
        messages = response.get("Messages", [])
        if not messages:
            if idle_exit and time.monotonic() - idle_since >= idle_exit:
                break
            continue
        idle_since = time.monotonic()
        done = await _handle_batch(messages)
        if done:
            await asyncio.to_thread(
                client.delete_message_batch,
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": h} for i, h in enumerate(done)],
            )
        handled += len(messages)
        if max_messages and handled >= max_messages:
            break
    return handled


async def _handle_batch(messages: list[dict[str, Any]]) -> list[str]:
    """The receipt handles of the messages that may be deleted: recorded and handled in one
    transaction, or (when one of them fails) each on its own."""
    try:
        statuses = await inbox.receive_batch(
            [(m["Body"], m["MessageId"]) for m in messages], "queue", utc_now()
        )
    except Exception:  # the database could not be reached: each message on its own
        handles = [await _handle(m) for m in messages]
        return [h for h in handles if h]
    return [m["ReceiptHandle"] for m, s in zip(messages, statuses, strict=True) if s != "received"]


def run(args: argparse.Namespace) -> int:
    queue_url = os.environ.get("VCS_EVENTS_QUEUE_URL", "")
    if not queue_url:
        print("vcs: set VCS_EVENTS_QUEUE_URL to the queue's URL", file=sys.stderr)
        return 2

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await db.start_pool()
        try:
            return await consume(
                queue_url,
                sqs_client(),
                stop,
                wait=0 if args.once else args.wait,
                batch=args.batch,
                visibility=args.visibility,
                max_messages=args.max_messages,
                idle_exit=0.001 if args.once else args.idle_exit,
            )
        finally:
            await db.close_pool()

    handled = asyncio.run(main())
    print(f"Handled {handled} {'message' if handled == 1 else 'messages'}.")
    return 0


def register(sub: Any) -> None:
    events = sub.add_parser("events", help="events from HMPPS systems")
    commands = events.add_subparsers(dest="events_command", required=True)
    c = commands.add_parser("consume", help="read events from the SQS queue until stopped")
    c.add_argument("--once", action="store_true", help="read what is waiting, then stop")
    c.add_argument("--max-messages", type=int, default=0, help="stop after this many (0: never)")
    c.add_argument("--wait", type=int, default=20, help="long-poll seconds (1 to 20)")
    c.add_argument("--batch", type=int, default=10, help="messages per receive (1 to 10)")
    c.add_argument("--visibility", type=int, default=60, help="seconds a message is held")
    c.add_argument(
        "--idle-exit", type=float, default=0.0, help="stop after this many idle seconds (0: never)"
    )
    c.set_defaults(run=run)
