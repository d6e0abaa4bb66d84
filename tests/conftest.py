"""Test set-up: one real database per test process.

SQLite (a file in a temporary folder) unless `VCS_DATABASE_URL` names a PostgreSQL database;
`.ci/run` runs the whole suite once on each engine. Run in parallel (`-n 2`), each worker gets
its own SQLite file or its own PostgreSQL database beside the one named. The URL must be set
before anything imports the tables, which is why it is chosen here, at import time.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import asyncpg

_worker = os.environ.get("PYTEST_XDIST_WORKER")


async def _fresh_database(url: str, name: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
        # A test database need not wait for its commits to reach the disk.
        await connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit TO off')
    finally:
        await connection.close()


_url = os.environ.get("VCS_DATABASE_URL", "")
if not _url or (_worker and _url.startswith("sqlite")):  # workers inherit the parent's URL
    _folder = Path(tempfile.mkdtemp(prefix="vcs-tests-"))
    os.environ["VCS_DATABASE_URL"] = f"sqlite:///{_folder / 'vcs.sqlite'}"
elif _worker and os.environ["VCS_DATABASE_URL"].startswith("postgres"):
    _base, _, _db = os.environ["VCS_DATABASE_URL"].rpartition("/")
    _name = f"{_db}_{_worker}"
    asyncio.run(_fresh_database(os.environ["VCS_DATABASE_URL"], _name))
    os.environ["VCS_DATABASE_URL"] = f"{_base}/{_name}"
# The audit key file and checkpoints of this test process, outside the database and the clone.
_audit = Path(tempfile.mkdtemp(prefix=f"vcs-audit-{_worker or 'main'}-"))
os.environ["VCS_AUDIT_KEY_FILE"] = str(_audit / "audit.key")
os.environ["VCS_AUDIT_CHECKPOINTS"] = str(_audit / "checkpoints")
os.environ.pop("VCS_AUDIT_KEY", None)
os.environ.setdefault("VCS_SECRET_KEY", "tests-only-signing-key-not-for-production-use-0123456789")

pytest_plugins = ["tests.fixtures", "tests.sqs"]
