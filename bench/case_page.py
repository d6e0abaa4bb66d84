"""A case page: the case in full (an audited read of the victim's details) and its timeline.

python -m bench.case_page [--repeat 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random

from bench.common import TODAY, ApiClient, count_cases, print_table, summary, time_calls
from vcs.core.tables import Case, CaseEvent, User


async def main(repeat: int) -> None:
    cases = await count_cases()
    vlo = await User.select(User.id).where(User.username == "vlo.nlon1").first()
    assert vlo, "load the national data first: vcs demo --victims N"
    ids = [
        r["id"] for r in await Case.select(Case.id).where(Case.assigned_to == vlo["id"]).limit(300)
    ]
    events = await CaseEvent.count().where(CaseEvent.case.is_in(ids))
    rng = random.Random(1)
    async with ApiClient() as api:
        await api.sign_in("vlo.nlon1")

        async def case_page() -> None:
            case_id = rng.choice(ids)
            await api.get(f"/api/v1/cases/{case_id}")
            await api.get(f"/api/v1/cases/{case_id}/timeline")

        both = summary(await time_calls(case_page, repeat))
    print_table(
        f"Case page: the case and its timeline, two requests ({cases} cases, "
        f"{events / max(len(ids), 1):.1f} events a case, {TODAY})",
        [{"page": "case + timeline", **both}],
    )
    print("target: p95 <= 80 ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    asyncio.run(main(parser.parse_args().repeat))
