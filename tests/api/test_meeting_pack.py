"""The MAPPA meeting pack (JSON and PDF) and the offender manager's pre-meeting view: every
opted-in victim's views by name and relationship, the status and decision of each of their
licence-condition requests, a victim-safety section, and none of their contact details. Every
read is audited. All people and places are invented."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.api.test_conditions import REQUESTS, assign_om, create, forward, pdf_text
from tests.api.test_key_stages import ALEX, ROBIN, SAM, co_victims
from tests.api.test_mappa import MEETINGS, mappa, meeting, views
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry

PDF = {"Accept": "application/pdf"}
SAM_VIEWS = "Sam wants the family to be left alone and kept informed."


def _secrets() -> list[str]:
    """Every contact detail of the three synthetic victims, in the forms it could be written."""
    found: list[str] = []
    for victim in (ALEX, SAM, ROBIN):
        address = victim["address"]
        found += [address["line1"], address["postcode"], victim["email"], victim["phone"]]
        found.append(victim["phone"].replace(" ", ""))
        year, month, day = victim["date_of_birth"].split("-")
        found += [victim["date_of_birth"], f"{day}/{month}/{year}", f"{day}.{month}.{year}"]
    return found


LONG_BIRTH_DATES = [r"\b15 June 1990\b", r"\b3 November 1975\b", r"\b29 February 1988\b"]


def assert_no_contact_details(text: str, where: str) -> None:
    folded = text.casefold()
    for secret in _secrets():
        assert secret.casefold() not in folded, (where, secret)
    for pattern in LONG_BIRTH_DATES:
        assert not re.search(pattern, text), (where, pattern)


def _meeting_with_views(world: World) -> tuple[int, int, list[int], list[int]]:
    """Alex (every key stage) and Sam (release month) opted in with views and requests; Robin
    opted out. Returns the offender, the meeting, the cases and the requests."""
    offender_id, case_ids = co_victims(world, ["key_stages", "release_month", None])
    alex, sam, robin = case_ids
    zone = create(world, alex).json()["id"]
    no_contact = create(world, sam, type="no_contact", zone=None, names=["Sam Example"]).json()
    draft = create(world, sam).json()["id"]
    robin_request = create(world, robin, type="no_contact", zone=None, names=["Jo Example"])
    for request_id in (zone, no_contact["id"], robin_request.json()["id"]):
        assert forward(world, request_id).status_code == 200
    decision = {"outcome": "granted", "on": "2026-01-12"}
    assert world.post("vlo", f"{REQUESTS}/{zone}/decision", decision).status_code == 200
    assert mappa(world, offender_id, level=3, lead_agency="probation").status_code == 200
    meeting_id = meeting(world, offender_id, level=3).json()["id"]
    assert views(world, meeting_id, alex).status_code == 201
    assert views(world, meeting_id, sam, views=SAM_VIEWS, measures="").status_code == 201
    assign_om(world, offender_id)
    return (
        offender_id,
        meeting_id,
        case_ids,
        [zone, no_contact["id"], draft, robin_request.json()["id"]],
    )


def test_the_meeting_pack_holds_every_victims_views_and_requests_and_no_contact_details(
    world: World,
) -> None:
    _, meeting_id, _, (zone, no_contact, draft, robins) = _meeting_with_views(world)
    response = world.get("om", f"{MEETINGS}/{meeting_id}/pack")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    pack = response.json()
    assert (pack["level"], pack["mappa"]["level"], pack["mappa"]["lead_agency"]) == (
        3,
        3,
        "probation",
    )
    alex, sam = pack["victims"]  # Robin opted out: not in the pack
    assert (alex["victim_name"], alex["relationship"]) == ("Alex Example", "direct")
    assert (sam["victim_name"], sam["relationship"]) == ("Sam Example", "bereaved_family")
    assert alex["views"].startswith("Alex is frightened") and sam["views"] == SAM_VIEWS
    assert alex["views_status"] == sam["views_status"] == "submitted"
    assert [(r["id"], r["status"], r["decision"]) for r in alex["requests"]] == [
        (zone, "decided", "granted")
    ]
    assert [(r["id"], r["status"], r["decision"]) for r in sam["requests"]] == [
        (no_contact, "forwarded", None)
    ]
    assert draft not in [r["id"] for v in pack["victims"] for r in v["requests"]]
    assert [(r["id"], r["status"]) for r in pack["other_requests"]] == [(robins, "forwarded")]
    safety = {s["victim_name"]: s for s in pack["victim_safety"]}
    assert safety["Alex Example"]["measures"].startswith("No contact")
    assert safety["Alex Example"]["conditions"][0].startswith("Set: Not to enter the area")
    assert safety["Sam Example"]["conditions"][0].startswith("Requested: Not to seek to approach")
    assert "Robin Example" not in response.text
    assert_no_contact_details(response.text, "pack json")
    for key in ("address", "email", "phone", "date_of_birth"):
        assert key not in json.dumps(pack)


def test_the_meeting_pack_as_a_pdf_holds_the_same_and_no_contact_details(world: World) -> None:
    _, meeting_id, _, _ = _meeting_with_views(world)
    response = world.get("om", f"{MEETINGS}/{meeting_id}/pack", headers=PDF)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/pdf")
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    for expected in (
        "MAPPA level 3 meeting",
        "Alex Example (direct)",
        "Sam Example (bereaved family)",
        "Alex is frightened the offender will come back",
        SAM_VIEWS,
        "Victim safety",
        "granted on 12 January 2026",
        "forwarded",
        "Other licence-condition requests",
    ):
        assert expected in flat, expected
    assert "Robin Example" not in flat
    assert_no_contact_details(text, "pack pdf")
    assert_no_contact_details(flat, "pack pdf, joined")


def test_every_read_of_the_pack_is_audited_and_only_the_right_people_read_it(
    world: World,
) -> None:
    _, meeting_id, _, _ = _meeting_with_views(world)
    url = f"{MEETINGS}/{meeting_id}/pack"
    assert world.get("om", url).status_code == 200
    assert world.get("om", url, headers=PDF).status_code == 200
    assert world.get("vlo", url).status_code == 200
    assert world.get("manager", url, headers=PDF).status_code == 200
    for user in ("om_other", "vlo_other", "manager_other"):
        assert world.get(user, url).status_code == 403, user
    assert world.get("wcu", url).status_code == 403
    assert world.get("admin", url).status_code == 403
    assert world.get("om", f"{MEETINGS}/999999/pack").status_code == 404
    rows = run(
        AuditEntry.select().where(AuditEntry.record_type == "mappa_meeting").order_by(AuditEntry.id)
    )
    assert [(r["actor"], r["action"], r["record_id"]) for r in rows] == [
        ("om", "read_mappa_pack", meeting_id),
        ("om", "produce_mappa_pack", meeting_id),
        ("vlo", "read_mappa_pack", meeting_id),
        ("manager", "produce_mappa_pack", meeting_id),
    ]


def test_views_not_yet_received_are_shown_as_awaited(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    meeting_id = meeting(world, offender_id).json()["id"]
    pack = world.get("vlo", f"{MEETINGS}/{meeting_id}/pack").json()
    assert [(v["victim_name"], v["views_status"]) for v in pack["victims"]] == [
        ("Alex Example", "awaited")
    ]
    pdf = world.get("vlo", f"{MEETINGS}/{meeting_id}/pack", headers=PDF)
    assert "have not been received yet" in " ".join(pdf_text(pdf.content).split())


def test_the_offender_managers_pre_meeting_view_in_one_call(world: World) -> None:
    offender_id, meeting_id, _, (zone, no_contact, draft, robins) = _meeting_with_views(world)
    response = world.get("om", f"/api/v1/offenders/{offender_id}/pre-meeting")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["next_meeting"]["id"] == meeting_id
    assert body["next_meeting"]["views_due"] == "2026-01-19"
    requests = {r["id"]: r for r in body["requests"]}
    assert set(requests) == {zone, no_contact, robins} and draft not in requests
    assert (requests[zone]["status"], requests[zone]["decision"]) == ("decided", "granted")
    assert [v["victim_name"] for v in body["views"]] == ["Alex Example", "Sam Example"]
    assert body["mappa"]["level"] == 3
    assert_no_contact_details(response.text, "pre-meeting")
    audit = run(AuditEntry.select().where(AuditEntry.action == "read_pre_meeting"))
    assert [(a["actor"], a["record_id"]) for a in audit] == [("om", offender_id)]
    url = f"/api/v1/offenders/{offender_id}/pre-meeting"
    assert world.get("om_other", url).status_code == 403
    assert world.get("vlo", url).status_code == 403


def test_no_meeting_ahead_means_no_views_released(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    assign_om(world, offender_id)
    body = world.get("om", f"/api/v1/offenders/{offender_id}/pre-meeting").json()
    assert (body["next_meeting"], body["views"], body["requests"]) == (None, [], [])
