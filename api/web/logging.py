"""Structured logs: one JSON object per line, and one access line per request.

The access line holds the method, the route template (`/api/v1/cases/{case_id}`, never the
raw path), the status, the duration and the user name: never a body, never a query string, so a
victim's details cannot reach the logs through a request. Exceptions are logged by type only:
their messages (and SQL errors) may quote the values that were sent.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

from litestar.enums import ScopeType
from litestar.logging.config import LoggingConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from vcs.core.actors import Actor

access_log = logging.getLogger("vcs.access")
NO_ROUTE = "(no route)"


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", ...}`: the record's `event` fields, or else its message."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        event = getattr(record, "event", None)
        if isinstance(event, dict):
            line.update(event)
        else:
            line["message"] = record.getMessage()
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
        return json.dumps(line, default=str)


# Database drivers log each statement with its parameters at DEBUG: keep them quieter, whatever
# level the rest of the service logs at.
QUIET = {name: {"level": "WARNING"} for name in ("aiosqlite", "asyncpg", "piccolo")}


def litestar_logging() -> LoggingConfig:
    """For Litestar: every log record of the app process goes out as JSON."""
    return LoggingConfig(
        formatters={"standard": {"()": "api.web.logging.JsonFormatter"}},
        loggers=dict(QUIET),
        log_exceptions="never",
    )


# For uvicorn (`vcs serve`): its own loggers as JSON too; its access log is replaced by ours.
UVICORN_LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "api.web.logging.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        **QUIET,
    },
}


def route_of(scope: Scope) -> str:
    """The route template the request matched, never the raw path."""
    return str(scope.get("path_template") or NO_ROUTE)


def user_of(scope: Scope) -> str | None:
    user = scope.get("user")
    return user.username if isinstance(user, Actor) else None


class AccessLog:
    """ASGI middleware writing one structured line per HTTP request once it is answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            event = {
                "event": "request",
                "method": scope.get("method", ""),
                "route": route_of(scope),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": user_of(scope),
            }
            access_log.info(json.dumps(event), extra={"event": event})
