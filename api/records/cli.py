"""The record-keeping commands of `vcs`: back up and restore the whole database."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from api.access.cli import cli_actor, describe
from vcs.records import backup


def backup_to(args: argparse.Namespace) -> int:
    asyncio.run(backup.backup(cli_actor(), Path(args.file).resolve()))
    print(f"Backed up to {args.file}.")
    return 0


def restore_from(args: argparse.Namespace) -> int:
    check = asyncio.run(backup.restore(cli_actor(), Path(args.file).resolve()))
    print(f"Restored from {args.file}. {describe(check)}")
    return 0 if check.intact else 1


def register(sub: Any) -> None:
    """Add `backup FILE` and `restore FILE` to the `vcs` command."""
    b = sub.add_parser("backup", help="back up the whole database to FILE (audited)")
    b.add_argument("file")
    b.set_defaults(run=backup_to)
    r = sub.add_parser("restore", help="replace the whole database with the backup in FILE")
    r.add_argument("file")
    r.set_defaults(run=restore_from)
