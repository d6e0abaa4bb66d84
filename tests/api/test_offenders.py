"""The offender side: assigning the offender manager, and what they may see of the offender's
victims (never an address, phone, email or date of birth). All people are invented."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.test_conditions import (
    REQUESTS,
    assign_om,
    case_and_offender,
    create,
    forward,
    pdf_text,
    png,
    square,
    upload,
)
from tests.fixtures import World, referral_payload, run
from vcs.access.tables import AuditEntry
from vcs.core.tables import Case, User

ALEX = referral_payload()["victims"][0]
SAM = {
    "name": "Sam Example",
    "relationship": "bereaved_family",
    "date_of_birth": "1975-11-03",
    "address": {
        "line1": "7 Specimen Close",
        "line2": "Flat 3",
        "town": "Cardiff",
        "postcode": "CF10 1AA",
    },
    "email": "sam.example@example.com",
    "phone": "07700 900456",
}


def _secrets() -> list[str]:
    """Every contact detail of both synthetic victims, in the forms it could be written."""
    found = []
    for victim in (ALEX, SAM):
        address = victim["address"]
        found += [address["line1"], address["postcode"], victim["email"], victim["phone"]]
        found.append(victim["phone"].replace(" ", ""))
        year, month, day = victim["date_of_birth"].split("-")
        found += [victim["date_of_birth"], f"{day}/{month}/{year}", f"{day}.{month}.{year}"]
    return found


def _long_dates() -> list[re.Pattern[str]]:
    return [re.compile(r"\b15 June 1990\b"), re.compile(r"\b3 November 1975\b")]


def assert_no_contact_details(text: str, where: str) -> None:
    folded = text.casefold()
    for secret in _secrets():
        assert secret.casefold() not in folded, (where, secret)
    for pattern in _long_dates():
        assert not pattern.search(text), (where, pattern.pattern)


def _two_victims_with_requests(world: World) -> tuple[int, list[int]]:
    referral = world.refer(victims=[ALEX, SAM])
    case_ids = [c["id"] for c in referral["cases"]]
    offender_id = run(Case.select(Case.offender).where(Case.id == case_ids[0]).first())["offender"]
    zone = create(world, case_ids[0])
    no_contact = create(
        world, case_ids[1], type="no_contact", zone=None, names=["Sam Example", "Jo Example"]
    )
    draft = create(world, case_ids[1], zone=square(-3.18, 51.48, 800))
    ids = [zone.json()["id"], no_contact.json()["id"], draft.json()["id"]]
    assert upload(world, "vlo", ids[0], png()).status_code == 201
    assert forward(world, ids[0]).status_code == 200
    assert forward(world, ids[1]).status_code == 200
    run(Case.update({Case.participation: "opted_in"}).where(Case.id == case_ids[0]))
    return offender_id, ids


def test_the_offender_managers_view_never_holds_a_victims_contact_details(world: World) -> None:
    offender_id, (zone_id, no_contact_id, draft_id) = _two_victims_with_requests(world)
    assign_om(world, offender_id)
    alternative = {"text": "Not to enter Example Borough.", "reason": "Easier to police."}
    assert world.post("om", f"{REQUESTS}/{zone_id}/alternatives", alternative).status_code == 201
    responses: dict[str, Any] = {
        "summary": world.get("om", f"/api/v1/offenders/{offender_id}/victim-summary"),
        "list": world.get("om", f"/api/v1/offenders/{offender_id}/condition-requests"),
        "mine": world.get("om", "/api/v1/offender-manager/offenders"),
        "zone request": world.get("om", f"{REQUESTS}/{zone_id}"),
        "no-contact request": world.get("om", f"{REQUESTS}/{no_contact_id}"),
        "zone svg": world.get("om", f"{REQUESTS}/{zone_id}/zone.svg"),
        "map": world.get("om", f"{REQUESTS}/{zone_id}/map"),
        "representation": world.get("om", f"{REQUESTS}/{zone_id}/representation.pdf"),
        "no-contact representation": world.get(
            "om", f"{REQUESTS}/{no_contact_id}/representation.pdf"
        ),
    }
    for where, response in responses.items():
        assert response.status_code == 200, (where, response.text)
        if response.headers["content-type"].startswith("application/pdf"):
            text = pdf_text(response.content)
        else:
            text = response.content.decode("latin-1")
        assert_no_contact_details(text, where)
    summary = responses["summary"].json()
    assert (summary["victims_in_scheme"], summary["opted_in"]) == (2, 1)
    assert summary["vlo"] == "London Victim Liaison Unit"
    assert [r["id"] for r in summary["requests"]] == [zone_id, no_contact_id]  # never the draft
    assert summary["requests"][1]["names"] == ["Sam Example", "Jo Example"]
    assert "case_id" not in summary["requests"][0] and "victim_name" not in summary["requests"][0]
    assert summary["requests"][0]["alternatives"][0]["text"] == alternative["text"]
    assert responses["zone svg"].headers["content-type"].startswith("image/svg+xml")
    assert "Sam Example" in pdf_text(responses["no-contact representation"].content)
    assert responses["mine"].json()["items"][0]["condition_requests"] == 2
    assert world.get("om", f"{REQUESTS}/{draft_id}").status_code == 404


def test_every_offender_manager_read_is_audited(world: World) -> None:
    offender_id, (zone_id, _, _) = _two_victims_with_requests(world)
    assign_om(world, offender_id)
    world.get("om", f"/api/v1/offenders/{offender_id}/victim-summary")
    world.get("om", f"/api/v1/offenders/{offender_id}/condition-requests")
    world.get("om", f"{REQUESTS}/{zone_id}")
    world.get("om", f"{REQUESTS}/{zone_id}/zone.svg")
    world.get("om", f"{REQUESTS}/{zone_id}/map")
    world.get("om", f"{REQUESTS}/{zone_id}/representation.pdf")
    rows = run(AuditEntry.select().where(AuditEntry.actor == "om").order_by(AuditEntry.id))
    assert [r["action"] for r in rows] == [
        "read_victim_summary",
        "read_condition_requests",
        "read_condition_request",
        "produce_zone_map",
        "read_map",
        "produce_representation",
    ]
    assert all(r["role"] == "offender_manager" for r in rows)


def test_an_offender_manager_sees_only_their_own_offenders(world: World) -> None:
    offender_id, (zone_id, _, _) = _two_victims_with_requests(world)
    urls = [
        f"/api/v1/offenders/{offender_id}/victim-summary",
        f"/api/v1/offenders/{offender_id}/condition-requests",
        f"{REQUESTS}/{zone_id}",
        f"{REQUESTS}/{zone_id}/zone.svg",
        f"{REQUESTS}/{zone_id}/representation.pdf",
    ]
    for url in urls:  # nobody assigned yet
        assert world.get("om", url).status_code == 403, url
    assign_om(world, offender_id)
    for url in urls:
        assert world.get("om", url).status_code == 200, url
        assert world.get("om_other", url).status_code == 403, url
        assert world.get("wcu", url).status_code == 403, url
    assert world.get("om_other", "/api/v1/offender-manager/offenders").json()["total"] == 0
    assert world.get("om", "/api/v1/offenders/999999/victim-summary").status_code == 404


def test_the_victim_liaison_unit_reads_the_same_summary(world: World) -> None:
    offender_id, _ = _two_victims_with_requests(world)
    url = f"/api/v1/offenders/{offender_id}/victim-summary"
    assert world.get("vlo", url).json()["victims_in_scheme"] == 2
    assert world.get("manager", url).status_code == 200
    assert world.get("vlo_other", url).status_code == 403
    assert world.get("manager_other", url).status_code == 403


def test_the_summary_names_the_allocated_vlo(world: World) -> None:
    case_id, offender_id = case_and_offender(world)
    vlo = run(User.select(User.id).where(User.username == "vlo").first())
    run(Case.update({Case.assigned_to: vlo["id"]}).where(Case.id == case_id))
    assign_om(world, offender_id)
    summary = world.get("om", f"/api/v1/offenders/{offender_id}/victim-summary").json()
    assert (summary["vlo"], summary["vlos"]) == ("vlo user", ["vlo user"])
    assert summary["requests"] == []


@pytest.mark.parametrize(
    ("user", "body", "status", "field"),
    [
        ("vlo", {"username": "om"}, 403, None),
        ("om", {"username": "om"}, 403, None),
        ("manager_other", {"username": "om"}, 403, None),
        ("manager", {"username": "nobody.here"}, 422, "username"),
        ("manager", {"username": "vlo2"}, 422, "username"),
        ("manager", {"username": "OM; DROP TABLE"}, 400, "username"),
        ("manager", {"username": "om", "extra": 1}, 400, "extra"),
    ],
)
def test_assigning_an_offender_manager_is_checked(
    world: World, user: str, body: dict[str, Any], status: int, field: str | None
) -> None:
    _, offender_id = case_and_offender(world)
    response = world.put(user, f"/api/v1/offenders/{offender_id}/offender-manager", body)
    assert response.status_code == status, response.text
    if field:
        assert field in [e["field"] for e in response.json()["errors"]]
    assert world.get("om", "/api/v1/offender-manager/offenders").json()["total"] == 0


def test_assigning_names_the_manager_and_shows_on_the_timeline(world: World) -> None:
    case_id, offender_id = case_and_offender(world)
    response = world.put(
        "manager", f"/api/v1/offenders/{offender_id}/offender-manager", {"username": "OM"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["offender_manager"] == {
        "username": "om",
        "display_name": "om user",
        "unit_code": "PDU-LON",
    }
    mine = world.get("om", "/api/v1/offender-manager/offenders").json()
    assert [(o["id"], o["victims_in_scheme"]) for o in mine["items"]] == [(offender_id, 1)]
    timeline = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    assert timeline[-1]["kind"] == "offender_manager_assigned"
    assert (
        world.put(
            "manager", "/api/v1/offenders/999999/offender-manager", {"username": "om"}
        ).status_code
        == 404
    )
