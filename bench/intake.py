"""Referral intake over real HTTP: uvicorn with several workers on 127.0.0.1, concurrent
Witness Care clients posting referrals for a fixed time. Prints throughput, p50 and p99, and
the processor time the app workers spent per referral.

    python -m bench.intake [--workers 2] [--clients 16] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.common import TODAY, count_cases, percentile, print_table
from vcs.synthetic.demo import DEMO_PASSWORD


def cpu_seconds(pid: int) -> float:
    """The processor time a process and its children (uvicorn's workers) have used so far
    (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def referral(n: int) -> dict[str, Any]:
    sentenced = TODAY - timedelta(days=3 + n % 20)
    return {
        "unit_code": "VLU-NLON",
        "received_on": TODAY.isoformat(),
        "offender": {"name": f"Bench Offender{n}", "date_of_birth": "1980-01-01"},
        "offences": [{"description": "Wounding with intent", "category": "violent"}],
        "sentence": {
            "date": sentenced.isoformat(),
            "court": "Bench Crown Court",
            "type": "imprisonment",
            "length_months": 24,
        },
        "victims": [
            {"name": f"Bench Victim{n}", "relationship": "direct", "phone": "07700 900001"}
        ],
    }


async def client_loop(
    base: str, token: str, start: int, stop_at: float, samples: list[float], errors: list[int]
) -> None:
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as http:
        n = start
        while time.perf_counter() < stop_at:
            began = time.perf_counter()
            response = await http.post("/api/v1/referrals", json=referral(n))
            samples.append((time.perf_counter() - began) * 1000)
            if response.status_code != 201:
                errors.append(response.status_code)
                if len(errors) <= 3:
                    print(response.status_code, response.text[:300], file=sys.stderr)
            n += 1


async def main(workers: int, clients: int, seconds: float) -> None:
    cases = await count_cases()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env={**os.environ, "VCS_DB_POOL_SIZE": str(max(2, clients // workers + 1))},
        stdout=subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=base) as http:
            for _ in range(300):  # up to a minute on a busy machine
                try:
                    if (await http.get("/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.2)
            token = (
                await http.post(
                    "/api/v1/auth/token", json={"username": "wcu.nlon", "password": DEMO_PASSWORD}
                )
            ).json()["access_token"]
        samples: list[float] = []
        errors: list[int] = []
        stop_at = time.perf_counter() + seconds
        offset = int(time.time()) * 1000
        began, cpu_before = time.perf_counter(), cpu_seconds(server.pid)
        await asyncio.gather(
            *[
                client_loop(base, token, offset + i * 100_000, stop_at, samples, errors)
                for i in range(clients)
            ]
        )
        elapsed, app_cpu = time.perf_counter() - began, cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_table(
        f"Referral intake over HTTP: {workers} uvicorn workers, {clients} concurrent clients, {seconds:.0f} s ({cases} cases before)",
        [
            {
                "requests": len(samples),
                "failed": len(errors),
                "per_second": len(samples) / elapsed,
                "p50_ms": percentile(samples, 0.5),
                "p99_ms": percentile(samples, 0.99),
                "app_cpu_ms_each": app_cpu * 1000 / max(1, len(samples)),
            }
        ],
    )
    print("target: at least 200 referrals a second with p99 under 250 ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.workers, args.clients, args.seconds))
