"""`vcs notify send`: the worker that sends approved messages through GOV.UK Notify."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
from datetime import timedelta
from typing import Any

from api.web.clock import london_today
from vcs.core import db
from vcs.notifications.client import notify_client
from vcs.notifications.worker import Sender

IDLE_SECONDS = 5


def run_send(args: argparse.Namespace) -> int:
    """Send what is due; with --once stop when nothing is, otherwise keep going."""
    name = f"{socket.gethostname()}:{os.getpid()}"

    async def run() -> int:
        await db.start_pool()
        try:
            sender = Sender(notify_client(), name, london_today)
            while True:
                done = await sender.run_once(args.batch)
                done.polled = await sender.poll(timedelta(minutes=args.ask_after_minutes))
                if args.once or done.errors:
                    print(done.summary())
                    for error in done.errors:
                        print(error)
                if args.once:
                    return 0
                await asyncio.sleep(IDLE_SECONDS)
        finally:
            await db.close_pool()

    return asyncio.run(run())


def register(sub: Any) -> None:
    """Add `notify send [--once] [--batch N] [--ask-after-minutes M]` to the `vcs` command."""
    notify = sub.add_parser("notify", help="messages to victims through GOV.UK Notify")
    actions = notify.add_subparsers(dest="notify_command", required=True)
    send = actions.add_parser("send", help="send approved messages at the configured rate")
    send.add_argument("--once", action="store_true", help="stop when nothing is due")
    send.add_argument("--batch", type=int, default=50, help="messages claimed at a time")
    send.add_argument(
        "--ask-after-minutes",
        type=int,
        default=30,
        help="ask Notify the status of a message sent this long ago without a callback",
    )
    send.set_defaults(run=run_send)
