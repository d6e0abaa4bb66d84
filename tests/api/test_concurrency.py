"""Two people saving the same case at once: neither change is silently lost."""

from __future__ import annotations

import itertools
import threading
from typing import Any

from tests.fixtures import World, run
from vcs.casework.tables import ParticipationChange
from vcs.core.tables import Case


def _parallel(calls: list[Any]) -> list[Any]:
    results: list[Any] = [None] * len(calls)

    def work(i: int) -> None:
        results[i] = calls[i]()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_opt_in_and_out_leave_a_consistent_history(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    url = f"/api/v1/cases/{case_id}/participation"
    world.headers("vlo"), world.headers("vlo2")
    bodies = [
        {"status": "opted_in", "on": "2026-01-09", "level": "key_stages"}
        if i % 2 == 0
        else {"status": "opted_out", "on": "2026-01-09"}
        for i in range(12)
    ]
    responses = _parallel(
        [
            (lambda b=b, u=("vlo" if i % 2 else "vlo2"): world.post(u, url, b))
            for i, b in enumerate(bodies)
        ]
    )
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}
    history = run(
        ParticipationChange.select()
        .where(ParticipationChange.case == case_id)
        .order_by(ParticipationChange.id)
    )
    assert len(history) == statuses.count(201)
    for before, after in itertools.pairwise(history):
        assert (before["status"], before["level"]) != (
            after["status"],
            after["level"],
        )  # never twice in a row
    case = run(Case.select(Case.participation, Case.version).where(Case.id == case_id).first())
    assert case["participation"] == history[-1]["status"]
    assert case["version"] == 1 + len(history)


def test_same_version_saved_twice_at_once_applies_once(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    version = world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"]
    url = f"/api/v1/cases/{case_id}/contacts"
    body = {"on": "2026-01-06", "method": "phone", "outcome": "no_reply", "version": version}
    responses = _parallel(
        [lambda u=u: world.post(u, url, body) for u in ("vlo", "vlo2", "manager", "vlo")]
    )
    assert sorted(r.status_code for r in responses) == [201, 412, 412, 412]
    assert world.get("vlo", url).json()["total"] == 1
