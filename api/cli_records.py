"""The record-keeping commands of `vcs`: check the audit trail, back up and restore."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from pathlib import Path
from typing import Any

from vcs import audit, backup
from vcs.actors import Actor, Role


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


def backup_to(args: argparse.Namespace) -> int:
    asyncio.run(backup.backup(cli_actor(), Path(args.file).resolve()))
    print(f"Backed up to {args.file}.")
    return 0


def restore_from(args: argparse.Namespace) -> int:
    check = asyncio.run(backup.restore(cli_actor(), Path(args.file).resolve()))
    print(f"Restored from {args.file}. {describe(check)}")
    return 0 if check.intact else 1


def register(sub: Any) -> None:
    """Add `audit verify`, `backup FILE` and `restore FILE` to the `vcs` command."""
    a = sub.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True
    )
    verify = a.add_parser("verify", help="check the hash chain; exit 1 naming the first break")
    verify.set_defaults(run=audit_verify)
    b = sub.add_parser("backup", help="back up the whole database to FILE (audited)")
    b.add_argument("file")
    b.set_defaults(run=backup_to)
    r = sub.add_parser("restore", help="replace the whole database with the backup in FILE")
    r.add_argument("file")
    r.set_defaults(run=restore_from)
