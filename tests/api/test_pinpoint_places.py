"""Zones and places that could point to a home (issue 15, finding 4): a zone too small or too
narrow, or premises naming the road where a victim or their nominee lives, are not forwarded
without a VLU manager's recorded approval; the VLO is told why and what to change; the request
stays a draft with its clock running; and the offender side never sees why. All people and
places are invented."""

from __future__ import annotations

from typing import Any

from tests.api.test_conditions import (
    REQUESTS,
    assign_om,
    case_and_offender,
    create,
    forward,
    pdf_text,
    square,
)
from tests.api.test_pages import signed_in
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.core.tables import CaseEvent

PINPOINT = square(-0.07, 51.52, 100)  # a 100 m square
OTHER_PINPOINT = square(-0.08, 51.52, 120)
MORGAN = {
    "name": "Morgan Example",
    "relationship": "direct",
    "address": {"line1": "119 Mill Lane", "town": "London", "postcode": "E5 2FU"},
}
REASON = "The victim asks for this zone after talking through wider ones."
HINTS = ["victim lives", "where the victim", "could point", "pinpoint", "too small", "narrow"]


def approve(world: World, request_id: int, user: str = "manager", reason: str = REASON) -> Any:
    return world.post(user, f"{REQUESTS}/{request_id}/forwarding-approval", {"reason": reason})


def assert_no_hint(text: str) -> None:
    for words in [*HINTS, REASON]:
        assert words.casefold() not in text.casefold(), words


def test_a_pinpoint_zone_waits_for_a_managers_approval_and_the_offender_side_never_learns_why(
    world: World,
) -> None:
    case_id, offender_id = case_and_offender(world)
    made = create(world, case_id, zone=PINPOINT)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    check = made.json()["forwarding_approval"]
    assert check["needed"] and not check["approved"]
    assert "victim lives" in check["reasons"][0] and "wider zone" in check["what_to_change"]
    # Forwarding is refused, saying why and what to change; the request stays a draft.
    refused = forward(world, rid)
    assert refused.status_code == 409, refused.text
    assert refused.json()["needs"] == "vlu_manager_approval"
    assert "wider zone" in refused.json()["detail"]
    after = world.get("vlo", f"{REQUESTS}/{rid}").json()
    assert after["status"] == "draft"
    assert after["forwarding_deadline"]["state"] != "met"  # the clock keeps running
    # Only a manager of the case's unit decides, with a reason.
    assert approve(world, rid, "vlo").status_code == 403
    assert approve(world, rid, "manager_other").status_code == 403
    assert approve(world, rid, reason="").status_code == 400
    approved = approve(world, rid)
    assert approved.status_code == 200, approved.text
    check = approved.json()["forwarding_approval"]
    assert (check["needed"], check["approved"], check["reason"]) == (False, True, REASON)
    assert check["approved_by"] == "manager user"
    assert forward(world, rid).status_code == 200
    # Recorded on the timeline and in the audit trail.
    events = run(CaseEvent.select().where(CaseEvent.kind == "condition_forwarding_approved"))
    assert [e["case"] for e in events] == [case_id]
    audited = run(AuditEntry.select().where(AuditEntry.action == "approve_forwarding"))
    assert [(a["actor"], a["record_id"]) for a in audited] == [("manager", rid)]
    # The offender side: the zone itself, never a warning, a hint or the manager's reason.
    assign_om(world, offender_id)
    seen = world.get("om", f"{REQUESTS}/{rid}")
    assert seen.json()["zone"]["warnings"] == [] and "forwarding_approval" not in seen.json()
    assert_no_hint(seen.text)
    assert_no_hint(world.get("om", f"/api/v1/offenders/{offender_id}/victim-summary").text)
    assert_no_hint(pdf_text(world.get("om", f"{REQUESTS}/{rid}/representation.pdf").content))
    pages = signed_in(world, "om")
    assert_no_hint(pages.get(f"/condition-requests/{rid}").text)
    assert_no_hint(pages.get(f"/offenders/{offender_id}").text)


def test_an_approval_holds_only_for_the_zone_approved(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id, zone=PINPOINT).json()["id"]
    assert approve(world, rid).status_code == 200
    changed = world.request("PATCH", "vlo", f"{REQUESTS}/{rid}", json={"zone": OTHER_PINPOINT})
    assert changed.status_code == 200, changed.text
    assert changed.json()["forwarding_approval"]["needed"]
    assert forward(world, rid).status_code == 409
    # A wider zone needs nobody's approval: the victim's request is never stopped.
    wider = world.request(
        "PATCH", "vlo", f"{REQUESTS}/{rid}", json={"zone": square(-0.07, 51.52, 900)}
    )
    assert wider.json()["forwarding_approval"] is None
    assert forward(world, rid).status_code == 200


def test_premises_naming_a_victims_road_wait_for_approval_and_the_address_is_refused(
    world: World,
) -> None:
    case_id, _ = case_and_offender(world, victims=[MORGAN])
    premises = {"type": "premises", "zone": None}
    refused = create(world, case_id, **premises, premises=["119 Mill Lane"])
    assert refused.status_code == 422 and "Mill" not in refused.text
    made = create(world, case_id, **premises, premises=["The shops on Mill Ln"])
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    assert made.json()["forwarding_approval"]["reasons"] == [
        "The premises name the road where a victim or their nominee lives"
    ]
    assert forward(world, rid).status_code == 409
    assert approve(world, rid).status_code == 200
    assert forward(world, rid).status_code == 200


def test_a_request_that_could_not_point_to_a_home_needs_no_approval(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id).json()["id"]
    assert create(world, case_id).json()["forwarding_approval"] is None
    response = approve(world, rid)
    assert response.status_code == 409 and "without approval" in response.json()["detail"]


def test_the_manager_approves_on_the_request_page(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = create(world, case_id, zone=PINPOINT).json()["id"]
    vlo = signed_in(world, "vlo").get(f"/condition-requests/{rid}").text
    assert "It could point to where a victim lives" in vlo
    assert "forwarding-approval" not in vlo  # the VLO has no button
    form = {
        "forward.action": "confirm",
        "forward.decision_maker": "prison_governor",
        "forward.on-day": "12",
        "forward.on-month": "1",
        "forward.on-year": "2026",
    }
    refused = signed_in(world, "vlo").post(f"/condition-requests/{rid}/forward", form)
    assert refused.status_code == 409 and "wider zone" in refused.text
    manager = signed_in(world, "manager")
    page = manager.get(f"/condition-requests/{rid}").text
    assert f'action="/condition-requests/{rid}/forwarding-approval"' in page
    empty = manager.post(f"/condition-requests/{rid}/forwarding-approval", {"approval.reason": ""})
    assert empty.status_code == 400
    done = manager.post(
        f"/condition-requests/{rid}/forwarding-approval", {"approval.reason": REASON}
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?done=approval")
    shown = signed_in(world, "vlo").get(f"/condition-requests/{rid}").text
    assert "approved forwarding it as it is" in shown and REASON in shown
    assert (
        signed_in(world, "vlo").post(f"/condition-requests/{rid}/forward", form).status_code == 303
    )
