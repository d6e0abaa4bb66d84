"""The query plans of the hot paths, to show each uses an index.

python -m bench.plans
"""

from __future__ import annotations

import asyncio

from bench.common import TODAY, count_cases
from vcs.core.config import settings
from vcs.core.piccolo_conf import DB
from vcs.core.tables import User

QUERIES = {
    "caseload (a VLO's own, most urgent first)": """
        SELECT c.id, c.next_due FROM vcs_case c
        WHERE c.assigned_to = {vlo} AND c.state = 'open' AND c.unit = {unit}
        ORDER BY c.next_due, c.id LIMIT 50""",
    "caseload (the whole unit)": """
        SELECT c.id, c.next_due FROM vcs_case c
        WHERE c.unit = {unit} AND c.state = 'open' ORDER BY c.next_due, c.id LIMIT 50""",
    "caseload counts": """
        SELECT COUNT(*), SUM(CASE WHEN next_due < '{today}' THEN 1 ELSE 0 END)
        FROM vcs_case WHERE unit = {unit} AND state = 'open' AND assigned_to = {vlo}""",
    "case timeline": """
        SELECT * FROM case_event WHERE "case" = {case} ORDER BY id LIMIT 200""",
    "sweep: newly overdue clocks": """
        SELECT d.id FROM deadline d JOIN vcs_case c ON c.id = d."case"
        WHERE d.met_on IS NULL AND d.breach_recorded_on IS NULL AND d.due < '{today}'
          AND c.state = 'open' ORDER BY d.id LIMIT 500""",
    "duplicate referral: offender by birth date": """
        SELECT id, name FROM offender WHERE date_of_birth = '1980-01-01'""",
}


async def main() -> None:
    await count_cases()
    vlo = await User.select(User.id, User.unit).where(User.username == "vlo.nlon1").first()
    assert vlo, "load the national data first: vcs demo --victims N"
    case = (
        await DB.run_ddl(f"SELECT MAX(id) AS id FROM vcs_case WHERE unit = {int(vlo['unit'])}")
    )[0]["id"]
    explain = "EXPLAIN" if settings.is_postgres else "EXPLAIN QUERY PLAN"
    for title, sql in QUERIES.items():
        query = sql.format(
            vlo=int(vlo["id"]), unit=int(vlo["unit"]), today=TODAY.isoformat(), case=int(case)
        )
        rows = await DB.run_ddl(f"{explain} {query}")
        print(f"\n{title}")
        for row in rows:
            print("   ", row.get("QUERY PLAN") or row.get("detail"))


if __name__ == "__main__":
    asyncio.run(main())
