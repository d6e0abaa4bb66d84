"""The `vcs` command: serve, migrate, demo data, users."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Sequence
from datetime import date

from api import cli_key_dates, cli_records, cli_retention
from api.clock import london_today
from api.logging import UVICORN_LOGGING
from vcs import admin, db, demo, sweep
from vcs.actors import Role
from vcs.errors import DomainError
from vcs.national_load import load_national
from vcs.schemas.admin import UserCreate


async def _prepare(load_demo: bool) -> None:
    await db.migrate()
    password = os.environ.get("VCS_ADMIN_PASSWORD")
    if password and await admin.ensure_admin(password):
        print("Created the admin user from VCS_ADMIN_PASSWORD.")
    if load_demo:
        if await demo.has_data():
            print("The database already holds cases; demo data not added again.")
        else:
            summary = await demo.load(london_today(), victims=300)
            print(summary)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    asyncio.run(_prepare(args.demo))
    print(f"Serving on http://{args.host}:{args.port}  (API docs at /schema)")
    uvicorn.run(
        "api.asgi:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        access_log=False,
        log_config=UVICORN_LOGGING,
        proxy_headers=True,
    )
    return 0


def migrate(_: argparse.Namespace) -> int:
    asyncio.run(db.migrate())
    print("Database is up to date.")
    return 0


def load_demo(args: argparse.Namespace) -> int:
    async def run() -> str:
        await db.migrate()
        if args.victims > demo.LARGEST_WORKED_DEMO:
            return await load_national(args.victims, london_today(), seed=args.seed)
        return await demo.load(london_today(), victims=args.victims, seed=args.seed)

    print(asyncio.run(run()))
    return 0


def run_sweep(args: argparse.Namespace) -> int:
    on = args.date or london_today()

    async def run() -> str:
        await db.migrate()
        result = await sweep.sweep(on)
        return (
            f"Sweep for {result.on.isoformat()}: {result.open_clocks} open clocks, "
            f"{result.overdue} overdue ({result.newly_overdue} newly recorded), "
            f"{result.due_soon} due soon; {result.no_response} cases now no response; "
            f"{result.tasks_created} tasks created."
        )

    print(asyncio.run(run()))
    return 0


def user_add(args: argparse.Namespace) -> int:
    password = os.environ.get("VCS_NEW_USER_PASSWORD") or getpass.getpass("Password: ")

    async def run() -> None:
        await db.migrate()
        await admin.add_user(
            UserCreate(
                username=args.username,
                password=password,
                role=Role(args.role),
                unit_code=args.unit,
                display_name=args.name or "",
            )
        )

    asyncio.run(run())
    print(f"Added {args.username} ({args.role}).")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vcs", description="Victim Contact Scheme tracker")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the service (migrations applied first)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=1)
    s.add_argument("--demo", action="store_true", help="add demo data if the database is empty")
    s.set_defaults(run=serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(run=migrate)
    d = sub.add_parser("demo", help="fill the database with synthetic demo data")
    d.add_argument(
        "--victims",
        type=int,
        default=300,
        help="how many victims; above 1000 a national dataset is bulk-loaded (12 regions)",
    )
    d.add_argument("--seed", type=int, default=2026)
    d.set_defaults(run=load_demo)
    sw = sub.add_parser("sweep", help="work out every open clock for a date; record breaches once")
    sw.add_argument(
        "--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today in Europe/London)"
    )
    sw.set_defaults(run=run_sweep)
    u = sub.add_parser("user", help="manage users").add_subparsers(
        dest="user_command", required=True
    )
    ua = u.add_parser("add", help="add a user (password from VCS_NEW_USER_PASSWORD or a prompt)")
    ua.add_argument("username")
    ua.add_argument("--role", required=True, choices=[r.value for r in Role])
    ua.add_argument("--unit", help="unit code (not for admin)")
    ua.add_argument("--name", help="display name")
    ua.set_defaults(run=user_add)
    cli_records.register(sub)
    cli_key_dates.register(sub)
    cli_retention.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except DomainError as exc:
        problems = "; ".join(f"{p.field}: {p.message}" for p in exc.problems)
        print(f"vcs: {exc.message}" + (f" ({problems})" if problems else ""), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
