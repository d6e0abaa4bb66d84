"""Service configuration, read once from the environment.

Every setting has a safe default so that `vcs serve` works on a fresh machine with nothing set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///vcs.sqlite"


def _extra_holidays(raw: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(part.strip()) for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """What an operator can change without touching code."""

    database_url: str = DEFAULT_DATABASE_URL
    deadline_policy: str = "working_days"  # or "calendar_weeks"; see deadlines.policy_named
    due_soon_working_days: int = 3
    extra_bank_holidays: tuple[date, ...] = ()
    token_minutes: int = 60
    secret_key: str | None = None
    pool_size: int = 4
    no_response_attempts: int = 2  # unsuccessful attempts before the follow-up letter
    reply_working_days: int = 10  # how long to wait for a reply to the follow-up letter

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read settings from `VCS_*` environment variables."""
    env = dict(os.environ) if env is None else env
    return Settings(
        database_url=env.get("VCS_DATABASE_URL", DEFAULT_DATABASE_URL),
        deadline_policy=env.get("VCS_DEADLINE_POLICY", "working_days"),
        due_soon_working_days=int(env.get("VCS_DUE_SOON_WORKING_DAYS", "3")),
        extra_bank_holidays=_extra_holidays(env.get("VCS_EXTRA_BANK_HOLIDAYS", "")),
        token_minutes=int(env.get("VCS_TOKEN_MINUTES", "60")),
        secret_key=env.get("VCS_SECRET_KEY") or None,
        pool_size=int(env.get("VCS_DB_POOL_SIZE", "4")),
        no_response_attempts=int(env.get("VCS_NO_RESPONSE_ATTEMPTS", "2")),
        reply_working_days=int(env.get("VCS_REPLY_WORKING_DAYS", "10")),
    )


settings = load_settings()
