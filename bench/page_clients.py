"""The people `bench.pages` acts as, and what they look at.

One app, in-process over ASGI with the connection pool, and one client per person: through the
API with a bearer token, or through the pages with a signed-in browser session (the session and
CSRF cookies, as a browser keeps them). The national dataset has VLOs and managers but no
offender manager, so one is added (`om.nlon`, in the London Probation Delivery Unit) and named,
through the use case, for some of the London unit's offenders; doing so again is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from api.app import create_app
from bench.common import TODAY
from vcs.access import auth
from vcs.core import db
from vcs.core.actors import Actor, Role
from vcs.core.tables import Case, Offender, Unit, User
from vcs.offender_side.assignment import assign_offender_manager
from vcs.offender_side.schemas import OffenderManagerAssign
from vcs.synthetic.demo import DEMO_PASSWORD

VLO, MANAGER, OFFENDER_MANAGER = "vlo.nlon1", "manager.nlon", "om.nlon"
OFFENDERS_MANAGED = 40


class Person:
    """One person's client: `api` signs in for a bearer token, otherwise a page session."""

    def __init__(self, app: Any, username: str, api: bool) -> None:
        self.username, self.api = username, api
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench.local"
        )
        self.headers: dict[str, str] = {}

    async def sign_in(self) -> Person:
        if self.api:
            response = await self.client.post(
                "/api/v1/auth/token", json={"username": self.username, "password": DEMO_PASSWORD}
            )
            response.raise_for_status()
            self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
            return self
        await self.client.get("/sign-in")
        form = {
            "_csrf_token": self.client.cookies["vcs_csrf"],
            "username": self.username,
            "password": DEMO_PASSWORD,
        }
        response = await self.client.post("/sign-in", data=form)
        assert response.status_code == 303, response.text
        return self

    async def get(self, url: str) -> httpx.Response:
        response = await self.client.get(url, headers=self.headers)
        if response.status_code != 200:
            raise AssertionError(f"{self.username} GET {url}: {response.status_code}")
        return response


@dataclass
class Subjects:
    """What the people look at: ids and search words taken from the data."""

    unit_id: int
    vlo_id: int
    case_id: int
    misspelt_victim: str
    offender_name: str
    offender_id: int


def misspell(name: str) -> str:
    """The surname with two of its middle letters swapped ("Ashdown" -> "Ashdwon")."""
    first, _, last = name.rpartition(" ")
    if len(last) >= 4:
        last = last[:-3] + last[-2] + last[-3] + last[-1]
    return f"{first} {last}".strip()


async def subjects() -> Subjects:
    vlo = await User.select(User.id, User.unit).where(User.username == VLO).first()
    assert vlo, "load the national data first: vcs demo --victims N"
    case = await (
        Case.select(Case.id, Case.victim.name, Case.offender.name)
        .where((Case.assigned_to == vlo["id"]) & (Case.state == "open"))
        .order_by(Case.id)
        .first()
    )
    assert case
    om = await User.select(User.id).where(User.username == OFFENDER_MANAGER).first()
    assert om
    managed = await (
        Offender.select(Offender.id)
        .where(Offender.offender_manager == om["id"])
        .order_by(Offender.id)
        .first()
    )
    assert managed
    return Subjects(
        unit_id=vlo["unit"],
        vlo_id=vlo["id"],
        case_id=case["id"],
        misspelt_victim=misspell(case["victim.name"]),
        offender_name=case["offender.name"],
        offender_id=managed["id"],
    )


async def ensure_offender_manager() -> None:
    """`om.nlon`, named by London's VLU manager for some of the unit's offenders."""
    if await User.exists().where(User.username == OFFENDER_MANAGER):
        return
    pdu = await Unit.select(Unit.id).where(Unit.code == "PDU-NLON").first()
    manager = await (
        User.select(User.id, User.unit, User.unit.code).where(User.username == MANAGER).first()
    )
    assert pdu and manager, "load the national data first: vcs demo --victims N"
    await User.insert(
        User(
            username=OFFENDER_MANAGER,
            display_name="Offender manager London",
            password_hash=auth.hash_password(DEMO_PASSWORD),
            role=Role.OFFENDER_MANAGER.value,
            unit=pdu["id"],
        )
    )
    actor = Actor(manager["id"], MANAGER, Role.VLU_MANAGER, manager["unit"], manager["unit.code"])
    rows = await (
        Case.select(Case.offender)
        .where((Case.unit == manager["unit"]) & (Case.state == "open"))
        .order_by(Case.id)
        .limit(OFFENDERS_MANAGED * 3)
    )
    offenders = list(dict.fromkeys(r["offender"] for r in rows))[:OFFENDERS_MANAGED]
    for offender in offenders:
        assign = OffenderManagerAssign(username=OFFENDER_MANAGER)
        await assign_offender_manager(actor, offender, assign, TODAY)


class People:
    """Every client `bench.pages` uses, on one app; `async with` starts and stops the pool."""

    def __init__(self) -> None:
        self.app = create_app(pool=False)
        self.by_name: dict[str, Person] = {}

    async def __aenter__(self) -> People:
        await db.start_pool()
        await ensure_offender_manager()
        for key, (username, api) in {
            "vlo api": (VLO, True),
            "manager api": (MANAGER, True),
            "om api": (OFFENDER_MANAGER, True),
            "vlo page": (VLO, False),
            "manager page": (MANAGER, False),
            "om page": (OFFENDER_MANAGER, False),
        }.items():
            self.by_name[key] = await Person(self.app, username, api).sign_in()
        return self

    async def __aexit__(self, *_: object) -> None:
        for person in self.by_name.values():
            await person.client.aclose()
        await db.close_pool()

    def __getitem__(self, key: str) -> Person:
        return self.by_name[key]
