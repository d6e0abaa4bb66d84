"""Where the `limits` library keeps its counts of failed sign-ins: the `SignInCount` table, so
every app process over one database counts together (nothing is counted per process).

A storage is made for one sign-in attempt with that attempt's time, so the windows follow the
clock the service is given (and tests can move it) rather than the machine's.
"""

from __future__ import annotations

from datetime import datetime

from limits.aio.storage import Storage

from vcs.access.tables import SignInCount
from vcs.core.db import write_transaction


class DatabaseCounts(Storage):
    """A fixed-window counter per key (`limits.aio.storage.Storage`), held in the database."""

    STORAGE_SCHEME = None  # made directly, never from a URI

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now_ms = int(now.timestamp() * 1000)
        self._read: dict[str, tuple[int, int]] = {}

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return ()

    async def _window(self, key: str) -> tuple[int, int]:
        """(hits, end in ms) of the key's current window; (0, now) when none is running. Read
        once per attempt: an attempt's checks all see the counts as they were when it began."""
        if key not in self._read:
            row = (
                await SignInCount.select(SignInCount.hits, SignInCount.ends_ms)
                .where((SignInCount.key == key) & (SignInCount.ends_ms > self.now_ms))
                .first()
            )
            self._read[key] = (row["hits"], row["ends_ms"]) if row else (0, self.now_ms)
        return self._read[key]

    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count `amount` in the key's window, starting a new window of `expiry` seconds if
        none is running; atomic, so failures counted at once by many processes are all kept."""
        ends = self.now_ms + expiry * 1000
        async with write_transaction():
            await SignInCount.insert(SignInCount(key=key, hits=0, ends_ms=ends)).on_conflict(
                action="DO NOTHING"
            )
            await SignInCount.update({SignInCount.hits: 0, SignInCount.ends_ms: ends}).where(
                (SignInCount.key == key) & (SignInCount.ends_ms <= self.now_ms)
            )
            rows = (
                await SignInCount.update({SignInCount.hits: SignInCount.hits + amount})
                .where(SignInCount.key == key)
                .returning(SignInCount.hits)
            )
        self._read.pop(key, None)
        return int(rows[0]["hits"])

    async def get(self, key: str) -> int:
        return (await self._window(key))[0]

    async def get_expiry(self, key: str) -> float:
        """When the key's window ends, in seconds since 1970."""
        return (await self._window(key))[1] / 1000

    async def check(self) -> bool:
        return True

    async def reset(self) -> int | None:
        async with write_transaction():
            await SignInCount.delete(force=True)
        self._read.clear()
        return None

    async def clear(self, key: str) -> None:
        async with write_transaction():
            await SignInCount.delete().where(SignInCount.key == key)
        self._read.pop(key, None)

    async def forget_ended(self) -> None:
        """Remove the windows that have ended, so the table holds only running ones."""
        async with write_transaction():
            await SignInCount.delete().where(SignInCount.ends_ms <= self.now_ms)
