"""Changing the victim's own details: validation, versions, the audit trail, the history kept
(which details, who, when, why, never the values) and the next letter going to the new address."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import World, run
from vcs.access.tables import AuditEntry

NEW_ADDRESS = {"line1": "7 Willow Court", "town": "Leeds", "postcode": "LS1 4DY"}


def _case(world: World, **victim: Any) -> int:
    if victim:
        base = {
            "name": "Alex Example",
            "relationship": "direct",
            "address": {"line1": "12 Sample Road", "town": "London", "postcode": "E1 6AN"},
        }
        return int(world.refer(victims=[{**base, **victim}])["cases"][0]["id"])
    return int(world.refer()["cases"][0]["id"])


def _patch(world: World, user: str, case_id: int, body: dict[str, Any], **kw: Any) -> Any:
    return world.request("PATCH", user, f"/api/v1/cases/{case_id}/victim", json=body, **kw)


def test_a_vlo_changes_the_address_with_a_reason_and_the_case_shows_it(world: World) -> None:
    case_id = _case(world)
    before = world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"]
    body = {"address": NEW_ADDRESS, "phone": "07700 900456", "reason": "Moved house in March"}
    changed = _patch(world, "vlo", case_id, body)
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == before + 1
    victim = world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]
    assert victim["address"] == {**NEW_ADDRESS, "line2": ""}
    assert victim["phone"] == "07700 900456"
    assert victim["email"] == "alex.example@example.com"  # not sent, not changed


def test_the_history_says_who_which_and_why_but_never_the_values(world: World) -> None:
    case_id = _case(world)
    _patch(world, "vlo", case_id, {"address": NEW_ADDRESS, "reason": "Moved house"})
    _patch(
        world, "manager", case_id, {"email": None, "name": "Alex Examples", "reason": "Deed poll"}
    )
    history = world.get("vlo", f"/api/v1/cases/{case_id}/victim/history")
    assert history.status_code == 200
    items = history.json()["items"]
    assert [(i["fields"], i["reason"]) for i in items] == [
        (["address"], "Moved house"),
        (["name", "email"], "Deed poll"),
    ]
    assert "Willow" not in history.text and "LS1" not in history.text
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]["email"] is None
    timeline = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    assert any(e["summary"] == "Changed the victim's address: Moved house" for e in timeline)


def test_only_the_cases_unit_reads_the_history_or_changes_the_details(world: World) -> None:
    case_id = _case(world)
    url = f"/api/v1/cases/{case_id}/victim/history"
    for user in ("vlo_other", "om", "wcu", "national", "admin"):
        assert world.get(user, url).status_code == 403, user
        refused = _patch(world, user, case_id, {"phone": "07700 900456", "reason": "x"})
        assert refused.status_code == 403, user
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]["phone"] == "07700 900123"


def test_every_change_and_read_is_audited_without_the_values(world: World) -> None:
    case_id = _case(world)
    _patch(world, "vlo", case_id, {"address": NEW_ADDRESS, "reason": "Moved house"})
    world.get("vlo", f"/api/v1/cases/{case_id}/victim/history")
    entries = run(AuditEntry.select().order_by(AuditEntry.seq))
    actions = [(e["action"], e["actor"]) for e in entries]
    assert ("change_victim_details", "vlo") in actions
    assert ("read_victim_details_history", "vlo") in actions
    change = next(e for e in entries if e["action"] == "change_victim_details")
    assert change["detail"] == f"case {case_id}: address"
    assert all("Willow" not in e["detail"] and "LS1" not in e["detail"] for e in entries)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "not a phone", "reason": "x"}, "phone"),
        ({"email": "nobody-at-example", "reason": "x"}, "email"),
        (
            {"address": {"line1": "1 Road", "town": "Leeds", "postcode": "XX"}, "reason": "x"},
            "address.postcode",
        ),
        ({"date_of_birth": "2027-01-01", "reason": "x"}, "date_of_birth"),
        ({"date_of_birth": "12/01/2000", "reason": "x"}, "date_of_birth"),
        ({"language": "fr", "reason": "x"}, "language"),
        ({"name": None, "reason": "x"}, "name"),
        ({"name": "  ", "reason": "x"}, "name"),
        ({"phone": "07700 900456"}, "reason"),
        ({"phone": "07700 900456", "reason": " "}, "reason"),
        ({"reason": "Nothing to say"}, "details"),
        ({"phone": "07700 900123", "reason": "The same number"}, "details"),
        ({"postcode": "LS1 4DY", "reason": "x"}, "postcode"),
    ],
)
def test_bad_details_name_the_field_never_echo_the_value_and_change_nothing(
    world: World, body: dict[str, Any], field: str
) -> None:
    case_id = _case(world)
    version = world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"]
    refused = _patch(world, "vlo", case_id, body)
    assert refused.status_code in (400, 422), refused.text
    fields = [e["field"] for e in refused.json().get("errors", [])]
    assert any(f == field or f.endswith(field) for f in fields), refused.text
    for value in ("not a phone", "nobody-at-example", "12/01/2000"):
        assert value not in refused.text
    after = world.get("vlo", f"/api/v1/cases/{case_id}").json()
    assert after["version"] == version
    history = world.get("vlo", f"/api/v1/cases/{case_id}/victim/history").json()
    assert history["total"] == 0


def test_two_people_changing_at_once_never_lose_a_change(world: World) -> None:
    case_id = _case(world)
    read = world.get("vlo", f"/api/v1/cases/{case_id}")
    etag = read.headers["ETag"]
    first = _patch(
        world,
        "vlo",
        case_id,
        {"phone": "07700 900456", "reason": "New phone"},
        headers={"If-Match": etag},
    )
    assert first.status_code == 200
    second = _patch(
        world,
        "vlo2",
        case_id,
        {"email": "a.new@example.com", "reason": "New email"},
        headers={"If-Match": etag},
    )
    assert second.status_code == 412
    assert "Someone else changed this case" in second.json()["detail"]
    by_body = _patch(
        world, "vlo2", case_id, {"email": "a.new@example.com", "reason": "x", "version": 1}
    )
    assert by_body.status_code == 412
    victim = world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]
    assert (victim["phone"], victim["email"]) == ("07700 900456", "alex.example@example.com")


def test_a_closed_case_is_refused_with_a_conflict(world: World) -> None:
    case_id = _case(world)
    closed = world.post(
        "vlo", f"/api/v1/cases/{case_id}/close", {"reason": "victim_request", "on": "2026-01-09"}
    )
    assert closed.status_code in (200, 201), closed.text
    refused = _patch(world, "vlo", case_id, {"phone": "07700 900456", "reason": "x"})
    assert refused.status_code == 409


def test_the_next_letter_goes_to_the_new_address(world: World) -> None:
    case_id = _case(world)
    _patch(world, "vlo", case_id, {"address": NEW_ADDRESS, "reason": "Moved house"})
    letter = world.post("vlo", f"/api/v1/cases/{case_id}/letters", {"template": "initial_offer"})
    assert letter.status_code == 201, letter.text
    pdf = world.get("vlo", f"/api/v1/letters/{letter.json()['id']}/pdf")
    from tests.api.leak_outputs import pdf_text

    text = pdf_text(pdf.content)
    assert "7 Willow Court" in text and "12 Sample Road" not in text


def test_a_changed_date_of_birth_flags_a_victim_under_18(world: World) -> None:
    case_id = _case(world)
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]["under_18"] is False
    _patch(world, "vlo", case_id, {"date_of_birth": "2010-05-01", "reason": "Wrong year"})
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]["under_18"] is True
    letter = world.post("vlo", f"/api/v1/cases/{case_id}/letters", {"template": "initial_offer"})
    assert letter.status_code == 422 or letter.status_code == 409
    assert "parent or guardian" in letter.json()["detail"]
