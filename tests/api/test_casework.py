"""Allocation, contact attempts and the first-contact clock, closure, transfer and reopening."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.casework.tables import ContactAttempt


def _case(world: World) -> int:
    return int(world.refer()["cases"][0]["id"])


def _detail(world: World, case_id: int, user: str = "vlo") -> dict[str, Any]:
    return dict(world.get(user, f"/api/v1/cases/{case_id}").json())


def _kinds(world: World, case_id: int) -> list[str]:
    return [
        e["kind"] for e in world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    ]


def test_manager_allocates_and_reallocates_with_history(world: World) -> None:
    case_id = _case(world)
    first = world.post("manager", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo"})
    assert first.status_code == 201
    assert first.json()["assigned_to"] == "vlo"
    again = world.post("manager", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo2"})
    assert again.json()["assigned_to"] == "vlo2"
    events = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    allocations = [e["data"] for e in events if e["kind"] == "allocated"]
    assert allocations == [{"before": None, "after": "vlo"}, {"before": "vlo", "after": "vlo2"}]
    assert world.get("vlo", "/api/v1/cases", params={"assigned_to": "vlo2"}).json()["total"] == 1
    assert world.get("vlo", "/api/v1/cases", params={"assigned_to": "vlo"}).json()["total"] == 0


def test_vlo_takes_an_unallocated_case_for_themselves_only(world: World) -> None:
    case_id = _case(world)
    assert (
        world.post("vlo", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo2"}).status_code == 403
    )
    assert (
        world.post("vlo", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo"}).status_code == 201
    )
    assert (
        world.post("vlo2", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo2"}).status_code
        == 403
    )


@pytest.mark.parametrize("vlo", ["vlo.other", "manager", "nobody"])
def test_allocation_only_to_a_vlo_of_the_unit(world: World, vlo: str) -> None:
    response = world.post("manager", f"/api/v1/cases/{_case(world)}/allocation", {"vlo": vlo})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "vlo"


def test_a_note_is_not_contact_but_a_letter_sent_is(world: World) -> None:
    case_id = _case(world)
    note = {"on": "2026-01-06", "method": "phone", "outcome": "note", "notes": "Checked the file"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/contacts", note).status_code == 201
    assert _detail(world, case_id)["deadlines"][0]["state"] == "pending"
    assert _detail(world, case_id)["participation"] == "not_contacted"
    letter = {"on": "2026-01-07", "method": "letter", "outcome": "sent"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/contacts", letter).status_code == 201
    detail = _detail(world, case_id)
    assert (detail["deadlines"][0]["state"], detail["deadlines"][0]["met_on"]) == (
        "met",
        "2026-01-07",
    )
    assert detail["participation"] == "awaiting_reply"
    assert world.get("vlo", "/api/v1/cases").json()["items"][0]["urgency"] == "none"
    later = {"on": "2026-01-09", "method": "phone", "outcome": "made_contact"}
    world.post("vlo", f"/api/v1/cases/{case_id}/contacts", later)
    assert _detail(world, case_id)["deadlines"][0]["met_on"] == "2026-01-07"  # the first one counts
    listed = world.get("vlo", f"/api/v1/cases/{case_id}/contacts").json()
    assert [c["outcome"] for c in listed["items"]] == ["note", "sent", "made_contact"]
    assert _kinds(world, case_id).count("contact_attempt") == 2


def test_late_first_contact_needs_a_reason(world: World) -> None:
    case_id = _case(world)
    world.set_today(date(2026, 2, 10))
    late = {"on": "2026-02-03", "method": "phone", "outcome": "no_reply"}
    refused = world.post("vlo", f"/api/v1/cases/{case_id}/contacts", late)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "late_reason"
    assert run(ContactAttempt.count()) == 0  # nothing half-written
    done = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/contacts",
        {**late, "late_reason": "Referral papers incomplete"},
    )
    assert done.status_code == 201
    clock = _detail(world, case_id)["deadlines"][0]
    assert (clock["state"], clock["late_reason"]) == ("met_late", "Referral papers incomplete")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"on": "2026-01-13", "method": "letter", "outcome": "sent"}, "on"),  # tomorrow
        ({"on": "2026-01-02", "method": "letter", "outcome": "sent"}, "on"),  # before the referral
        ({"on": "2026-01-06", "method": "pigeon", "outcome": "sent"}, "method"),
        ({"on": "2026-01-06", "method": "letter", "outcome": "lost"}, "outcome"),
        (
            {"on": "2026-01-06", "method": "letter", "outcome": "sent", "follow_up": "yes"},
            "follow_up",
        ),
    ],
)
def test_bad_contact_is_refused_naming_the_field(
    world: World, body: dict[str, Any], field: str
) -> None:
    response = world.post("vlo", f"/api/v1/cases/{_case(world)}/contacts", body)
    assert 400 <= response.status_code < 500
    assert field in [e["field"] for e in response.json()["errors"]]


def test_closed_case_is_read_only_until_reopened(world: World) -> None:
    case_id = _case(world)
    closed = world.post(
        "vlo", f"/api/v1/cases/{case_id}/close", {"reason": "victim_request", "on": "2026-01-09"}
    )
    assert closed.status_code == 201 and closed.json()["state"] == "closed"
    contact = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/contacts",
        {"on": "2026-01-09", "method": "letter", "outcome": "sent"},
    )
    assert contact.status_code == 409
    assert "closed" in contact.json()["detail"]
    assert (
        world.post("manager", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo"}).status_code
        == 409
    )
    assert world.get("vlo", "/api/v1/cases", params={"state": "closed"}).json()["total"] == 1
    assert (
        world.post("vlo", f"/api/v1/cases/{case_id}/reopen", {"on": "2026-01-10"}).status_code
        == 400
    )
    reopened = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/reopen",
        {"on": "2026-01-10", "reason": "The victim asked to rejoin"},
    )
    assert reopened.json()["state"] == "open"
    assert _kinds(world, case_id)[-2:] == ["closed", "reopened"]
    assert (
        world.post(
            "vlo", f"/api/v1/cases/{case_id}/reopen", {"on": "2026-01-10", "reason": "again"}
        ).status_code
        == 409
    )


def test_transfer_moves_the_case_and_its_history(world: World) -> None:
    case_id = _case(world)
    world.post("manager", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo"})
    moved = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/close",
        {"reason": "transferred", "on": "2026-01-09", "to_unit": "VLU-WAL"},
    )
    assert moved.status_code == 201
    assert (moved.json()["unit_code"], moved.json()["state"], moved.json()["assigned_to"]) == (
        "VLU-WAL",
        "open",
        None,
    )
    assert world.get("vlo", f"/api/v1/cases/{case_id}").status_code == 403
    assert world.get("vlo_other", "/api/v1/cases").json()["total"] == 1
    assert world.get("vlo_other", f"/api/v1/cases/{case_id}").json()["unit_code"] == "VLU-WAL"
    kinds = [
        e["kind"]
        for e in world.get("vlo_other", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    ]
    assert kinds == ["referred", "allocated", "transferred"]
    assert world.get("manager_other", "/api/v1/deadlines").json()["total"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "transferred", "on": "2026-01-09"}, "to_unit"),
        ({"reason": "transferred", "on": "2026-01-09", "to_unit": "VLU-LON"}, "to_unit"),
        ({"reason": "transferred", "on": "2026-01-09", "to_unit": "WCU-MET"}, "to_unit"),
        ({"reason": "victim_request", "on": "2026-01-09", "to_unit": "VLU-WAL"}, "to_unit"),
        ({"reason": "bored", "on": "2026-01-09"}, "reason"),
    ],
)
def test_closure_rules(world: World, body: dict[str, Any], field: str) -> None:
    response = world.post("vlo", f"/api/v1/cases/{_case(world)}/close", body)
    assert 400 <= response.status_code < 500
    assert field in [e["field"] for e in response.json()["errors"]]


def test_victim_death_is_recorded_once_and_audited(world: World) -> None:
    case_id = _case(world)
    assert (
        world.post("vlo", f"/api/v1/cases/{case_id}/victim-death", {"on": "2026-01-08"}).status_code
        == 201
    )
    assert _detail(world, case_id)["victim"]["deceased_on"] == "2026-01-08"
    assert (
        world.post("vlo", f"/api/v1/cases/{case_id}/victim-death", {"on": "2026-01-08"}).status_code
        == 409
    )
    assert run(AuditEntry.count().where(AuditEntry.action == "record_victim_death")) == 1


def test_stale_version_is_refused_and_nothing_written(world: World) -> None:
    case_id = _case(world)
    response = world.get("vlo", f"/api/v1/cases/{case_id}")
    etag = response.headers["etag"]
    assert etag == '"1"'
    first = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/contacts",
        {"on": "2026-01-06", "method": "letter", "outcome": "sent"},
        headers={"If-Match": etag},
    )
    assert first.status_code == 201 and first.json()["version"] == 2
    stale = world.post(
        "vlo2",
        f"/api/v1/cases/{case_id}/participation",
        {"status": "opted_out", "on": "2026-01-07"},
        headers={"If-Match": etag},
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    assert _detail(world, case_id)["participation"] == "awaiting_reply"
    bad = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/contacts",
        {"on": "2026-01-06", "method": "letter", "outcome": "sent"},
        headers={"If-Match": "yesterday"},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "If-Match"


def test_casework_is_for_the_cases_unit_only(world: World) -> None:
    case_id = _case(world)
    body = {"on": "2026-01-06", "method": "letter", "outcome": "sent"}
    assert world.post("vlo_other", f"/api/v1/cases/{case_id}/contacts", body).status_code == 403
    for user in ("wcu", "om", "admin"):
        assert world.post(user, f"/api/v1/cases/{case_id}/contacts", body).status_code == 403
    assert world.post("vlo", "/api/v1/cases/999999/contacts", body).status_code == 404
    assert run(ContactAttempt.count()) == 0
