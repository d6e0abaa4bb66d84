"""Referrals through the API: eligibility, both clocks, duplicates, scoping."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fixtures import World, referral_payload, run
from vcs.core.tables import Case, Referral, Victim


def test_christmas_referral_gets_both_clocks_right(world: World) -> None:
    """Sentenced Fri 19 Dec 2025, received Mon 5 Jan 2026: the referral was due on Wed 7 Jan
    (25, 26 Dec and 1 Jan skipped) and is met; first contact is due Mon 2 Feb 2026."""
    body = world.refer()
    assert body["eligibility"]["status"] == "statutory"
    assert body["eligibility"]["rules_version"]
    assert body["referral_deadline"] == {
        "clock": "referral",
        "due": "2026-01-07",
        "state": "met",
        "met_on": "2026-01-05",
        "policy": "working_days:referral=10,first_contact=20",
        "late_reason": "",
    }
    [case] = body["cases"]
    deadline = case["first_contact_deadline"]
    assert (deadline["due"], deadline["state"], deadline["met_on"]) == (
        "2026-02-02",
        "pending",
        None,
    )


def test_first_contact_state_follows_today(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    expected = {
        date(2026, 1, 28): "due_soon",
        date(2026, 2, 2): "due_soon",
        date(2026, 2, 3): "overdue",
    }
    for day, state in expected.items():
        world.set_today(day)
        clocks = world.get("vlo", f"/api/v1/cases/{case_id}").json()["deadlines"]
        assert clocks[0]["state"] == state, day


def test_late_referral_is_met_late(world: World) -> None:
    body = world.refer(received_on="2026-01-09")
    assert body["referral_deadline"]["state"] == "met_late"


def test_each_victim_gets_their_own_case_and_clock(world: World) -> None:
    second = dict(referral_payload()["victims"][0], name="Sam Example", email=None)
    body = world.refer(victims=[referral_payload()["victims"][0], second])
    assert len({c["id"] for c in body["cases"]}) == 2
    assert all(c["first_contact_deadline"]["due"] == "2026-02-02" for c in body["cases"])


@pytest.mark.parametrize(
    ("offences", "sentence", "discretionary", "status", "phrase"),
    [
        (
            [{"description": "Murder", "category": "murder"}],
            {"type": "life"},
            None,
            "statutory",
            "Murder",
        ),
        (
            [{"description": "Assault", "category": "violent"}],
            {"type": "imprisonment", "length_months": 11},
            None,
            "ineligible",
            "12-month",
        ),
        (
            [{"description": "Assault", "category": "violent"}],
            {"type": "suspended", "length_months": 24},
            None,
            "ineligible",
            "suspended",
        ),
        (
            [{"description": "Theft", "category": "other", "against_child": True}],
            {"type": "imprisonment", "length_months": 12},
            None,
            "statutory",
            "child",
        ),
        (
            [{"description": "Arson", "category": "violent"}],
            {"type": "hospital_order"},
            None,
            "statutory",
            "hospital managers",
        ),
        (
            [{"description": "Harassment", "category": "other"}],
            {"type": "imprisonment", "length_months": 6},
            "Domestic abuse, continuing risk",
            "discretionary",
            "discretion",
        ),
    ],
    ids=[
        "murder-life",
        "under-12-months",
        "suspended",
        "against-child",
        "hospital-order",
        "discretionary",
    ],
)
def test_eligibility_through_the_api(
    world: World,
    offences: list[dict[str, object]],
    sentence: dict[str, object],
    discretionary: str | None,
    status: str,
    phrase: str,
) -> None:
    full_sentence = {"date": "2025-12-19", "court": "Cardiff Crown Court", **sentence}
    extra = {"discretionary_reason": discretionary} if discretionary else {}
    body = world.refer(offences=offences, sentence=full_sentence, **extra)
    assert body["eligibility"]["status"] == status
    assert any(phrase.lower() in r.lower() for r in body["eligibility"]["reasons"])
    assert (len(body["cases"]) == 0) == (status == "ineligible")


def test_ineligible_referral_is_kept_without_a_case_or_victim_details(world: World) -> None:
    body = world.refer(sentence={"date": "2025-12-19", "court": "X Court", "type": "community"})
    assert (
        world.get("wcu", f"/api/v1/referrals/{body['id']}").json()["eligibility"]["status"]
        == "ineligible"
    )
    assert run(Case.count()) == 0
    assert run(Victim.count()) == 0


def test_duplicate_referral_is_refused_naming_the_case(world: World) -> None:
    first = world.refer()
    again = world.post("wcu", "/api/v1/referrals", referral_payload(received_on="2026-01-06"))
    assert again.status_code == 409
    problem = again.json()
    assert problem["existing_case_ids"] == [first["cases"][0]["id"]]
    assert str(first["cases"][0]["id"]) in problem["detail"]
    assert run(Referral.count()) == 1


def test_same_offender_without_crn_is_matched_by_name_and_birth_date(world: World) -> None:
    world.refer()
    offender = {"name": "MORGAN TESTPERSON", "date_of_birth": "1980-04-02"}
    assert (
        world.post("wcu", "/api/v1/referrals", referral_payload(offender=offender)).status_code
        == 409
    )


def test_same_victim_for_a_different_sentence_is_a_new_case(world: World) -> None:
    world.refer()
    other = {
        "date": "2025-12-22",
        "court": "Snaresbrook Crown Court",
        "type": "imprisonment",
        "length_months": 24,
    }
    assert (
        world.post("wcu", "/api/v1/referrals", referral_payload(sentence=other)).status_code == 201
    )


def test_referral_visibility(world: World) -> None:
    body = world.refer()
    url = f"/api/v1/referrals/{body['id']}"
    wcu_view = world.get("wcu", url)
    assert wcu_view.status_code == 200
    assert wcu_view.json()["cases"][0]["first_contact_deadline"] is None  # nothing after referral
    assert world.get("vlo", url).json()["cases"][0]["first_contact_deadline"]["due"] == "2026-02-02"
    for user in ("wcu_other", "vlo_other", "manager_other"):
        assert world.get(user, url).status_code == 403, user
    for user in ("om", "admin"):
        assert world.get(user, url).status_code == 403, user
    assert world.get("wcu", "/api/v1/referrals/999999").status_code == 404


def test_only_witness_care_can_refer(world: World) -> None:
    for user in ("vlo", "manager", "om", "admin"):
        assert world.post(user, "/api/v1/referrals", referral_payload()).status_code == 403, user


def test_referral_to_an_unknown_or_non_vlu_unit_names_the_field(world: World) -> None:
    for code in ("VLU-NOPE", "WCU-MET"):
        response = world.post("wcu", "/api/v1/referrals", referral_payload(unit_code=code))
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "unit_code"
