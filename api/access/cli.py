"""The `vcs` commands for accounts and the audit trail: add a user, check the audit trail."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
from typing import Any

from vcs.access import admin, audit
from vcs.access.schemas import UserCreate
from vcs.core import db
from vcs.core.actors import Actor, Role


def cli_actor() -> Actor:
    """Who the audit trail names for a command run on the server: the operating-system user."""
    return Actor(
        user_id=0,
        username=f"cli:{getpass.getuser()}",
        role=Role.ADMIN,
        unit_id=None,
        unit_code=None,
    )


def describe(check: audit.ChainCheck) -> str:
    if check.intact:
        return f"Audit trail intact: {check.entries} entries verified."
    return (
        f"Audit trail broken at entry {check.first_broken_id}: its hash or its link to the entry "
        f"before does not match ({check.entries} entries before it verified)."
    )


def audit_verify(_: argparse.Namespace) -> int:
    """Exit 0 when every entry's hash and link check out; 1 naming the first broken entry."""
    check = asyncio.run(audit.verify_chain())
    print(describe(check))
    return 0 if check.intact else 1


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


def register(sub: Any) -> None:
    """Add `user add NAME` and `audit verify` to the `vcs` command."""
    u = sub.add_parser("user", help="manage users").add_subparsers(
        dest="user_command", required=True
    )
    ua = u.add_parser("add", help="add a user (password from VCS_NEW_USER_PASSWORD or a prompt)")
    ua.add_argument("username")
    ua.add_argument("--role", required=True, choices=[r.value for r in Role])
    ua.add_argument("--unit", help="unit code (not for admin)")
    ua.add_argument("--name", help="display name")
    ua.set_defaults(run=user_add)
    a = sub.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True
    )
    verify = a.add_parser("verify", help="check the hash chain; exit 1 naming the first break")
    verify.set_defaults(run=audit_verify)
