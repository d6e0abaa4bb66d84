"""The timeline names people and units as people know them: who a case was allocated to by
their display name, where it was transferred by the units' names; entries written before that
(with usernames and codes) read the same way. On the timeline route, the case page and My
work's recent activity."""

from __future__ import annotations

from datetime import date

from tests.api.test_pages import signed_in
from tests.fixtures import World, run
from tests.peoples_words import internal_words, visible_text
from vcs.core.tables import CaseEvent


def _summaries(world: World, user: str, case_id: int) -> list[str]:
    response = world.get(user, f"/api/v1/cases/{case_id}/timeline")
    assert response.status_code == 200, response.text
    return [e["summary"] for e in response.json()["items"]]


def test_allocation_and_transfer_name_people_and_units(world: World) -> None:
    case_id = int(world.refer()["cases"][0]["id"])
    for vlo in ("vlo2", "vlo"):
        done = world.post("manager", f"/api/v1/cases/{case_id}/allocation", {"vlo": vlo})
        assert done.status_code == 201, done.text
    again = world.post("manager", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo"})
    assert again.status_code == 409
    assert "already allocated to vlo user" in again.json()["detail"]
    summaries = _summaries(world, "vlo", case_id)
    assert "Allocated to vlo2 user" in summaries
    assert "Allocated to vlo user (was vlo2 user)" in summaries
    activity = visible_text(signed_in(world, "vlo").get("/my-work").text)
    assert "Allocated to vlo user (was vlo2 user)" in activity
    moved = world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/close",
        {"reason": "transferred", "on": "2026-01-09", "to_unit": "VLU-WAL"},
    )
    assert moved.status_code == 201, moved.text
    summaries = _summaries(world, "vlo_other", case_id)
    assert summaries[-1] == (
        "Transferred from London Victim Liaison Unit to Wales Victim Liaison Unit"
    )
    page = visible_text(signed_in(world, "vlo_other").get(f"/cases/{case_id}").text)
    assert "Transferred from London Victim Liaison Unit to Wales Victim Liaison Unit" in page
    assert internal_words(page) == []


def test_entries_written_with_usernames_and_codes_read_with_names(world: World) -> None:
    case_id = int(world.refer()["cases"][0]["id"])
    old = [
        ("allocated", "Allocated to vlo (was vlo2)", {"before": "vlo2", "after": "vlo"}),
        (
            "transferred",
            "Transferred from VLU-WAL to VLU-LON",
            {"before": "VLU-WAL", "after": "VLU-LON"},
        ),
    ]
    for kind, summary, data in old:
        event = CaseEvent(
            case=case_id, kind=kind, occurred_on=date(2026, 1, 9), summary=summary, data=data
        )
        run(CaseEvent.insert(event))
    summaries = _summaries(world, "vlo", case_id)
    assert "Allocated to vlo user (was vlo2 user)" in summaries
    assert "Transferred from Wales Victim Liaison Unit to London Victim Liaison Unit" in summaries
    assert not any("VLU-" in s or "(was vlo2)" in s for s in summaries)
