"""Fixtures: a migrated, emptied database; an API client at a fixed "today"; signed-in users
of every role in two regions; factories for referral payloads. All people are invented."""

from __future__ import annotations

import asyncio
import copy
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import asyncpg
import pytest
from argon2 import PasswordHasher
from litestar import Litestar
from litestar.testing import TestClient

from api.app import create_app
from api.web.clock import utc_now
from vcs.core import db
from vcs.core.actors import Role
from vcs.core.config import settings
from vcs.core.piccolo_conf import DB
from vcs.core.tables import Unit, User

TODAY = date(2026, 1, 12)
PASSWORD = "correct-Horse-battery-9"
# The sign-in route verifies a hash with the parameters the hash itself carries. The service's
# own hashes are slow on purpose (`hash_password`, tested in test_accounts); the fixture's users
# carry a hash with argon2's least cost, so the suite's thousands of sign-ins take no time.
PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)

_migrated = False


def run(awaitable: Any) -> Any:
    """Await a coroutine or a Piccolo query from a test (no connection pool in tests)."""

    async def wait() -> Any:
        return await awaitable

    return asyncio.run(wait())


# Emptying PostgreSQL's tables: DELETE with triggers off (foreign keys and the audit trail's
# append-only guard), then each table's own sequences restarted. TRUNCATE does the same but
# costs the best part of a second per test, since it makes new files for every table.
_EMPTY_POSTGRES: list[str] = []

_OWNED_SEQUENCES = """
    SELECT s.relname FROM pg_class s
    JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    WHERE s.relkind = 'S' AND t.relname = ANY($1::text[])
"""


async def _empty_postgres(names: list[str]) -> None:
    connection = await asyncpg.connect(settings.database_url)
    try:
        if not _EMPTY_POSTGRES:
            sequences = [r[0] for r in await connection.fetch(_OWNED_SEQUENCES, names)]
            _EMPTY_POSTGRES.append(
                "SET session_replication_role = replica; "
                + "".join(f"DELETE FROM {name}; " for name in names)
                + "SET session_replication_role = DEFAULT; "
                + "".join(f"ALTER SEQUENCE {name} RESTART; " for name in sequences)
            )
        await connection.execute(_EMPTY_POSTGRES[0])
    finally:
        await connection.close()


async def _truncate() -> None:
    names = [t._meta.tablename for t in DB_TABLES]
    if db.is_postgres():
        await _empty_postgres([*names, *db.DERIVED_TABLES])
    else:
        # One connection and one transaction for every table, children first.
        connection = sqlite3.connect(settings.sqlite_path)
        try:
            # The audit trail's append-only guard is off while the tables are emptied.
            connection.executescript(
                "BEGIN; "
                + "".join(f"{statement}; " for statement in db.audit_guard_off())
                + "".join(f"DELETE FROM {name}; " for name in reversed(names))
                + "".join(f"{statement}; " for statement in db.audit_guard_on())
                + "COMMIT;"
            )
        finally:
            connection.close()


def _tables() -> list[Any]:
    from piccolo.conf.apps import Finder
    from piccolo.table import sort_table_classes

    return list(sort_table_classes(Finder().get_table_classes()))


DB_TABLES: list[Any] = []


@pytest.fixture
def database() -> None:
    """A migrated database with every table emptied, and no audit checkpoints."""
    global _migrated
    if not _migrated:
        run(db.migrate())
        DB_TABLES.extend(_tables())
        _migrated = True
    run(_truncate())
    shutil.rmtree(settings.audit_checkpoints, ignore_errors=True)


UNITS = [
    ("VLU-LON", "London Victim Liaison Unit", "vlu"),
    ("VLU-WAL", "Wales Victim Liaison Unit", "vlu"),
    ("WCU-MET", "Metropolitan Witness Care Unit", "wcu"),
    ("WCU-SWP", "South Wales Witness Care Unit", "wcu"),
    ("PDU-LON", "London Probation Delivery Unit", "probation"),
    ("PDU-WAL", "Cardiff Probation Delivery Unit", "probation"),
]
# One user per role in each region; "_other" users belong to the other region.
USERS = {
    "admin": (Role.ADMIN, None),
    "national": (Role.NATIONAL_MANAGER, None),
    "vlo": (Role.VLO, "VLU-LON"),
    "vlo2": (Role.VLO, "VLU-LON"),
    "manager": (Role.VLU_MANAGER, "VLU-LON"),
    "wcu": (Role.WCU, "WCU-MET"),
    "om": (Role.OFFENDER_MANAGER, "PDU-LON"),
    "vlo_other": (Role.VLO, "VLU-WAL"),
    "manager_other": (Role.VLU_MANAGER, "VLU-WAL"),
    "wcu_other": (Role.WCU, "WCU-SWP"),
    "om_other": (Role.OFFENDER_MANAGER, "PDU-WAL"),
    "integration": (Role.INTEGRATION, None),
}


async def _populate() -> None:
    for code, name, kind in UNITS:
        await Unit.insert(
            Unit(
                code=code,
                name=name,
                region="Test",
                kind=kind,
                address="1 Test Street",
                phone="020 7946 0000",
            )
        )
    unit_ids = {r["code"]: r["id"] for r in await Unit.select(Unit.id, Unit.code)}
    await User.insert(
        *[
            User(
                username=username.replace("_", "."),
                password_hash=PASSWORD_HASH,
                role=role.value,
                unit=unit_ids.get(unit) if unit else None,
                display_name=f"{username.replace('_', ' ')} user",
            )
            for username, (role, unit) in USERS.items()
        ]
    )


@dataclass
class World:
    """The API client and a bearer token for each user."""

    client: TestClient[Any]
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, user: str) -> dict[str, str]:
        if user not in self.tokens:
            response = self.client.post(
                "/api/v1/auth/token",
                json={"username": user.replace("_", "."), "password": PASSWORD},
            )
            assert response.status_code == 200, response.text
            self.tokens[user] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[user]}"}

    def request(self, method: str, user: str, url: str, **kw: Any) -> Any:
        headers = {**self.headers(user), **kw.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kw)

    def get(self, user: str, url: str, **kw: Any) -> Any:
        return self.request("GET", user, url, **kw)

    def post(self, user: str, url: str, json: Any = None, **kw: Any) -> Any:
        return self.request("POST", user, url, json=json, **kw)

    def put(self, user: str, url: str, json: Any = None, **kw: Any) -> Any:
        return self.request("PUT", user, url, json=json, **kw)

    def delete(self, user: str, url: str, **kw: Any) -> Any:
        return self.request("DELETE", user, url, **kw)

    def set_today(self, day: date) -> None:
        self.client.app.state.today = lambda: day

    def refer(self, user: str = "wcu", **overrides: Any) -> dict[str, Any]:
        response = self.post(user, "/api/v1/referrals", referral_payload(**overrides))
        assert response.status_code == 201, response.text
        return dict(response.json())


_APP: list[Litestar] = []


def shared_app() -> Litestar:
    """The app every test of this process uses. Building one costs most of a second (hundreds of
    routes), so it is built once and its clocks are set back to the tests' "today" before each
    test; the app keeps nothing else between requests (sessions, throttles and forms are in the
    database, which each test empties)."""
    if not _APP:
        _APP.append(create_app(today=lambda: TODAY, pool=False))
    app = _APP[0]
    app.state.today = lambda: TODAY
    app.state.now = utc_now
    return app


@pytest.fixture
def client(database: None) -> Iterator[TestClient[Any]]:
    with TestClient(app=shared_app()) as test_client:
        yield test_client


@pytest.fixture
def world(client: TestClient[Any]) -> World:
    run(_populate())
    return World(client)


BASE_REFERRAL: dict[str, Any] = {
    "unit_code": "VLU-LON",
    "received_on": "2026-01-05",
    "offender": {"name": "Morgan Testperson", "date_of_birth": "1980-04-02", "crn": "X123456"},
    "offences": [{"description": "Wounding with intent", "category": "violent"}],
    "sentence": {
        "date": "2025-12-19",
        "court": "Snaresbrook Crown Court",
        "type": "imprisonment",
        "length_months": 36,
    },
    "victims": [
        {
            "name": "Alex Example",
            "relationship": "direct",
            "date_of_birth": "1990-06-15",
            "address": {"line1": "12 Sample Road", "town": "London", "postcode": "E1 6AN"},
            "email": "alex.example@example.com",
            "phone": "07700 900123",
        }
    ],
}


def referral_payload(**overrides: Any) -> dict[str, Any]:
    """A valid referral; keyword arguments replace top-level keys."""
    payload = copy.deepcopy(BASE_REFERRAL)
    payload.update(copy.deepcopy(overrides))
    return payload


@contextmanager
def audit_guard_off() -> Iterator[None]:
    """Change the audit table directly, as its owner could: with its append-only guard off."""
    for statement in db.audit_guard_off():
        run(DB.run_ddl(statement))
    try:
        yield
    finally:
        for statement in db.audit_guard_on():
            run(DB.run_ddl(statement))
