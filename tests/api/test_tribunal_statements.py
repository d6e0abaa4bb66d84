"""A restricted patient's victim's statement to the First-tier Tribunal (Mental Health), as the
Victim Personal Statement works for the Parole Board: invited with its clock, received, sent,
and the victim told the outcome (Victims and Prisoners Act 2024, s.21)."""

from __future__ import annotations

from typing import Any

from tests.fixtures import BASE_REFERRAL, World, run
from vcs.core.tables import Deadline

RESTRICTED = {
    **BASE_REFERRAL["sentence"],
    "type": "hospital_order_restricted",
    "length_months": None,
}


def _case(world: World, sentence: dict[str, Any] = RESTRICTED) -> int:
    case_id = int(world.refer(sentence=sentence)["cases"][0]["id"])
    body = {"status": "opted_in", "on": "2026-01-09", "level": "key_stages"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/participation", body).status_code == 201
    return case_id


def _step(world: World, case_id: int, **body: Any) -> Any:
    return world.post("vlo", f"/api/v1/cases/{case_id}/tribunal-statements", body)


def test_the_statement_runs_its_clock_to_the_tribunal_and_the_victim_is_told(
    world: World,
) -> None:
    case_id = _case(world)
    invited = _step(world, case_id, step="invited", on="2026-01-12", hearing_date="2026-03-16")
    assert invited.status_code == 201, invited.text
    assert invited.json()["deadline"]["due"] == "2026-02-16"  # 28 days before the hearing
    assert invited.json()["deadline"]["clock"] == "tribunal_statement"
    listed = world.get("manager", "/api/v1/deadlines").json()["items"]
    assert "tribunal_statement" in [d["deadline"]["clock"] for d in listed]
    assert world.get("vlo", f"/api/v1/cases/{case_id}/vps").json()["total"] == 0  # apart
    again = _step(world, case_id, step="invited", on="2026-01-12", hearing_date="2026-03-16")
    assert again.status_code == 409
    assert _step(world, case_id, step="sent", on="2026-01-12").status_code == 409  # not received
    assert _step(world, case_id, step="received", on="2026-01-12").status_code == 201
    sent = _step(world, case_id, step="sent", on="2026-01-12").json()
    assert (sent["status"], sent["deadline"]["state"]) == ("sent", "met")
    early = _step(world, case_id, step="outcome_told", on="2026-01-12", outcome="Not discharged")
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "on"
    world.set_today(__import__("datetime").date(2026, 3, 20))
    no_words = _step(world, case_id, step="outcome_told", on="2026-03-18")
    assert no_words.status_code == 422 and no_words.json()["errors"][0]["field"] == "outcome"
    told = _step(world, case_id, step="outcome_told", on="2026-03-18", outcome="Not discharged")
    assert told.status_code == 201, told.text
    assert (told.json()["status"], told.json()["outcome"]) == ("outcome_told", "Not discharged")
    history = world.get("vlo", f"/api/v1/cases/{case_id}/tribunal-statements").json()
    assert history["total"] == 1 and history["items"][0]["outcome_told_on"] == "2026-03-18"
    kinds = [
        e["kind"] for e in world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    ]
    assert [k for k in kinds if k.startswith("tribunal")] == [
        "tribunal_statement_invited",
        "tribunal_statement_received",
        "tribunal_statement_sent",
        "tribunal_statement_outcome_told",
    ]


def test_only_for_restricted_patients_and_a_decline_stops_the_clock(world: World) -> None:
    prison = _case(world, BASE_REFERRAL["sentence"])
    refused = _step(world, prison, step="invited", on="2026-01-12", hearing_date="2026-03-16")
    assert refused.status_code in (409, 422) and "restricted patient" in refused.text
    case_id = _case(world, {**RESTRICTED, "court": "Leeds Crown Court"})
    no_date = _step(world, case_id, step="invited", on="2026-01-12")
    assert no_date.status_code == 422 and no_date.json()["errors"][0]["field"] == "hearing_date"
    assert _step(world, case_id, step="invited", on="2026-01-12", hearing_date="2026-04-20")
    declined = _step(world, case_id, step="declined", on="2026-01-12").json()
    assert (declined["status"], declined["deadline"]) == ("declined", None)
    assert run(Deadline.count().where(Deadline.clock == "tribunal_statement")) == 0
    other = world.post(
        "vlo_other",
        f"/api/v1/cases/{case_id}/tribunal-statements",
        {"step": "invited", "on": "2026-01-12", "hearing_date": "2026-04-20"},
    )
    assert other.status_code == 403
