"""Backing up and restoring the whole database, on either engine.

SQLite: the online backup API of `sqlite3`, which copies a consistent snapshot while the service
keeps running; the copy is written beside the target and renamed into place, so a backup cut
short never leaves a half-written file. Restoring copies the backup into the live file in one
locked step.
PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --single-transaction`,
so a restore lands whole or not at all. A password in `VCS_DATABASE_URL` is handed to them in
`PGPASSWORD`, never on the command line.

Taking a backup is an export of everything held, victims' details included: it is recorded in
the audit trail (inside the backup itself). So is a restore, after it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from vcs.access import audit, audit_verify
from vcs.access.audit_checkpoints import set_aside_after
from vcs.access.audit_key import audit_key
from vcs.core import db
from vcs.core.actors import Actor
from vcs.core.config import settings
from vcs.core.errors import InvalidInput


def _pg_target() -> tuple[str, dict[str, str]]:
    """The database URL without its password, and the environment carrying the password."""
    parts = urlsplit(settings.database_url)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = parts.password
        host = parts.hostname or ""
        netloc = f"{parts.username}@{host}" if parts.username else host
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts), env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise InvalidInput.on("engine", f"{command[0]} is not installed on this machine")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise InvalidInput.on("file", f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def _sqlite_copy(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _check_sqlite_backup(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError:
        ok, tables = False, set()
    if not ok or "audit_entry" not in tables:
        raise InvalidInput.on("file", "This file is not a backup of this service")


def _dump(path: Path) -> None:
    if db.is_postgres():
        url, env = _pg_target()
        _run(["pg_dump", "--format=custom", f"--file={path}", f"--dbname={url}"], env)
        return
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        _sqlite_copy(settings.sqlite_path, Path(temp))
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


def _load(path: Path) -> None:
    if db.is_postgres():
        url, env = _pg_target()
        restore = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*restore, f"--dbname={url}", str(path)], env)
        return
    _check_sqlite_backup(path)
    _sqlite_copy(path, settings.sqlite_path)


async def backup(actor: Actor, path: Path) -> None:
    """Write a backup of the whole database to `path`, recording the export in the audit
    trail first so that the backup holds the record of its own making."""
    if not await asyncio.to_thread(path.parent.is_dir):
        raise InvalidInput.on("file", f"There is no folder {path.parent}")
    await audit.record(actor, "backup", "database", None, f"backup to {path.name}")
    await asyncio.to_thread(_dump, path)


async def restore(actor: Actor, path: Path) -> audit_verify.ChainCheck:
    """Replace the whole database with the backup at `path` (stop the service first), bring
    its schema up to date, record the restore in the audit trail and check the chain.

    The audit trail goes back to the backup's: the signed checkpoints of entries newer than
    the backup are set aside (kept in a folder beside them, no longer checked), and the
    restore's own entry says how many."""
    if not await asyncio.to_thread(path.is_file):
        raise InvalidInput.on("file", f"There is no file {path}")
    await asyncio.to_thread(_load, path)
    await db.migrate()
    restored = await audit_verify.newest_entries()
    set_aside = await asyncio.to_thread(set_aside_after, restored, audit_key())
    detail = f"restore from {path.name}"
    if set_aside:
        detail += f"; {set_aside} newer audit checkpoint{'s' if set_aside > 1 else ''} set aside"
    await audit.record(actor, "restore", "database", None, detail)
    return await audit_verify.verify_chain()
