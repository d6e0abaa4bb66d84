"""The `vcs` commands for accounts and the audit trail: add, deactivate and reactivate a user;
check the audit trail and sign a checkpoint of it."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
from typing import Any

from vcs.access import accounts, admin, audit_verify
from vcs.access.audit_checkpoints import Checkpoint, folder, in_words
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


def _lanes(lanes: dict[int, int]) -> str:
    """Each lane walked and its last good entry, in words."""
    if not lanes:
        return "Lanes: none yet."
    each = ", ".join(f"lane {lane} to entry {seq}" for lane, seq in sorted(lanes.items()))
    return f"Lanes: {len(lanes)} ({each})."


def describe(check: audit_verify.ChainCheck) -> str:
    """What `vcs audit verify` found, in words: each lane's first bad entry, how far each lane
    runs, the key used, where keyed hashing starts and the checkpoints compared."""
    if check.intact:
        lines = [f"Audit trail intact: {check.entries} entries verified."]
    else:
        first = check.problems[0]
        where = (
            f"broken at {audit_verify.entry_name(first.lane, first.seq)}"
            if first.seq
            else "not verified"
        )
        lines = [f"Audit trail {where}: {first.message}."]
        lines += [f"Also: {p.message}." for p in check.problems[1:]]
    lines.append(_lanes(check.lanes))
    made = ", made just now because there was none" if check.key.created else ""
    lines.append(f"Key: {check.key.source}{made}.")
    if check.key.created and not check.intact:
        lines.append(
            "If the trail was kept with another key, put that key back (VCS_AUDIT_KEY or the "
            "key file) and check again."
        )
    if check.keyed_from > 1:
        lines.append(
            f"Entries 1 to {check.keyed_from - 1} of lane 0 were made before the service had an "
            f"audit key: they are checked against their unkeyed chain, and entry "
            f"{check.keyed_from} binds them under the key."
        )
    if check.checkpoints:
        newest = check.checkpoints[-1]
        lines.append(
            f"Checkpoints: {len(check.checkpoints)} in {folder()}, the newest of "
            f"{_entries(newest)} on {in_words(newest.written_at)}."
        )
    else:
        lines.append(f"Checkpoints: none yet in {folder()} (vcs audit checkpoint writes one).")
    return "\n".join(lines)


def _entries(checkpoint: Checkpoint) -> str:
    """What a checkpoint records: each lane's newest entry."""
    lanes = [f"lane {lane} to entry {seq}" for lane, seq, _ in checkpoint.heads]
    return f"{checkpoint.entries} entries ({', '.join(lanes) or 'none'})"


def audit_verify_command(_: argparse.Namespace) -> int:
    """Exit 0 when every entry and checkpoint checks out; 1 naming the first bad entry."""

    async def run() -> audit_verify.ChainCheck:
        await db.migrate()
        return await audit_verify.verify_chain()

    check = asyncio.run(run())
    print(describe(check))
    return 0 if check.intact else 1


def checkpoint_line(outcome: audit_verify.CheckpointOutcome) -> str:
    if outcome.written is None:
        return "Audit checkpoint not written. " + describe(outcome.check)
    written = outcome.written
    return (
        f"Audit checkpoint written: {_entries(written)}, signed with "
        f"{outcome.check.key.source}, in {folder() / written.name}."
    )


def audit_checkpoint_command(_: argparse.Namespace) -> int:
    """Sign a checkpoint of the newest entry; exit 1, writing nothing, if the trail is bad."""

    async def run() -> audit_verify.CheckpointOutcome:
        await db.migrate()
        return await audit_verify.take_checkpoint()

    outcome = asyncio.run(run())
    print(checkpoint_line(outcome))
    return 0 if outcome.written else 1


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


def user_deactivate(args: argparse.Namespace) -> int:
    async def run() -> None:
        await db.migrate()
        await accounts.deactivate(cli_actor(), args.username)

    asyncio.run(run())
    print(f"Deactivated {args.username}: they cannot sign in, and every session of theirs ended.")
    return 0


def user_reactivate(args: argparse.Namespace) -> int:
    async def run() -> None:
        await db.migrate()
        await accounts.reactivate(cli_actor(), args.username)

    asyncio.run(run())
    print(f"Reactivated {args.username}: they can sign in again.")
    return 0


def register(sub: Any) -> None:
    """Add `user add|deactivate|reactivate NAME` and `audit verify|checkpoint` to the `vcs`
    command."""
    u = sub.add_parser("user", help="manage users").add_subparsers(
        dest="user_command", required=True
    )
    ua = u.add_parser("add", help="add a user (password from VCS_NEW_USER_PASSWORD or a prompt)")
    ua.add_argument("username")
    ua.add_argument("--role", required=True, choices=[r.value for r in Role])
    ua.add_argument("--unit", help="unit code (not for admin)")
    ua.add_argument("--name", help="display name")
    ua.set_defaults(run=user_add)
    ud = u.add_parser("deactivate", help="stop a user signing in and end their sessions at once")
    ud.add_argument("username")
    ud.set_defaults(run=user_deactivate)
    ur = u.add_parser("reactivate", help="let a deactivated user sign in again")
    ur.add_argument("username")
    ur.set_defaults(run=user_reactivate)
    a = sub.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True
    )
    verify = a.add_parser(
        "verify",
        help="check every lane of the keyed trail and the checkpoints; exit 1 naming a bad entry",
    )
    verify.set_defaults(run=audit_verify_command)
    checkpoint = a.add_parser(
        "checkpoint", help="sign a checkpoint of every lane's newest entry, outside the database"
    )
    checkpoint.set_defaults(run=audit_checkpoint_command)
