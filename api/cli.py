"""The `vcs` command: serve, migrate and demo data here; each area adds its own commands."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from api.access import cli as access_cli
from api.casework import cli as casework_cli
from api.events import cli as events_cli
from api.notifications import cli as notifications_cli
from api.records import cli as records_cli
from api.records import retention_cli
from api.sentence import cli as sentence_cli
from api.web.clock import london_today
from api.web.logging import UVICORN_LOGGING
from vcs.access import admin
from vcs.access.audit_key import AuditKeyProblem
from vcs.core import db
from vcs.core.errors import DomainError
from vcs.synthetic import demo
from vcs.synthetic.national_load import load_national


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
    for area in (
        casework_cli,
        access_cli,
        records_cli,
        sentence_cli,
        retention_cli,
        notifications_cli,
        events_cli,
    ):
        area.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except DomainError as exc:
        problems = "; ".join(f"{p.field}: {p.message}" for p in exc.problems)
        print(f"vcs: {exc.message}" + (f" ({problems})" if problems else ""), file=sys.stderr)
        return 2
    except AuditKeyProblem as exc:
        print(f"vcs: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
