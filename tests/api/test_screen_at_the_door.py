"""The screen at the door to the offender side, through the API and the pages (issue 15, findings
1 and 3): every free text an offender manager, a decision maker or a MAPPA meeting reads is
refused, naming the field and never repeating the detail, when it holds the contact details of
any victim of the offender (co-victims in other units included) or of a nominee, in any of the
forms people write them; words merely shaped like a postcode, phone number or email wait for
the writer to confirm they are not a victim's. All people and places are invented (phone numbers
in Ofcom's drama range)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_conditions import (
    REQUESTS,
    ZONE,
    assign_om,
    case_and_offender,
    create,
    forward,
)
from tests.api.test_pages import error_summary, signed_in
from tests.api.test_pages_conditions import geojson_file, post_multipart, zone_form
from tests.fixtures import World, referral_payload, run
from vcs.access.tables import AuditEntry
from vcs.conditions.tables import ConditionAlternative, ConditionRequest
from vcs.mappa.tables import MeetingVictimView
from vcs.sentence.tables import KeyStage

# The victim of the case the VLO works on (London).
MORGAN = {
    "name": "Morgan Example",
    "relationship": "direct",
    "date_of_birth": "1965-11-05",
    "address": {"line1": "119 Mill Lane", "town": "London", "postcode": "E5 2FU"},
    "email": "morgan.example@example.com",
    "phone": "07700 900993",
}
# A co-victim of the same offender, in the Wales unit.
RILEY = {
    "name": "Riley Example",
    "relationship": "direct",
    "date_of_birth": "1972-02-14",
    "address": {"line1": "8 Specimen Close", "town": "Cardiff", "postcode": "CF11 9LJ"},
    "email": "riley.example@example.org",
    "phone": "07700 900321",
}
NOMINEE_PHONE = "07700 900654"
OFFENDER = referral_payload()["offender"]
# The forms in which the attacker got the details through (issue 15, finding 3).
VARIANTS = [
    "Keep him from 119, Mill Lane",
    "He knows the postcode E5-2FU",
    "Ring her on +44 7700 900993",
    "She was born on 5th November 1965",
    "Born 05.11.65",
    "Her birthday is November 5, 1965",
    "DOB 5 Nov 1965",
    "Her nominee is on +44 7700 900654",
    "Her neighbour at 8 Specimen Close",
    "The postcode cf119lj",
    "Call 0044 (0)7700 900 321",
    "Mail RILEY.EXAMPLE@EXAMPLE.ORG",
]
SECRETS = ["Mill Lane", "E5-2FU", "900993", "1965", "05.11.65", "900654", "Specimen", "cf119lj"]


def the_case(world: World) -> tuple[int, int]:
    """Morgan's case (London), a co-victim in Wales, and a nominee on Morgan's case."""
    case_id, offender_id = case_and_offender(world, victims=[MORGAN])
    world.refer("wcu_other", unit_code="VLU-WAL", victims=[RILEY])
    version = world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"]
    nominee = {
        "name": "Sam Example",
        "relationship": "sister",
        "phone": NOMINEE_PHONE,
        "version": version,
    }
    response = world.put("vlo", f"/api/v1/cases/{case_id}/nominated-contact", nominee)
    assert response.status_code == 200, response.text
    return case_id, offender_id


def refused_on(response: Any, field: str) -> None:
    assert response.status_code == 422, response.text
    problem = response.json()
    assert [e["field"] for e in problem["errors"]] == [field], problem
    assert "confirm_with" not in problem  # a refusal can never be confirmed away
    for secret in SECRETS:
        assert secret.casefold() not in response.text.casefold(), secret


@pytest.mark.parametrize("words", VARIANTS)
def test_a_request_holding_anyones_details_in_any_form_is_refused(world: World, words: str) -> None:
    case_id, _ = the_case(world)
    response = create(world, case_id, justification=words)
    refused_on(response, "justification")
    confirmed = create(world, case_id, justification=words, confirm_not_victim_details=True)
    refused_on(confirmed, "justification")
    assert run(ConditionRequest.count()) == 0


def test_every_field_on_the_way_to_the_offender_side_is_screened(world: World) -> None:
    """Request details, premises, decision reasons and wording, alternatives, withdrawal reasons,
    MAPPA views, concerns and measures, key-stage details: each refused, naming the field."""
    case_id, offender_id = the_case(world)
    assign_om(world, offender_id)
    refused_on(create(world, case_id, details="Near 119 MILL LN please"), "details")
    premises = {"type": "premises", "zone": None, "premises": ["The shop", "e5 2fu"]}
    refused_on(create(world, case_id, **premises), "premises")
    rid = create(world, case_id).json()["id"]
    assert forward(world, rid).status_code == 200
    on = {"on": "2026-01-12"}
    decision = {"outcome": "refused", "reason": "She lives at E5 2FU", **on}
    refused_on(world.post("vlo", f"{REQUESTS}/{rid}/decision", decision), "reason")
    varied = {"outcome": "granted_varied", "reason": "Smaller.", **on}
    varied["final_wording"] = "Not to call +44 7700 900993"
    refused_on(world.post("vlo", f"{REQUESTS}/{rid}/decision", varied), "final_wording")
    withdraw = {"reason": "Write to her nominee on +44 7700 900654", **on}
    refused_on(world.post("vlo", f"{REQUESTS}/{rid}/withdraw", withdraw), "reason")
    alternative = {"text": "Not to enter Mill Lane", "reason": "She is at 119, Mill Lane"}
    refused_on(world.post("om", f"{REQUESTS}/{rid}/alternatives", alternative), "reason")
    assert run(ConditionAlternative.count()) == 0
    assert world.get("vlo", f"{REQUESTS}/{rid}").json()["status"] == "forwarded"


def test_key_stage_details_are_screened_before_the_offender_manager_reads_them(
    world: World,
) -> None:
    """Finding 1: key-stage details went to the offender manager verbatim."""
    _, offender_id = the_case(world)
    assign_om(world, offender_id)
    url = f"/api/v1/offenders/{offender_id}/key-stages"
    leaked = {"kind": "release", "on": "2026-01-12", "details": "Victim at 119 Mill Lane, E5 2FU"}
    refused_on(world.post("vlo", url, leaked), "details")
    leaked["details"] = "Tell her on 07700.900.993"
    refused_on(world.post("om", url, leaked), "details")
    assert run(KeyStage.count()) == 0
    assert "Mill Lane" not in world.get("om", url).text
    # Something shaped like a phone number that is nobody's waits for confirmation.
    office = {"kind": "release", "on": "2026-01-12", "details": "Approved premises: 020 7946 0018"}
    held = world.post("vlo", url, office)
    assert held.status_code == 422 and held.json()["confirm_with"] == "confirm_not_victim_details"
    assert [e["field"] for e in held.json()["errors"]] == ["details"]
    assert "7946" not in held.text
    made = world.post("vlo", url, {**office, "confirm_not_victim_details": True})
    assert made.status_code == 201, made.text
    stage_id = made.json()["id"]
    assert world.get("om", f"{url}/{stage_id}").json()["details"] == office["details"]


def test_mappa_views_are_screened_against_co_victims_and_nominees(world: World) -> None:
    case_id, offender_id = the_case(world)
    choice = {"status": "opted_in", "on": "2026-01-06", "level": "key_stages"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/participation", choice).status_code == 201
    body = {"offender_id": offender_id, "level": 2, "on": "2026-01-26"}
    meeting_id = world.post("manager", "/api/v1/mappa-meetings", body).json()["id"]
    url = f"/api/v1/mappa-meetings/{meeting_id}/victim-views"
    for field, words in [
        ("views", "Her co-victim lives at 8 specimen close"),
        ("concerns", "He has the number +44 7700 900654"),
        ("measures", "Nowhere near CF11-9LJ"),
    ]:
        sent = {"case_id": case_id, "views": "She is afraid.", field: words}
        refused_on(world.post("vlo", url, sent), field)
    assert run(MeetingVictimView.count().where(MeetingVictimView.submitted_on.is_not_null())) == 0


def test_words_shaped_like_contact_details_wait_for_the_vlo_to_confirm(world: World) -> None:
    case_id, _ = the_case(world)
    words = {
        "details": "Keep him away from the library, SW1A 2AA.",
        "justification": "Her work's switchboard is 020 7946 0999; email jobs@example.net",
    }
    held = create(world, case_id, **words)
    assert held.status_code == 422, held.text
    problem = held.json()
    assert problem["confirm_with"] == "confirm_not_victim_details"
    assert [e["field"] for e in problem["errors"]] == ["details", "justification"]
    assert "postcode" in problem["errors"][0]["message"]
    for value in ("SW1A", "7946", "jobs@"):
        assert value not in held.text
    assert run(ConditionRequest.count()) == 0
    made = create(world, case_id, **words, confirm_not_victim_details=True)
    assert made.status_code == 201, made.text
    # Changing another field later does not ask again about words already confirmed.
    rid = made.json()["id"]
    changed = world.request("PATCH", "vlo", f"{REQUESTS}/{rid}", json={"needed_for": "release"})
    assert changed.status_code == 200, changed.text
    # New words are asked about again.
    again = {"details": "Or the gym at SE1 7PB"}
    assert world.request("PATCH", "vlo", f"{REQUESTS}/{rid}", json=again).status_code == 422


def test_every_read_of_the_details_to_screen_is_audited_even_when_refused(world: World) -> None:
    case_id, _ = the_case(world)
    last = run(AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id, ascending=False).first())
    refused_on(create(world, case_id, details="E5 2FU"), "details")
    entries = run(
        AuditEntry.select().where(
            (AuditEntry.action == "screen_victim_details") & (AuditEntry.id > last["id"])
        )
    )
    # Both victims of the offender (one in each unit) and the case with the nominee.
    assert sorted(e["record_type"] for e in entries) == ["case", "victim", "victim"]
    assert all(e["actor"] == "vlo" and "E5" not in e["detail"] for e in entries)


def test_the_page_asks_to_confirm_and_never_accepts_a_victims_details(world: World) -> None:
    case_id, _ = the_case(world)
    pages = signed_in(world, "vlo")
    url = f"/cases/{case_id}/condition-requests/new"
    shaped = zone_form(details="Keep him from the gym, SE1 7PB.")
    held = post_multipart(pages, url, shaped, geojson_file(ZONE))
    assert held.status_code == 422
    [(href, text)] = error_summary(held.text)
    assert href == "#details" and "looks like it holds a postcode" in text
    assert 'name="confirm_not_victim_details"' in held.text
    confirmed = {**shaped, "confirm_not_victim_details": "yes"}
    assert post_multipart(pages, url, confirmed, geojson_file(ZONE)).status_code == 303
    victims = {
        **zone_form(details="Keep him from 119, mill lane."),
        "confirm_not_victim_details": "yes",
    }
    refused = post_multipart(pages, url, victims, geojson_file(ZONE))
    assert refused.status_code == 422
    assert error_summary(refused.text)[0][0] == "#details"
    assert run(ConditionRequest.count()) == 1


def test_the_decision_form_asks_to_confirm_too(world: World) -> None:
    case_id, _ = the_case(world)
    rid = create(world, case_id).json()["id"]
    assert forward(world, rid).status_code == 200
    pages = signed_in(world, "vlo")
    form = {
        "decision.outcome": "refused",
        "decision.reason": "The board wrote from PO Box 1, W1A 1AA.",
        "decision.on-day": "12",
        "decision.on-month": "1",
        "decision.on-year": "2026",
    }
    held = pages.post(f"/condition-requests/{rid}/decision", form)
    assert held.status_code == 422
    assert 'name="decision.confirm_not_victim_details"' in held.text
    done = pages.post(
        f"/condition-requests/{rid}/decision",
        {**form, "decision.confirm_not_victim_details": "yes"},
    )
    assert done.status_code == 303, done.text
