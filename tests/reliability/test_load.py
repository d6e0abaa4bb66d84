"""Fifty clients updating the same cases at once over real HTTP: no lost update, no duplicate
record, no deadlock or lock left behind (issue 8, item 6)."""

from __future__ import annotations

import asyncio
import os
import random
from typing import Any

import httpx
import pytest

from tests.fixtures import PASSWORD, referral_payload, run
from vcs.casework.tables import ContactAttempt, ParticipationChange
from vcs.core.piccolo_conf import DB
from vcs.core.tables import Case

pytestmark = pytest.mark.reliability
CLIENTS = 50
ROUNDS = 6
USERS = ["vlo", "vlo2", "manager"]


async def _token(http: httpx.AsyncClient, user: str) -> dict[str, str]:
    response = await http.post("/api/v1/auth/token", json={"username": user, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _client(
    base: str, headers: dict[str, str], case_ids: list[int], seed: int, log: list[Any]
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
        for _ in range(ROUNDS):
            case_id = rng.choice(case_ids)
            if rng.random() < 0.5:  # a versioned change: read, then save what was read
                etag = (await http.get(f"/api/v1/cases/{case_id}")).headers["etag"]
                body = {"on": "2026-01-06", "method": "phone", "outcome": "no_reply"}
                response = await http.post(
                    f"/api/v1/cases/{case_id}/contacts", json=body, headers={"If-Match": etag}
                )
                log.append(("contact", case_id, response.status_code))
            else:  # opt in or out, unversioned: each request either applies or is refused
                body = rng.choice(
                    [
                        {"status": "opted_in", "on": "2026-01-07", "level": "key_stages"},
                        {"status": "opted_out", "on": "2026-01-07"},
                    ]
                )
                response = await http.post(f"/api/v1/cases/{case_id}/participation", json=body)
                log.append(("participation", case_id, response.status_code))


def test_fifty_clients_lose_no_update(server: str) -> None:
    async def scenario() -> list[Any]:
        async with httpx.AsyncClient(base_url=server, timeout=60) as http:
            wcu = await _token(http, "wcu")
            case_ids = []
            for n in range(5):
                victim = {"name": f"Load Victim{n}", "relationship": "direct"}
                response = await http.post(
                    "/api/v1/referrals", json=referral_payload(victims=[victim]), headers=wcu
                )
                response.raise_for_status()
                case_ids.append(response.json()["cases"][0]["id"])
            tokens = [await _token(http, user) for user in USERS]
        log: list[Any] = []
        await asyncio.gather(
            *[_client(server, tokens[i % len(tokens)], case_ids, i, log) for i in range(CLIENTS)]
        )
        return log

    log = asyncio.run(scenario())
    statuses = {status for _, _, status in log}
    assert statuses <= {201, 409, 412}, statuses  # never a server error
    assert len(log) == CLIENTS * ROUNDS
    contacts_ok = sum(1 for kind, _, s in log if kind == "contact" and s == 201)
    choices_ok = sum(1 for kind, _, s in log if kind == "participation" and s == 201)
    assert (
        run(ContactAttempt.count()) == contacts_ok
    )  # every success stored once, no failure stored
    assert run(ParticipationChange.count()) == choices_ok
    for case in run(Case.select(Case.id, Case.version, Case.participation)):
        changes = sum(1 for _, c, s in log if c == case["id"] and s == 201)
        assert case["version"] == 1 + changes  # no change lost, none applied twice
        history = run(
            ParticipationChange.select()
            .where(ParticipationChange.case == case["id"])
            .order_by(ParticipationChange.id)
        )
        if history:
            assert case["participation"] == history[-1]["status"]
    if os.environ["VCS_DATABASE_URL"].startswith("postgres"):
        waiting = run(DB.run_ddl("SELECT count(*) AS n FROM pg_locks WHERE NOT granted"))
        assert waiting[0]["n"] == 0
        stuck = run(
            DB.run_ddl(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction'"
            )
        )
        assert stuck[0]["n"] == 0
