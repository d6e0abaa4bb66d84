"""The annual contact: a victim who chose the annual letter has a clock for it every 12 months
while the offender is in custody, raised by the nightly sweep and met by a contact."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.fixtures import World, run
from vcs.core.tables import Case, CaseEvent, Deadline


def _annual_case(world: World) -> int:
    case_id = int(world.refer()["cases"][0]["id"])
    body = {"status": "opted_in", "on": "2026-01-09", "level": "annual"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/participation", body).status_code == 201
    return case_id


def _sweep(world: World, on: str) -> dict[str, Any]:
    response = world.post("manager", "/api/v1/sweep", {"on": on})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _annual_clocks(case_id: int) -> list[dict[str, Any]]:
    return run(
        Deadline.select(Deadline.due, Deadline.met_on)
        .where((Deadline.case == case_id) & (Deadline.clock == "annual_contact"))
        .order_by(Deadline.id)
    )


def test_the_sweep_raises_the_annual_contact_once_and_a_contact_meets_it(world: World) -> None:
    case_id = _annual_case(world)
    other = int(
        world.refer(victims=[{"name": "Sam Example", "relationship": "direct"}])["cases"][0]["id"]
    )
    body = {"status": "opted_in", "on": "2026-01-09", "level": "key_stages"}
    assert world.post("vlo", f"/api/v1/cases/{other}/participation", body).status_code == 201

    assert _sweep(world, "2026-01-12")["annual_contacts_raised"] == 1
    assert _sweep(world, "2026-01-12")["annual_contacts_raised"] == 0  # once
    assert _annual_clocks(case_id) == [{"due": date(2027, 1, 9), "met_on": None}]
    assert _annual_clocks(other) == []  # not at the annual level
    listed = world.get("manager", "/api/v1/deadlines").json()["items"]
    assert "annual_contact" in [d["deadline"]["clock"] for d in listed]
    event = run(CaseEvent.select().where(CaseEvent.kind == "annual_contact_due").first())
    assert event["summary"] == "The annual contact is due by 9 January 2027"

    assert _sweep(world, "2027-01-11")["newly_overdue"] >= 1  # overdue and recorded

    world.set_today(date(2027, 1, 12))
    early = {"on": "2026-06-01", "method": "phone", "outcome": "made_contact"}
    early["late_reason"] = "The victim was abroad"
    assert world.post("vlo", f"/api/v1/cases/{case_id}/contacts", early).status_code == 201
    assert _annual_clocks(case_id)[0]["met_on"] is None  # too early to be the annual one
    letter = {"on": "2027-01-12", "method": "letter", "outcome": "sent"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/contacts", letter).status_code == 201
    assert _annual_clocks(case_id)[0]["met_on"] == date(2027, 1, 12)
    assert _sweep(world, "2027-01-13")["annual_contacts_raised"] == 1
    assert _annual_clocks(case_id)[1] == {"due": date(2028, 1, 12), "met_on": None}


def test_no_annual_contact_once_the_offender_is_released(world: World) -> None:
    case_id = _annual_case(world)
    offender = run(Case.select(Case.offender).where(Case.id == case_id).first())["offender"]
    dates = {"release_date": "2026-01-10"}
    response = world.put("vlo", f"/api/v1/offenders/{offender}/key-dates", dates)
    assert response.status_code == 200, response.text
    assert _sweep(world, "2026-01-12")["annual_contacts_raised"] == 0
    assert _annual_clocks(case_id) == []
