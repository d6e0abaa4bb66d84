"""Search keeps up with the cases: a victim renamed is found by the new name and no longer by the
old one; a case transferred to another Victim Liaison Unit is found there and no longer in its
old unit, while the Witness Care Unit that referred it still finds its referral. On SQLite and
PostgreSQL (where each unit's names are held apart for searching, kept in step by triggers)."""

from __future__ import annotations

from typing import Any

from tests.fixtures import World


def _case(world: World) -> dict[str, Any]:
    made = world.refer(
        victims=[
            {
                "name": "Marlowe Quennell",
                "relationship": "direct",
                "date_of_birth": "1988-03-04",
                "address": {"line1": "3 Sample Lane", "town": "London", "postcode": "E1 6AN"},
            }
        ],
        offender={"name": "Peregrine Stott", "date_of_birth": "1979-02-03", "crn": "X200001"},
    )
    return {"referral": int(made["id"]), "case": int(made["cases"][0]["id"])}


def _found(world: World, user: str, q: str) -> list[int | None]:
    response = world.get(user, "/api/v1/search", params={"q": q})
    assert response.status_code == 200, response.text
    return [item["case_id"] or item["id"] for item in response.json()["items"]]


def test_a_renamed_victim_is_found_by_the_new_name_only(world: World) -> None:
    made = _case(world)
    renamed = world.request(
        "PATCH",
        "vlo",
        f"/api/v1/cases/{made['case']}/victim",
        json={"name": "Marlowe Fairbairn", "reason": "Married"},
    )
    assert renamed.status_code == 200, renamed.text
    assert _found(world, "vlo", "Marlow Fairbarn") == [made["case"]]
    assert _found(world, "vlo", "Quennell") == []
    assert _found(world, "wcu", "Fairbairn") == [made["referral"]]
    assert _found(world, "wcu", "Quennell") == []


def test_a_transferred_case_is_found_in_its_new_unit_only(world: World) -> None:
    made = _case(world)
    moved = world.post(
        "manager",
        f"/api/v1/cases/{made['case']}/close",
        {"reason": "transferred", "on": "2026-01-09", "to_unit": "VLU-WAL"},
    )
    assert moved.status_code == 201, moved.text
    for typed in ("Marlowe Quenell", "Peregrin Stott"):
        assert _found(world, "vlo_other", typed) == [made["case"]]
        assert _found(world, "vlo", typed) == []
        assert _found(world, "wcu", typed) == [made["referral"]]
        assert _found(world, "wcu_other", typed) == []
