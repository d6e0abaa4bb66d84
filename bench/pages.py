"""Every page and JSON read people use most, beside the floor: an authenticated request that
does nothing (`GET /api/v1/auth/me`), measured in the same run. Requests are taken in turns
(one of each, round after round), so whatever else the machine is doing weighs on all of them
alike. Pages go through a signed-in browser session; JSON through a bearer token. The raw SQL
of the caseload (as in `bench.caseload`) is kept beside it.

    python -m bench.pages [--repeat 200] [--json out.json]
    python -m bench.pages --profile "page: my work"   # pyinstrument over one of them

Targets (issue 22, at 1,000,000 victims on PostgreSQL): every page p95 <= 30 ms and <= 6x the
floor; JSON reads p95 <= 3x the floor; search and my work p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
from dataclasses import dataclass
from urllib.parse import quote_plus

from api.reports.pages import default_start
from bench.caseload import raw_timings
from bench.common import TODAY, count_cases, percentile, print_table
from bench.page_clients import VLO, People, Person, Subjects, subjects
from vcs.core.tables import Offender


@dataclass(frozen=True)
class Target:
    kind: str  # floor | json | page
    label: str
    who: str  # a key of People
    url: str

    @property
    def limits(self) -> tuple[float | None, float | None]:
        """(p95 in ms, p95 as a multiple of the floor's) that it must stay within."""
        fast = "search" in self.label or "my work" in self.label
        if self.kind == "page":
            return 30.0, 6.0
        if self.kind == "json":
            return (50.0 if fast else None), 3.0
        return None, None


def targets(s: Subjects, managed_name: str) -> list[Target]:
    q = quote_plus
    case, offender = s.case_id, s.offender_id
    year = f"from={default_start(TODAY)}&to={TODAY}"  # the reports page's own period
    return [
        Target("floor", "floor: GET /api/v1/auth/me", "vlo api", "/api/v1/auth/me"),
        Target(
            "json",
            "caseload, a VLO's own",
            "vlo api",
            f"/api/v1/cases?assigned_to={VLO}&state=open&limit=50",
        ),
        Target("json", "caseload, the whole unit", "vlo api", "/api/v1/cases?state=open&limit=50"),
        Target("json", "case", "vlo api", f"/api/v1/cases/{case}"),
        Target("json", "case timeline", "vlo api", f"/api/v1/cases/{case}/timeline"),
        Target("json", "my work", "vlo api", "/api/v1/my-work"),
        Target(
            "json",
            "search, misspelt victim",
            "vlo api",
            f"/api/v1/search?q={q(s.misspelt_victim)}",
        ),
        Target("json", "search, case number", "vlo api", f"/api/v1/search?q={case}"),
        Target("json", "search, offender", "vlo api", f"/api/v1/search?q={q(s.offender_name)}"),
        Target("json", "OM: my offenders", "om api", "/api/v1/offender-manager/offenders"),
        Target(
            "json",
            "OM: search my offenders",
            "om api",
            f"/api/v1/offender-manager/search?q={q(managed_name)}",
        ),
        Target(
            "json", "OM: victim summary", "om api", f"/api/v1/offenders/{offender}/victim-summary"
        ),
        Target(
            "json",
            "OM: condition requests",
            "om api",
            f"/api/v1/offenders/{offender}/condition-requests",
        ),
        Target("json", "OM: key dates", "om api", f"/api/v1/offenders/{offender}/key-dates"),
        Target("json", "deadlines (manager)", "manager api", "/api/v1/deadlines"),
        Target("json", "report: timeliness", "manager api", f"/api/v1/reports/timeliness?{year}"),
        Target(
            "json",
            "report: late referrers",
            "manager api",
            f"/api/v1/reports/late-referrers?{year}",
        ),
        Target("json", "report: scheme", "manager api", f"/api/v1/reports/scheme?{year}"),
        Target("json", "report: caseload", "manager api", "/api/v1/reports/caseload"),
        Target("page", "page: caseload /cases", "vlo page", "/cases"),
        Target("page", "page: case", "vlo page", f"/cases/{case}"),
        Target("page", "page: my work", "vlo page", "/my-work"),
        Target("page", "page: search", "vlo page", f"/search?q={q(s.misspelt_victim)}"),
        Target("page", "page: offender (OM)", "om page", f"/offenders/{offender}"),
        Target("page", "page: my offenders (OM)", "om page", "/offenders"),
        Target("page", "page: key dates", "vlo page", f"/offenders/{offender}/key-dates"),
        Target("page", "page: deadlines (manager)", "manager page", "/deadlines"),
        Target("page", "page: reports (manager)", "manager page", "/manager/reports"),
    ]


async def timed(person: Person, url: str) -> float:
    started = time.perf_counter()
    await person.get(url)
    return (time.perf_counter() - started) * 1000


# The CPU time this process spent on each request (the service's own work, without the
# database's), which other work on the machine disturbs far less than the time taken.
CPU: dict[str, list[float]] = {}


async def in_turns(people: People, chosen: list[Target], repeat: int) -> dict[str, list[float]]:
    for target in chosen:  # warm up, and fail early on any page that does not answer 200
        for _ in range(3):
            await timed(people[target.who], target.url)
    samples: dict[str, list[float]] = {t.label: [] for t in chosen}
    for _ in range(repeat):
        for target in chosen:
            started = time.process_time()
            samples[target.label].append(await timed(people[target.who], target.url))
            CPU.setdefault(target.label, []).append((time.process_time() - started) * 1000)
    return samples


def rows_of(
    chosen: list[Target], samples: dict[str, list[float]], raw: dict[str, list[float]]
) -> list[dict[str, object]]:
    floor = percentile(samples[chosen[0].label], 0.95)
    rows: list[dict[str, object]] = []
    for target in chosen:
        ms, ratio = target.limits
        p95 = percentile(samples[target.label], 0.95)
        met = (ms is None or p95 <= ms) and (ratio is None or p95 <= ratio * floor)
        limit = " and ".join(
            x for x in (f"<= {ms:.0f} ms" if ms else "", f"<= {ratio:.0f}x" if ratio else "") if x
        )
        rows.append(
            {
                "what": target.label,
                "p50_ms": percentile(samples[target.label], 0.5),
                "p95_ms": p95,
                "x_floor_p95": p95 / floor,
                "cpu_p50_ms": percentile(CPU.get(target.label, [0.0]), 0.5),
                "target": limit or "-",
                "met": "-" if not limit else ("yes" if met else "NO"),
            }
        )
    for label, timings in raw.items():
        p95 = percentile(timings, 0.95)
        rows.append(
            {
                "what": label,
                "p50_ms": percentile(timings, 0.5),
                "p95_ms": p95,
                "x_floor_p95": p95 / floor,
                "cpu_p50_ms": "-",
                "target": "-",
                "met": "-",
            }
        )
    return rows


async def profile(people: People, target: Target, repeat: int) -> None:
    from pyinstrument import Profiler  # a bench extra; only needed for --profile

    for _ in range(3):
        await timed(people[target.who], target.url)
    profiler = Profiler(interval=0.0005, async_mode="enabled")
    with profiler:
        for _ in range(repeat):
            await timed(people[target.who], target.url)
    print(profiler.output_text(unicode=False, color=False, show_all=False))


async def main(repeat: int, only: str | None) -> dict[str, object]:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the client's, not the service's
    cases = await count_cases()
    async with People() as people:
        s = await subjects()
        managed = await Offender.select(Offender.name).where(Offender.id == s.offender_id).first()
        chosen = targets(s, managed["name"] if managed else "")
        if only:
            await profile(people, next(t for t in chosen if t.label == only), repeat)
            return {}
        samples = await in_turns(people, chosen, repeat)
    raw = {
        "raw SQL: caseload, a VLO's own": await raw_timings(s.unit_id, s.vlo_id, repeat),
        "raw SQL: caseload, the whole unit": await raw_timings(s.unit_id, None, repeat),
    }
    rows = rows_of(chosen, samples, raw)
    print_table(f"Pages and JSON reads beside the floor ({cases} cases, {TODAY})", rows)
    return {"cases": cases, "repeat": repeat, "rows": rows}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--profile", help="profile this one (its label) instead of timing all")
    args = parser.parse_args()
    figures = asyncio.run(main(args.repeat, args.profile))
    if args.json and figures:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)
