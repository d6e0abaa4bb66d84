"""The sweep: every open clock's state for a date, each breach recorded once, the contact
ladder, and young people turning 18."""

from __future__ import annotations

import threading
from datetime import date

from tests.api.test_participation import NOMINEE
from tests.fixtures import World, run
from vcs.core.tables import CaseEvent, Deadline, Task, Victim


def _sweep(world: World, on: str, user: str = "manager") -> dict[str, int]:
    response = world.post(user, "/api/v1/sweep", {"on": on})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_sweep_records_each_breach_once(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]  # first contact due 2 Feb 2026
    assert _sweep(world, "2026-02-02")["newly_overdue"] == 0
    first = _sweep(world, "2026-02-03")
    assert (first["newly_overdue"], first["overdue"], first["open_clocks"]) == (1, 1, 1)
    second = _sweep(world, "2026-02-03")
    assert (second["newly_overdue"], second["overdue"]) == (0, 1)
    assert _sweep(world, "2026-02-10")["newly_overdue"] == 0
    missed = run(CaseEvent.select().where(CaseEvent.kind == "deadline_missed"))
    assert [(e["case"], e["occurred_on"]) for e in missed] == [(case_id, date(2026, 2, 3))]
    assert run(
        Deadline.select(Deadline.breach_recorded_on).where(Deadline.case == case_id).first()
    )["breach_recorded_on"] == date(2026, 2, 3)


def test_sweep_is_for_the_managers_unit(world: World) -> None:
    world.refer()
    assert _sweep(world, "2026-02-03", "manager_other")["newly_overdue"] == 0
    assert world.post("vlo", "/api/v1/sweep", {"on": "2026-02-03"}).status_code == 403
    assert _sweep(world, "2026-02-03")["newly_overdue"] == 1


def test_met_and_closed_clocks_are_not_breaches(world: World) -> None:
    met = world.refer()["cases"][0]["id"]
    world.post(
        "vlo",
        f"/api/v1/cases/{met}/contacts",
        {"on": "2026-01-06", "method": "letter", "outcome": "sent"},
    )
    victim = {"name": "Robin Example", "relationship": "direct"}
    closed = world.refer(victims=[victim])["cases"][0]["id"]
    world.post(
        "vlo", f"/api/v1/cases/{closed}/close", {"reason": "victim_request", "on": "2026-01-07"}
    )
    result = _sweep(world, "2026-03-01")
    assert (result["newly_overdue"], result["open_clocks"]) == (0, 0)


def test_two_sweeps_at_once_record_each_breach_once(world: World) -> None:
    for n in range(6):
        world.refer(victims=[{"name": f"Victim Number{n}", "relationship": "direct"}])
    results: list[int] = []

    def sweep_once() -> None:
        results.append(_sweep(world, "2026-02-03")["newly_overdue"])

    threads = [threading.Thread(target=sweep_once) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 6
    assert run(CaseEvent.count().where(CaseEvent.kind == "deadline_missed")) == 6


def test_contact_ladder_ends_in_no_response_not_opt_out(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    url = f"/api/v1/cases/{case_id}/contacts"
    world.post("vlo", url, {"on": "2026-01-06", "method": "letter", "outcome": "sent"})
    world.post("vlo", url, {"on": "2026-01-08", "method": "phone", "outcome": "no_reply"})
    world.post(
        "vlo", url, {"on": "2026-01-12", "method": "letter", "outcome": "sent", "follow_up": True}
    )
    # The reply window (10 working days after 12 Jan) ends on 26 Jan.
    assert _sweep(world, "2026-01-26")["no_response"] == 0
    assert _sweep(world, "2026-01-27")["no_response"] == 1
    assert _sweep(world, "2026-01-28")["no_response"] == 0
    detail = world.get("vlo", f"/api/v1/cases/{case_id}").json()
    assert detail["participation"] == "no_response"
    body = {"status": "opted_in", "on": "2026-01-12", "level": "key_stages"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/participation", body).status_code == 201


def test_ladder_needs_enough_attempts_and_no_contact_made(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    url = f"/api/v1/cases/{case_id}/contacts"
    world.post(
        "vlo", url, {"on": "2026-01-06", "method": "letter", "outcome": "sent", "follow_up": True}
    )
    assert _sweep(world, "2026-03-01")["no_response"] == 0  # one attempt is not enough
    world.post("vlo", url, {"on": "2026-01-07", "method": "phone", "outcome": "made_contact"})
    world.post("vlo", url, {"on": "2026-01-08", "method": "phone", "outcome": "no_reply"})
    world.post(
        "vlo", url, {"on": "2026-01-09", "method": "letter", "outcome": "sent", "follow_up": True}
    )
    assert _sweep(world, "2026-03-01")["no_response"] == 0  # they were reached once


def test_a_task_appears_on_the_young_persons_18th_birthday(world: World) -> None:
    victim = {"name": "Young Example", "relationship": "direct", "date_of_birth": "2008-02-29"}
    case_id = world.refer(victims=[victim])["cases"][0]["id"]
    version = world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"]
    parent = {**NOMINEE, "kind": "parent_guardian", "relationship": "Mother", "version": version}
    assert world.put("vlo", f"/api/v1/cases/{case_id}/nominated-contact", parent).status_code == 200
    assert _sweep(world, "2026-02-28")["tasks_created"] == 0
    assert _sweep(world, "2026-03-01")["tasks_created"] == 1
    assert _sweep(world, "2026-03-02")["tasks_created"] == 0
    tasks = world.get("vlo", "/api/v1/tasks").json()
    assert [(t["case_id"], t["kind"], t["due"]) for t in tasks["items"]] == [
        (case_id, "young_person_18", "2026-03-01")
    ]
    done = world.post("vlo", f"/api/v1/tasks/{tasks['items'][0]['id']}/done", {"on": "2026-01-12"})
    assert done.status_code == 201 and done.json()["done_on"] == "2026-01-12"
    assert world.get("vlo", "/api/v1/tasks").json()["total"] == 0
    assert world.get("vlo_other", "/api/v1/tasks", params={"open": "false"}).json()["total"] == 0
    assert (
        world.post(
            "vlo_other", f"/api/v1/tasks/{tasks['items'][0]['id']}/done", {"on": "2026-01-12"}
        ).status_code
        == 403
    )
    assert run(Task.count()) == 1 and run(Victim.count()) == 1
