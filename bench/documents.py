"""Documents at scale: a MAPPA meeting pack (JSON and PDF) for an offender with several victims,
and a unit's print run of 500 letters (`GET /api/v1/letters/batch.pdf`).

    python -m bench.documents [--letters 500] [--repeat 20]

It adds what it measures to the database (a meeting with views, 500 drafted letters): run it
on a copy, or last.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bench.common import TODAY, ApiClient, count_cases, print_table, summary, time_calls
from vcs.core.tables import Case, User


async def _offender_with_victims(unit: int) -> tuple[int, list[int]]:
    rows = (
        await Case.select(Case.offender, Case.id)
        .where((Case.unit == unit) & (Case.state == "open") & (Case.participation == "opted_in"))
        .order_by(Case.offender)
        .limit(5000)
    )
    by_offender: dict[int, list[int]] = {}
    for row in rows:
        by_offender.setdefault(row["offender"], []).append(row["id"])
    offender, cases = max(by_offender.items(), key=lambda item: len(item[1]))
    return offender, cases


async def main(letters: int, repeat: int) -> None:
    total = await count_cases()
    vlo = await User.select(User.id, User.unit).where(User.username == "vlo.nlon1").first()
    assert vlo, "load the national data first: vcs demo --victims N"
    offender, cases = await _offender_with_victims(vlo["unit"])
    rows = []
    async with ApiClient() as api:
        await api.sign_in("manager.nlon")
        meeting = await api.client.post(
            "/api/v1/mappa-meetings",
            headers=api.web.headers,
            json={"offender_id": offender, "level": 2, "on": TODAY.isoformat()},
        )
        meeting.raise_for_status()
        meeting_id = meeting.json()["id"]
        await api.sign_in("vlo.nlon1")
        for case_id in cases:
            response = await api.client.post(
                f"/api/v1/mappa-meetings/{meeting_id}/victim-views",
                headers=api.web.headers,
                json={
                    "case_id": case_id,
                    "views": "Worried about the offender's release",
                    "concerns": "Being approached in town",
                    "measures": "No contact; an exclusion zone",
                },
            )
            response.raise_for_status()
        url = f"/api/v1/mappa-meetings/{meeting_id}/pack"
        rows.append(
            {
                "document": f"meeting pack, JSON ({len(cases)} victims)",
                **summary(await time_calls(lambda: api.get(url), repeat)),
            }
        )

        async def pdf() -> None:
            response = await api.client.get(
                url, headers={**api.web.headers, "Accept": "application/pdf"}
            )
            response.raise_for_status()

        rows.append(
            {
                "document": f"meeting pack, PDF ({len(cases)} victims)",
                **summary(await time_calls(pdf, max(3, repeat // 4), warmup=1)),
            }
        )
        open_cases = [
            r["id"]
            for r in await Case.select(Case.id)
            .where(
                (Case.unit == vlo["unit"])
                & (Case.state == "open")
                & (Case.participation == "opted_in")
            )
            .limit(letters)
        ]
        started = time.perf_counter()
        drafted = 0
        for case_id in open_cases:
            response = await api.client.post(
                f"/api/v1/cases/{case_id}/letters",
                headers=api.web.headers,
                json={"template": "annual_contact"},
            )
            drafted += response.status_code == 201
        draft_seconds = time.perf_counter() - started
        started = time.perf_counter()
        batch = await api.get("/api/v1/letters/batch.pdf", date=TODAY.isoformat())
        batch_ms = (time.perf_counter() - started) * 1000
        rows.append(
            {
                "document": f"print run: drafting {drafted} letters",
                "p50_ms": draft_seconds * 1000 / max(drafted, 1),
                "p95_ms": float("nan"),
                "mean_ms": draft_seconds * 1000 / max(drafted, 1),
            }
        )
        rows.append(
            {
                "document": f"print run: batch PDF of {drafted} letters ({len(batch.content) // 1024} KiB)",
                "p50_ms": batch_ms,
                "p95_ms": batch_ms,
                "mean_ms": batch_ms,
            }
        )
    print_table(f"Documents ({total} cases, {TODAY})", rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.letters, args.repeat))
