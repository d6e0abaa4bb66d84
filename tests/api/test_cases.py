"""The caseload, a case in full, its timeline, and the manager's deadline list."""

from __future__ import annotations

import re
from datetime import date

from tests.api.test_pages import signed_in
from tests.fixtures import World, referral_payload, run
from vcs.access.tables import AuditEntry
from vcs.core.tables import Case


def _refer_on(world: World, received: str, name: str, sentence: str = "2025-12-01") -> int:
    victim = dict(referral_payload()["victims"][0], name=name)
    body = world.refer(
        received_on=received,
        sentence={
            "date": sentence,
            "court": "Test Crown Court",
            "type": "imprisonment",
            "length_months": 24,
        },
        victims=[victim],
    )
    return int(body["cases"][0]["id"])


def test_caseload_is_most_urgent_first(world: World) -> None:
    world.set_today(date(2026, 2, 2))
    pending = _refer_on(world, "2026-01-30", "Casey Pending")  # due 27 Feb
    overdue = _refer_on(world, "2025-12-02", "Casey Overdue")  # due 2 Jan 2026
    due_soon = _refer_on(world, "2026-01-05", "Casey Soon")  # due 2 Feb (today)
    overdue_older = _refer_on(world, "2025-12-01", "Casey Oldest")  # due 31 Dec 2025
    body = world.get("vlo", "/api/v1/cases").json()
    assert [c["id"] for c in body["items"]] == [overdue_older, overdue, due_soon, pending]
    assert [c["urgency"] for c in body["items"]] == ["overdue", "overdue", "due_soon", "pending"]
    assert body["total"] == 4
    assert body["counts"] == {"open": 4, "overdue": 2, "due_soon": 1, "unallocated": 4}
    overdue_only = world.get("vlo", "/api/v1/cases", params={"deadline": "overdue"}).json()
    assert [c["id"] for c in overdue_only["items"]] == [overdue_older, overdue]
    soon_only = world.get("vlo", "/api/v1/cases", params={"deadline": "due_soon"}).json()
    assert [c["id"] for c in soon_only["items"]] == [due_soon]
    page = world.get("vlo", "/api/v1/cases", params={"limit": 2, "offset": 2}).json()
    assert [c["id"] for c in page["items"]] == [due_soon, pending]
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 2)


def test_the_allocation_queue_holds_only_unallocated_cases(world: World) -> None:
    world.set_today(date(2026, 2, 2))
    given = _refer_on(world, "2026-01-05", "Casey Given")
    waiting = _refer_on(world, "2026-01-30", "Casey Waiting")
    allocated = world.post("manager", f"/api/v1/cases/{given}/allocation", {"vlo": "vlo"})
    assert allocated.status_code == 201, allocated.text
    body = world.get("manager", "/api/v1/cases", params={"unallocated": "true"}).json()
    assert [c["id"] for c in body["items"]] == [waiting]
    assert body["total"] == 1
    assert body["counts"] == {"open": 1, "overdue": 0, "due_soon": 0, "unallocated": 1}
    everyone = world.get("manager", "/api/v1/cases").json()
    assert everyone["total"] == 2 and everyone["counts"]["unallocated"] == 1
    pages = signed_in(world, "manager")
    queue = pages.get("/cases", params={"assigned_to": "-"})
    assert queue.status_code == 200
    # A case's link carries the list's filters, so the way back keeps them.
    assert re.search(rf'href="/cases/{waiting}[?"]', queue.text)
    assert not re.search(rf'href="/cases/{given}[?"]', queue.text)
    assert 'href="/cases?assigned_to=-"' in pages.get("/cases").text


def test_caseload_rows_hold_no_contact_details(world: World) -> None:
    world.refer()
    text = world.get("vlo", "/api/v1/cases").text
    for detail in (
        "12 Sample Road",
        "E1 6AN",
        "07700 900123",
        "alex.example@example.com",
        "1990-06-15",
    ):
        assert detail not in text


def test_caseload_is_scoped_to_the_unit(world: World) -> None:
    world.refer()
    assert world.get("vlo", "/api/v1/cases").json()["total"] == 1
    assert world.get("vlo_other", "/api/v1/cases").json()["total"] == 0


def test_caseload_filters_validate(world: World) -> None:
    for params in (
        {"deadline": "soonish"},
        {"state": "half-open"},
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
    ):
        response = world.get("vlo", "/api/v1/cases", params=params)
        assert response.status_code == 400, params
        assert response.json()["errors"]


def test_case_in_full_and_its_read_is_audited(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    body = world.get("vlo", f"/api/v1/cases/{case_id}").json()
    assert body["victim"]["address"]["postcode"] == "E1 6AN"
    assert body["offender"]["crn"] == "X123456"
    assert body["sentence"] == {
        "date": "2025-12-19",
        "court": "Snaresbrook Crown Court",
        "type": "imprisonment",
        "length_months": 36,
    }
    assert body["eligibility"]["status"] == "statutory"
    assert body["deadlines"][0]["due"] == "2026-02-02"
    assert body["version"] == 1 and body["state"] == "open"
    reads = run(AuditEntry.select().where(AuditEntry.action == "read_victim_details"))
    assert [(r["actor"], r["record_type"]) for r in reads] == [("vlo", "victim")]
    assert "E1 6AN" not in str(reads)


def test_other_units_cannot_read_a_case(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    for user in ("vlo_other", "manager_other"):
        assert world.get(user, f"/api/v1/cases/{case_id}").status_code == 403
        assert world.get(user, f"/api/v1/cases/{case_id}/timeline").status_code == 403
    assert world.get("vlo", "/api/v1/cases/424242").status_code == 404
    assert run(AuditEntry.count().where(AuditEntry.action == "read_victim_details")) == 0


def test_timeline_starts_with_the_referral(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    body = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()
    assert body["total"] == 1
    [event] = body["items"]
    assert (event["kind"], event["occurred_on"], event["actor"]) == (
        "referred",
        "2026-01-05",
        "wcu",
    )
    assert event["data"]["first_contact_due"] == "2026-02-02"


def test_manager_sees_every_open_clock(world: World) -> None:
    world.set_today(date(2026, 2, 2))
    overdue = _refer_on(world, "2025-12-02", "Casey Overdue")
    soon = _refer_on(world, "2026-01-05", "Casey Soon")
    _refer_on(world, "2026-01-30", "Casey Pending")
    everything = world.get("manager", "/api/v1/deadlines").json()
    assert [d["case_id"] for d in everything["items"]][:2] == [overdue, soon]
    assert everything["total"] == 3
    only = world.get("manager", "/api/v1/deadlines", params={"state": "overdue"}).json()
    assert [d["case_id"] for d in only["items"]] == [overdue]
    assert only["items"][0]["deadline"]["state"] == "overdue"
    assert world.get("manager_other", "/api/v1/deadlines").json()["total"] == 0
    assert run(Case.count()) == 3
