"""Loading the synthetic national dataset: units and VLOs, then bulk rows (COPY on PostgreSQL,
executemany on SQLite), then the sequences and planner statistics brought up to date."""

from __future__ import annotations

import contextlib
import math
import sqlite3
import time
from datetime import date, datetime
from typing import Any

import asyncpg

from vcs.access import auth
from vcs.core.config import settings
from vcs.core.db import DERIVED_TABLES
from vcs.core.tables import Unit, User
from vcs.synthetic.demo import DEMO_PASSWORD
from vcs.synthetic.national import CASE_LOAD, REGIONS, Batch, Region
from vcs.synthetic.national_post import ALL_COLUMNS as COLUMNS
from vcs.synthetic.national_post import ALL_TABLES as LOAD_ORDER
from vcs.synthetic.national_rows import Generator

# Roughly two in three cases are open at any time in the generated data.
OPEN_SHARE = 0.65
PREFIX = {"vlu": "VLU", "wcu": "WCU", "probation": "PDU"}


async def _regions(victims: int) -> list[Region]:
    password_hash = auth.hash_password(DEMO_PASSWORD)
    vlos_per_unit = max(2, math.ceil(victims * OPEN_SHARE / len(REGIONS) / CASE_LOAD))
    regions = []
    for code, name in REGIONS:
        ids = {}
        for kind, label in (
            ("vlu", "Victim Liaison Unit"),
            ("wcu", "Witness Care Unit"),
            ("probation", "Probation Delivery Unit"),
        ):
            unit_code = f"{PREFIX[kind]}-N{code}"
            row = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
            if row is None:
                unit = Unit(
                    code=unit_code,
                    name=f"{name} {label}",
                    region=name,
                    kind=kind,
                    address=f"1 {name} Way",
                    phone="020 7946 0999",
                )
                await unit.save()
                ids[kind] = unit.id
            else:
                ids[kind] = row["id"]
        existing = {
            r["username"]: r["id"]
            for r in await User.select(User.id, User.username).where(User.unit == ids["vlu"])
        }
        names = [f"vlo.n{code.lower()}{n}" for n in range(1, vlos_per_unit + 1)]
        missing = [
            User(
                username=n,
                display_name=f"VLO {n}",
                password_hash=password_hash,
                role="vlo",
                unit=ids["vlu"],
            )
            for n in names
            if n not in existing
        ]
        manager = f"manager.n{code.lower()}"
        if manager not in existing:
            missing.append(
                User(
                    username=manager,
                    display_name=f"Manager {code}",
                    password_hash=password_hash,
                    role="vlu_manager",
                    unit=ids["vlu"],
                )
            )
        if not await User.exists().where(User.username == f"wcu.n{code.lower()}"):
            missing.append(
                User(
                    username=f"wcu.n{code.lower()}",
                    display_name=f"Witness Care {code}",
                    password_hash=password_hash,
                    role="wcu",
                    unit=ids["wcu"],
                )
            )
        if missing:
            await User.insert(*missing)
        rows = {
            r["username"]: r["id"]
            for r in await User.select(User.id, User.username).where(User.unit == ids["vlu"])
        }
        regions.append(Region(ids["vlu"], ids["wcu"], code, [rows[n] for n in names], names))
    return regions


async def _first_ids() -> dict[str, int]:
    from vcs.core.piccolo_conf import DB

    ids = {}
    for table in LOAD_ORDER:
        rows = await DB.run_ddl(f'SELECT COALESCE(MAX(id), 0) AS top FROM "{table}"')  # noqa: S608 (fixed names)
        ids[table] = int(rows[0]["top"]) + 1
    return ids


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class SQLiteSink:
    def __init__(self) -> None:
        self.db = sqlite3.connect(settings.sqlite_path)
        self.db.execute("PRAGMA synchronous=OFF")

    async def write(self, batch: Batch) -> None:
        for table in LOAD_ORDER:
            cols = COLUMNS[table]
            names = ", ".join(f'"{c}"' for c in cols)
            marks = ", ".join("?" * len(cols))
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 (fixed names)
            self.db.executemany(
                sql, ([_sqlite_value(v) for v in row] for row in batch.rows.get(table, []))
            )
        self.db.commit()

    async def finish(self) -> None:
        self.db.execute("ANALYZE")
        self.db.commit()
        self.db.close()


# What the search triggers would have written for the new cases (`search_case_name`, and each
# unit's distinct names counted in `search_unit_name`; migration 2026-12-06T15:10).
_SEARCH_NAMES = """
WITH added AS (
    INSERT INTO search_case_name (case_id, unit, referred, kind, ref, name)
    SELECT case_id, unit, referred, kind, ref, name FROM search_case_name_source
    WHERE case_id >= $1
    RETURNING unit, referred, kind, name
)
INSERT INTO search_unit_name AS u (unit, referred, kind, name, cases)
SELECT unit, referred, kind, name, count(*) FROM added GROUP BY unit, referred, kind, name
ON CONFLICT (unit, referred, kind, name) DO UPDATE SET cases = u.cases + EXCLUDED.cases
"""


class PostgresSink:
    """COPY into the tables with their secondary indexes set aside and rebuilt once at the end
    (much faster than maintaining them row by row), and foreign-key triggers off for this
    session when the role may do that: the generator writes consistent rows by construction.
    With the triggers off, the tables they keep (the names search reads) are filled at the end,
    from the first new case on; with them on, the triggers filled them."""

    def __init__(self, connection: asyncpg.Connection, first_case: int) -> None:
        self.db = connection
        self.first_case = first_case
        self.triggers_off = False
        self.indexes: list[str] = []

    async def start(self) -> None:
        # Not a superuser? Then foreign keys are checked as rows arrive, which is slower.
        with contextlib.suppress(asyncpg.PostgresError):
            await self.db.execute("SET session_replication_role = replica")
            self.triggers_off = True
        rows = await self.db.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = ANY($1::text[]) AND indexname NOT LIKE '%_pkey' "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%'",
            [*LOAD_ORDER, *DERIVED_TABLES],
        )
        self.indexes = [r["indexdef"] for r in rows]
        for r in rows:
            await self.db.execute(f'DROP INDEX "{r["indexname"]}"')

    async def write(self, batch: Batch) -> None:
        async with self.db.transaction():
            for table in LOAD_ORDER:
                rows = batch.rows.get(table)
                if rows:
                    await self.db.copy_records_to_table(
                        table, records=rows, columns=list(COLUMNS[table])
                    )

    async def finish(self) -> None:
        if self.triggers_off:
            await self.db.execute(_SEARCH_NAMES, self.first_case)
        for definition in self.indexes:
            await self.db.execute(definition)
        for table in LOAD_ORDER:
            await self.db.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                f'(SELECT MAX(id) FROM "{table}"))'
            )
        await self.db.execute("VACUUM ANALYZE")
        await self.db.close()


async def load_national(victims: int, today: date, seed: int = 2026) -> str:
    """Add `victims` victims' cases (with their offenders, referrals, clocks and histories)."""
    started = time.monotonic()
    regions = await _regions(victims)
    first_ids = await _first_ids()
    generator = Generator(regions, today, first_ids, seed)
    sink: SQLiteSink | PostgresSink
    if settings.is_postgres:
        sink = PostgresSink(await asyncpg.connect(settings.database_url), first_ids["vcs_case"])
        await sink.start()
    else:
        sink = SQLiteSink()
    rows = 0
    for batch in generator.batches(victims):
        await sink.write(batch)
        rows += sum(len(r) for r in batch.rows.values())
    await sink.finish()
    seconds = time.monotonic() - started
    return (
        f"National data: {victims} victims' cases, {rows} rows in {seconds:.0f} s "
        f"({rows / max(seconds, 0.001):.0f} rows/s) across {len(regions)} regions. "
        f"Sign in as vlo.nlon1 or manager.nlon with the password {DEMO_PASSWORD}"
    )
