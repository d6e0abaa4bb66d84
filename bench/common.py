"""Shared pieces of the benchmarks: the app in-process, timing, percentiles, a printed table.

Each benchmark runs against the database named by VCS_DATABASE_URL, filled beforehand with
`vcs demo --victims N` (see docs/benchmarks.md).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx

from api.app import create_app
from api.web.clock import london_today
from vcs.core import db
from vcs.core.config import settings
from vcs.core.tables import Case
from vcs.synthetic.demo import DEMO_PASSWORD


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def time_calls(
    call: Callable[[], Awaitable[Any]], repeat: int, warmup: int = 5
) -> list[float]:
    """Milliseconds per call, after a few warm-up calls."""
    for _ in range(warmup):
        await call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": percentile(samples, 0.50),
        "p95_ms": percentile(samples, 0.95),
        "mean_ms": statistics.fmean(samples),
    }


def print_table(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    print(
        f"engine: {'PostgreSQL' if settings.is_postgres else 'SQLite'}; "
        f"cases in the database: {os.environ.get('VCS_BENCH_CASES', '?')}"
    )
    if not rows:
        return
    headers = list(rows[0])
    widths = [max(len(h), *(len(_fmt(r[h])) for r in rows)) for h in headers]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(_fmt(row[h]).ljust(w) for h, w in zip(headers, widths, strict=True)))


def _fmt(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


class ApiClient:
    """The real app, in-process over ASGI, with a connection pool as in production."""

    def __init__(self) -> None:
        self.app = create_app(pool=False)
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://bench"
        )
        self.headers: dict[str, str] = {}

    async def __aenter__(self) -> ApiClient:
        await db.start_pool()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.client.aclose()
        await db.close_pool()

    async def sign_in(self, username: str) -> None:
        response = await self.client.post(
            "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
        )
        response.raise_for_status()
        self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    async def get(self, url: str, **params: Any) -> httpx.Response:
        response = await self.client.get(url, headers=self.headers, params=params)
        response.raise_for_status()
        return response


async def count_cases() -> int:
    total = await Case.count()
    os.environ["VCS_BENCH_CASES"] = str(total)
    return int(total)


TODAY = london_today()
