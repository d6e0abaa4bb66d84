"""Piccolo configuration: the engine is chosen by `VCS_DATABASE_URL`.

A SQLite file is the embedded default; PostgreSQL is the production engine.
"""

from __future__ import annotations

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from vcs.core.config import settings

DB: PostgresEngine | SQLiteEngine
if settings.is_postgres:
    DB = PostgresEngine(config={"dsn": settings.database_url}, log_queries=False)
else:
    settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    DB = SQLiteEngine(path=str(settings.sqlite_path))

APP_REGISTRY = AppRegistry(apps=["vcs.core.piccolo_app"])
