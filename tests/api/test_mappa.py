"""MAPPA status and meetings, the victims' views and their clock, Victim Personal Statements
and closure proposed at sentence expiry, through the API. All people are invented."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.api.test_conditions import assign_om
from tests.api.test_key_stages import ALEX, choose, co_victims, stage
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.core.tables import Case, CaseEvent, Deadline, Task

MEETINGS = "/api/v1/mappa-meetings"


def mappa(world: World, offender_id: int, user: str = "manager", **body: Any) -> Any:
    payload = {"category": 2, "level": 2, "from": "2026-01-05", **body}
    return world.put(user, f"/api/v1/offenders/{offender_id}/mappa", payload)


def test_mappa_category_and_level_keep_their_history(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    first = mappa(world, offender_id, lead_agency="probation")
    assert first.status_code == 200, first.text
    assign_om(world, offender_id)
    assert mappa(world, offender_id, "om", level=3, **{"from": "2026-01-09"}).status_code == 200
    assert mappa(world, offender_id, "om", level=1, **{"from": "2025-12-20"}).status_code == 200
    history = world.get("vlo", f"/api/v1/offenders/{offender_id}/mappa").json()
    assert [(h["level"], h["from_date"]) for h in history["items"]] == [
        (1, "2025-12-20"),
        (2, "2026-01-05"),
        (3, "2026-01-09"),
    ]
    assert (history["current"]["level"], history["total"]) == (3, 3)
    assert history["items"][1]["lead_agency"] == "probation"
    events = run(CaseEvent.select().where(CaseEvent.kind == "mappa_changed"))
    assert len(events) == 3


def test_only_managers_and_the_offender_manager_set_mappa(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    assert mappa(world, offender_id, "vlo").status_code == 403
    assert mappa(world, offender_id, "om").status_code == 403  # not yet their offender
    assert mappa(world, offender_id, "manager_other").status_code == 403
    assert world.get("om_other", f"/api/v1/offenders/{offender_id}/mappa").status_code == 403
    assert world.get("wcu", f"/api/v1/offenders/{offender_id}/mappa").status_code == 403
    assert mappa(world, 999999).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category": 5}, "category"),
        ({"level": 0}, "level"),
        ({"level": "2"}, "level"),
        ({"category": True}, "category"),
        ({"from": "12/01/2026"}, "from"),
        ({"lead_agency": "army"}, "lead_agency"),
    ],
)
def test_bad_mappa_is_refused_naming_the_field(
    world: World, body: dict[str, Any], field: str
) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    response = mappa(world, offender_id, **body)
    assert response.status_code == 400, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


def meeting(world: World, offender_id: int, user: str = "manager", **body: Any) -> Any:
    return world.post(
        user, MEETINGS, {"offender_id": offender_id, "level": 2, "on": "2026-01-26", **body}
    )


def views(world: World, meeting_id: int, case_id: int, user: str = "vlo", **body: Any) -> Any:
    payload = {
        "case_id": case_id,
        "views": "Alex is frightened the offender will come back to the street.",
        "concerns": "Being followed again.",
        "measures": "No contact; an exclusion zone around the town centre.",
        **body,
    }
    return world.post(user, f"{MEETINGS}/{meeting_id}/victim-views", payload)


def test_a_meeting_sets_a_views_clock_on_each_opted_in_case(world: World) -> None:
    offender_id, (opted_in, opted_out) = co_victims(world, ["key_stages", None])
    created = meeting(world, offender_id)
    assert created.status_code == 201, created.text
    body = created.json()
    # 5 working days before Monday 26 January 2026 is Monday 19 January.
    assert (body["views_due"], body["victims_invited"], body["level"]) == ("2026-01-19", 1, 2)
    clock = run(Deadline.select().where(Deadline.clock == "mappa_views"))
    assert [(c["case"], c["due"]) for c in clock] == [(opted_in, date(2026, 1, 19))]
    case = world.get("vlo", f"/api/v1/cases/{opted_in}").json()
    assert "mappa_views" in [d["clock"] for d in case["deadlines"]]
    assert run(Case.select(Case.next_due).where(Case.id == opted_in).first())["next_due"] <= date(
        2026, 1, 19
    )
    submitted = views(world, body["id"], opted_in)
    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["deadline"]["state"] == "met"
    again = views(world, body["id"], opted_in, views="Alex has changed her mind about the zone.")
    assert again.status_code == 201
    assert views(world, body["id"], opted_out).status_code == 409


def test_meetings_are_arranged_by_managers_and_the_offender_manager_only(world: World) -> None:
    offender_id, _ = co_victims(world, ["key_stages"])
    assert meeting(world, offender_id, "vlo").status_code == 403
    assert meeting(world, offender_id, "om").status_code == 403
    assert meeting(world, offender_id, "manager_other").status_code == 403
    assign_om(world, offender_id)
    assert meeting(world, offender_id, "om", level=3).status_code == 201
    assert meeting(world, offender_id).status_code == 409  # the same day again
    assert meeting(world, offender_id, on="2026-01-09").status_code == 422
    assert meeting(world, offender_id, level=1).status_code == 400
    too_big = {"offender_id": 2**31, "level": 2, "on": "2026-01-26"}
    assert world.post("manager", MEETINGS, too_big).status_code == 400


def test_views_are_checked(world: World) -> None:
    offender_id, (case_id,) = co_victims(world, ["key_stages"])
    meeting_id = meeting(world, offender_id).json()["id"]
    jamie = {"name": "Jamie Sample", "date_of_birth": "1979-01-01", "crn": "Z111111"}
    other_case = world.refer(offender=jamie)["cases"][0]["id"]
    choose(world, other_case, "key_stages")
    wrong = views(world, meeting_id, other_case)
    assert (wrong.status_code, wrong.json()["errors"][0]["field"]) == (422, "case_id")
    leaked = views(world, meeting_id, case_id, measures=f"Call her on {ALEX['phone']}")
    assert leaked.status_code == 422
    assert [e["field"] for e in leaked.json()["errors"]] == ["measures"]
    assert ALEX["phone"] not in leaked.text
    postcode = views(
        world, meeting_id, case_id, views=f"She lives at {ALEX['address']['postcode']}"
    )
    assert [e["field"] for e in postcode.json()["errors"]] == ["views"]
    born = views(world, meeting_id, case_id, concerns="Born 15 June 1990, she fears")
    assert [e["field"] for e in born.json()["errors"]] == ["concerns"]
    assert views(world, meeting_id, case_id, "vlo_other").status_code == 403
    assert views(world, meeting_id, case_id, "manager").status_code == 403
    assert views(world, 999999, case_id).status_code == 404
    assert views(world, meeting_id, case_id, views="").status_code == 400
    world.set_today(date(2026, 1, 27))
    assert views(world, meeting_id, case_id).status_code == 409  # the meeting has taken place
    audit = run(AuditEntry.select().where(AuditEntry.action == "screen_victim_details"))
    assert len(audit) == 3 and all(a["detail"] == "MAPPA views" for a in audit)


def vps(world: World, case_id: int, user: str = "vlo", **body: Any) -> Any:
    return world.post(user, f"/api/v1/cases/{case_id}/vps", body)


def test_a_victim_personal_statement_runs_its_clock_to_the_parole_board(world: World) -> None:
    _, (case_id,) = co_victims(world, ["key_stages"])
    invited = vps(world, case_id, step="invited", on="2026-01-12", hearing_date="2026-03-16")
    assert invited.status_code == 201, invited.text
    assert invited.json()["deadline"]["due"] == "2026-02-16"  # 28 days before the hearing
    assert invited.json()["status"] == "invited"
    listed = world.get("manager", "/api/v1/deadlines").json()["items"]
    assert "vps" in [d["deadline"]["clock"] for d in listed]
    assert vps(world, case_id, step="invited", on="2026-01-12").status_code == 409
    assert vps(world, case_id, step="sent", on="2026-01-12").status_code == 409  # not received
    assert vps(world, case_id, step="received", on="2026-01-12").json()["status"] == "received"
    sent = vps(world, case_id, step="sent", on="2026-01-12").json()
    assert (sent["status"], sent["deadline"]["state"]) == ("sent", "met")
    history = world.get("vlo", f"/api/v1/cases/{case_id}/vps").json()
    assert history["total"] == 1 and history["items"][0]["sent_on"] == "2026-01-12"
    kinds = [
        e["kind"] for e in world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    ]
    assert [k for k in kinds if k.startswith("vps")] == ["vps_invited", "vps_received", "vps_sent"]


def test_an_invitation_takes_the_hearing_date_recorded_and_a_decline_stops_the_clock(
    world: World,
) -> None:
    offender_id, (case_id, opted_out) = co_victims(world, ["key_stages", None])
    no_date = vps(world, case_id, step="invited", on="2026-01-12")
    assert no_date.status_code == 422
    assert no_date.json()["errors"][0]["field"] == "hearing_date"
    body = {"kind": "hearing_date_set", "on": "2026-01-12", "hearing_date": "2026-04-20"}
    assert stage(world, offender_id, **body).status_code == 201
    invited = vps(world, case_id, step="invited", on="2026-01-12").json()
    assert (invited["hearing_date"], invited["deadline"]["due"]) == ("2026-04-20", "2026-03-23")
    declined = vps(world, case_id, step="declined", on="2026-01-12").json()
    assert (declined["status"], declined["deadline"]) == ("declined", None)
    assert run(Deadline.count().where(Deadline.clock == "vps")) == 0
    assert vps(world, opted_out, step="invited", on="2026-01-12").status_code == 409
    assert vps(world, case_id, "vlo_other", step="invited", on="2026-01-12").status_code == 403
    assert (
        vps(world, case_id, step="received", on="2026-01-12", hearing_date="2026-05-01").status_code
        == 422
    )
    assert vps(world, case_id, step="invited", on="2026-01-13").status_code == 422  # future


def test_the_sweep_proposes_closing_cases_whose_sentence_expired(world: World) -> None:
    offender_id, (first, second) = co_victims(world, ["key_stages", None])
    url = f"/api/v1/offenders/{offender_id}/key-dates"
    assert world.put("vlo", url, {"sentence_expiry": "2026-01-09"}).status_code == 200
    swept = world.post("manager", "/api/v1/sweep", {"on": "2026-01-12"}).json()
    assert swept["tasks_created"] == 2
    assert world.post("manager", "/api/v1/sweep", {"on": "2026-01-12"}).json()["tasks_created"] == 0
    proposals = run(Task.select().where(Task.kind == "propose_closure").order_by(Task.case))
    assert [t["case"] for t in proposals] == [first, second]
    assert run(CaseEvent.count().where(CaseEvent.kind == "closure_proposed")) == 2
