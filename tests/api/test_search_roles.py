"""Search for Witness Care officers and offender managers: a Witness Care officer finds the
referrals their own unit made (and sees of them only what the referral pages show); an offender
manager finds their own offenders by name or CRN, through the offender side's door, and a
victim's name finds them nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_conditions import assign_om
from tests.api.test_pages import signed_in
from tests.fixtures import World, run
from vcs.core.tables import Case

VICTIM_DETAILS = ("Sample Lane", "E1 6AN", "E1", "1988", "07700 900111", "dylan@example.com")


def _victim(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "relationship": "direct",
        "date_of_birth": "1988-03-04",
        "address": {"line1": "3 Sample Lane", "town": "London", "postcode": "E1 6AN"},
        "phone": "07700 900111",
        "email": "dylan@example.com",
    }


def _refer(world: World, user: str, victim: str, offender: str, crn: str, **more: Any) -> int:
    """The referral's number; its victim lives at 3 Sample Lane, E1 6AN."""
    found = world.refer(
        user,
        victims=[_victim(victim)],
        offender={"name": offender, "date_of_birth": "1979-02-03", "crn": crn},
        **more,
    )
    return int(found["id"])


def _offender_of(referral_id: int) -> int:
    row = run(Case.select(Case.offender).where(Case.referral == referral_id).first())
    return int(row["offender"])


@pytest.fixture
def referrals(world: World) -> dict[str, int]:
    """Two referrals by the Metropolitan WCU and one by South Wales's, all of Dylan Ashdowns."""
    return {
        "first": _refer(world, "wcu", "Dylan Ashdown", "Rowan Pike", "X100001"),
        "second": _refer(world, "wcu", "Dylan Ashdown", "Casey Bramble", "X100002"),
        "wales": _refer(
            world, "wcu_other", "Dylan Ashdown", "Taylor Marsh", "X100004", unit_code="VLU-WAL"
        ),
    }


def _search(world: World, user: str, url: str, q: str) -> dict[str, Any]:
    response = world.get(user, url, params={"q": q})
    assert response.status_code == 200, response.text
    return dict(response.json())


# A Witness Care officer's referrals


def test_a_witness_care_officer_finds_their_units_referrals_by_a_misspelt_name(
    world: World, referrals: dict[str, int]
) -> None:
    found = _search(world, "wcu", "/api/v1/search", "Dilan Ashdwn")
    assert sorted(i["id"] for i in found["items"]) == [referrals["first"], referrals["second"]]
    assert found["total"] == 2
    hit = next(i for i in found["items"] if i["id"] == referrals["first"])
    assert hit["kind"] == "referral" and hit["case_id"] is None and hit["vlo"] is None
    assert hit["label"] == f"Referral {referrals['first']}: Dylan Ashdown"
    assert hit["detail"] == "Offender Rowan Pike, sentenced 19 December 2025, accepted"
    for detail in VICTIM_DETAILS:
        assert detail not in str(found), detail


@pytest.mark.parametrize("typed", ["Rowan Pyke", "x100001", "{first}", "Referral {first}"])
def test_a_witness_care_officer_finds_a_referral_by_offender_or_number(
    world: World, referrals: dict[str, int], typed: str
) -> None:
    found = _search(world, "wcu", "/api/v1/search", typed.format(**referrals))
    assert [i["id"] for i in found["items"]] == [referrals["first"]]


def test_another_witness_care_units_referrals_never_appear(
    world: World, referrals: dict[str, int]
) -> None:
    wales = _search(world, "wcu_other", "/api/v1/search", "Dylan Ashdown")
    assert [i["id"] for i in wales["items"]] == [referrals["wales"]]
    for typed in ("Rowan Pike", "X100001", str(referrals["first"])):
        assert _search(world, "wcu_other", "/api/v1/search", typed)["total"] == 0


def test_a_case_number_finds_a_witness_care_officer_nothing(
    world: World, referrals: dict[str, int]
) -> None:
    """A Witness Care Unit never sees a case, so a case's number finds none of its referrals."""
    both = world.refer("wcu", victims=[_victim("Ash Example"), _victim("Bo Example")])
    own = {referrals["first"], referrals["second"], int(both["id"])}
    case_ids = {int(c["id"]) for c in both["cases"]} - own
    assert case_ids
    for case_id in case_ids:
        assert _search(world, "wcu", "/api/v1/search", f"Case {case_id}")["total"] == 0
        assert _search(world, "wcu", "/api/v1/search", str(case_id))["total"] == 0


def test_the_results_page_links_a_witness_care_officer_to_the_referral(
    world: World, referrals: dict[str, int]
) -> None:
    pages = signed_in(world, "wcu")
    home = pages.get("/referrals").text
    assert "Search your referrals by victim, offender or referral number" in home
    html = pages.get("/search?q=Dylan+Ashdwn").text
    assert "2 referrals found" in html
    assert f'href="/referrals/{referrals["first"]}"' in html
    assert "/cases/" not in html and "Sample Lane" not in html


# An offender manager's offenders, through the door


@pytest.fixture
def managed(world: World, referrals: dict[str, int]) -> dict[str, int]:
    """Rowan Pike managed by `om`; Casey Bramble by nobody; Taylor Marsh by `om_other`."""
    offenders = {name: _offender_of(referrals[name]) for name in ("first", "second", "wales")}
    assign_om(world, offenders["first"])
    response = world.put(
        "manager_other",
        f"/api/v1/offenders/{offenders['wales']}/offender-manager",
        {"username": "om.other"},
    )
    assert response.status_code == 200, response.text
    return offenders


SEARCH = "/api/v1/offender-manager/search"


@pytest.mark.parametrize("typed", ["Rowan Pike", "rowan pyke", "Pike", "x100001", "X 100001"])
def test_an_offender_manager_finds_their_own_offender_by_name_or_crn(
    world: World, managed: dict[str, int], typed: str
) -> None:
    found = _search(world, "om", SEARCH, typed)
    assert found["items"] == [
        {"kind": "offender", "id": managed["first"], "label": "Rowan Pike", "detail": "CRN X100001"}
    ]


def test_an_offender_manager_never_finds_offenders_they_do_not_manage(
    world: World, managed: dict[str, int]
) -> None:
    for typed in ("Casey Bramble", "X100002", "Taylor Marsh", "X100004"):
        assert _search(world, "om", SEARCH, typed)["total"] == 0, typed
    assert [i["id"] for i in _search(world, "om_other", SEARCH, "Taylor Marsh")["items"]] == [
        managed["wales"]
    ]
    assert _search(world, "om_other", SEARCH, "Rowan Pike")["total"] == 0


def test_a_victims_name_finds_an_offender_manager_nothing_and_no_victim_detail(
    world: World, managed: dict[str, int]
) -> None:
    for typed in ("Dylan Ashdown", "Dilan Ashdwn", "Ashdown", "E1 6AN", "07700 900111"):
        response = world.get("om", SEARCH, params={"q": typed})
        assert response.status_code == 200, response.text
        assert response.json()["total"] == 0, typed
        assert "Ashdown" not in response.text
    pages = signed_in(world, "om")
    html = pages.get("/offenders/search?q=Dylan+Ashdown").text
    assert "0 offenders found" in html
    html = pages.get("/offenders/search?q=Rowan").text
    assert f'href="/offenders/{managed["first"]}"' in html
    for detail in ("Dylan", "Ashdown", *VICTIM_DETAILS):
        assert detail not in html.split("</header>", 1)[1], detail


def test_an_offender_manager_has_the_search_box_on_their_pages(
    world: World, managed: dict[str, int]
) -> None:
    html = signed_in(world, "om").get("/offenders").text
    assert 'action="/offenders/search"' in html
    assert "Search your offenders by name or CRN" in html


@pytest.mark.parametrize("typed", ["", "   ", "x" * 101, "Rowan\x01"])
def test_an_offender_managers_bad_query_names_the_field(
    world: World, managed: dict[str, int], typed: str
) -> None:
    response = world.get("om", SEARCH, params={"q": typed})
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["q"]
    if typed.strip():
        assert typed not in response.text


@pytest.mark.parametrize("user", ["vlo", "manager", "wcu", "national", "admin", "integration"])
def test_only_offender_managers_search_offenders(world: World, user: str) -> None:
    assert world.get(user, SEARCH, params={"q": "Rowan Pike"}).status_code == 403


@pytest.mark.parametrize("user", ["om", "national", "admin", "integration"])
def test_the_case_search_refuses_the_offender_side_and_everyone_else(
    world: World, referrals: dict[str, int], user: str
) -> None:
    response = world.get(user, "/api/v1/search", params={"q": "Dylan Ashdown"})
    assert response.status_code == 403
    assert "Ashdown" not in response.text
