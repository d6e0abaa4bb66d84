"""Search: a VLU finds its own cases by a misspelt, partial or unaccented name, by case number,
by the offender's name or identifiers; two victims of one name are told apart; only Witness
Care (tests/api/test_search_roles.py) searches besides; showing the results is audited without what was typed. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import World


def _victim(name: str, born: str, postcode: str) -> dict[str, Any]:
    return {
        "name": name,
        "relationship": "direct",
        "date_of_birth": born,
        "address": {"line1": "3 Sample Lane", "town": "London", "postcode": postcode},
    }


def _refer(world: World, victim: dict[str, Any], offender: str, crn: str, **more: Any) -> int:
    found = world.refer(
        victims=[victim],
        offender={"name": offender, "date_of_birth": "1979-02-03", "crn": crn},
        **more,
    )
    return int(found["cases"][0]["id"])


@pytest.fixture
def cases(world: World) -> dict[str, int]:
    """Two Dylan Ashdowns in London, a Welsh name in London, and one Dylan Ashdown in Wales."""
    return {
        "first": _refer(
            world, _victim("Dylan Ashdown", "1988-03-04", "E1 6AN"), "Rowan Pike", "X100001"
        ),
        "second": _refer(
            world, _victim("Dylan Ashdown", "1994-07-08", "SE15 2QQ"), "Casey Bramble", "X100002"
        ),
        "welsh": _refer(
            world, _victim("Siân Ŵyn-Prŷs", "1970-01-02", "N1 9GU"), "Jordan Quill", "X100003"
        ),
        "wales": _refer(
            world,
            _victim("Dylan Ashdown", "1990-05-06", "CF10 1AA"),
            "Taylor Marsh",
            "X100004",
            unit_code="VLU-WAL",
        ),
    }


def search(world: World, user: str, q: str, **params: Any) -> dict[str, Any]:
    response = world.get(user, "/api/v1/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return dict(response.json())


def case_ids(found: dict[str, Any]) -> list[int]:
    return [item["case_id"] for item in found["items"]]


def test_a_misspelt_name_finds_both_victims_of_that_name_and_tells_them_apart(
    world: World, cases: dict[str, int]
) -> None:
    found = search(world, "vlo", "Dilan Ashdwn")
    assert sorted(case_ids(found)) == sorted([cases["first"], cases["second"]])
    assert found["total"] == 2
    by_case = {item["case_id"]: item for item in found["items"]}
    first, second = by_case[cases["first"]], by_case[cases["second"]]
    assert (first["kind"], first["label"]) == ("victim", "Dylan Ashdown")
    assert (first["offender"], first["year_of_birth"], first["postcode_district"]) == (
        "Rowan Pike",
        1988,
        "E1",
    )
    assert (second["offender"], second["year_of_birth"], second["postcode_district"]) == (
        "Casey Bramble",
        1994,
        "SE15",
    )
    assert first["offences"] == ["Wounding with intent"]
    assert first["unit_code"] == "VLU-LON"
    assert first["detail"] != second["detail"]
    assert "6AN" not in first["detail"] and "Sample Lane" not in str(found)


@pytest.mark.parametrize(
    "typed",
    ["Ashdown", "ashdown dylan", "DYLAN ASHDOWN", "Dylan Ashdon"],
)
def test_partial_reordered_and_upper_case_names_are_found(
    world: World, cases: dict[str, int], typed: str
) -> None:
    assert set(case_ids(search(world, "vlo", typed))) == {cases["first"], cases["second"]}


@pytest.mark.parametrize("typed", ["Sian Wyn Prys", "siân ŵyn-prŷs", "Wyn-Prys", "Prys Sian"])
def test_welsh_letters_are_found_with_or_without_accents_and_hyphens(
    world: World, cases: dict[str, int], typed: str
) -> None:
    assert case_ids(search(world, "vlo", typed)) == [cases["welsh"]]


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("Rowan Pike", "offender"),
        ("Rowan Pyke", "offender"),
        ("x100001", "offender"),
        ("X100001", "offender"),
    ],
)
def test_the_offender_by_name_or_crn(
    world: World, cases: dict[str, int], typed: str, kind: str
) -> None:
    found = search(world, "vlo", typed)
    assert case_ids(found)[0] == cases["first"]
    assert found["items"][0]["kind"] == kind


def test_the_case_number(world: World, cases: dict[str, int]) -> None:
    for typed in (str(cases["second"]), f"Case {cases['second']}"):
        found = search(world, "manager", typed)
        assert case_ids(found)[:1] == [cases["second"]]
        assert found["items"][0]["kind"] == "case"


def test_another_units_cases_never_appear(world: World, cases: dict[str, int]) -> None:
    london = search(world, "vlo", "Dylan Ashdown")
    assert cases["wales"] not in case_ids(london)
    wales = search(world, "vlo_other", "Dylan Ashdown")
    assert case_ids(wales) == [cases["wales"]]
    assert search(world, "vlo_other", str(cases["first"]))["total"] == 0
    assert search(world, "vlo_other", "X100001")["total"] == 0
    assert search(world, "manager_other", "Rowan Pike")["total"] == 0


@pytest.mark.parametrize("user", ["om", "national", "admin", "integration"])
def test_only_vlu_staff_and_witness_care_search(
    world: World, cases: dict[str, int], user: str
) -> None:
    response = world.get(user, "/api/v1/search", params={"q": "Dylan Ashdown"})
    assert response.status_code == 403
    assert "Ashdown" not in response.text


def test_pages_of_results(world: World, cases: dict[str, int]) -> None:
    first = search(world, "vlo", "Dylan Ashdown", limit=1)
    second = search(world, "vlo", "Dylan Ashdown", limit=1, offset=1)
    assert first["total"] == second["total"] == 2
    assert sorted(case_ids(first) + case_ids(second)) == sorted([cases["first"], cases["second"]])


@pytest.mark.parametrize("typed", ["", "   ", "x" * 101, "Dylan\x01"])
def test_bad_queries_name_the_field_and_are_not_echoed(
    world: World, cases: dict[str, int], typed: str
) -> None:
    response = world.get("vlo", "/api/v1/search", params={"q": typed})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["q"]
    if typed.strip():
        assert typed not in response.text


def test_no_match_is_an_empty_list(world: World, cases: dict[str, int]) -> None:
    assert search(world, "vlo", "Zebedee Quartermaine") == {
        "items": [],
        "total": 0,
        "limit": 20,
        "offset": 0,
    }


def test_showing_results_is_audited_without_what_was_typed(
    world: World, cases: dict[str, int]
) -> None:
    search(world, "vlo", "Dilan Ashdwn")
    response = world.get("admin", "/api/v1/audit", params={"actor": "vlo"})
    assert response.status_code == 200, response.text
    entries = [e for e in response.json()["items"] if e["action"] == "search_victims"]
    assert len(entries) == 1
    assert "Ashd" not in str(entries) and "Dilan" not in str(entries)
