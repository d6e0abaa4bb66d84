"""Test set-up: one real database per run.

SQLite (a file in a temporary folder) unless `VCS_DATABASE_URL` names a PostgreSQL database;
`.ci/run` runs the whole suite once on each engine. The URL must be set before anything imports
the tables, which is why it is chosen here, at import time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

if not os.environ.get("VCS_DATABASE_URL"):
    _folder = Path(tempfile.mkdtemp(prefix="vcs-tests-"))
    os.environ["VCS_DATABASE_URL"] = f"sqlite:///{_folder / 'vcs.sqlite'}"
os.environ.setdefault("VCS_SECRET_KEY", "tests-only-signing-key-not-for-production-use-0123456789")

pytest_plugins = ["tests.fixtures"]
