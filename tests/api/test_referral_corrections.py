"""A Witness Care officer corrects the victims' details on their unit's referral until the
Victim Liaison Unit acts on it (allocates a case or works on one); then a clear 409 says why.
Also: a victim under 18 is flagged on the referral."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import World, run
from vcs.access.tables import AuditEntry

FIX = {"name": "Alex Exampel", "phone": "07700 900999"}


def _referral(world: World) -> tuple[int, int, int]:
    made = world.refer()
    case = made["cases"][0]
    return int(made["id"]), int(case["victim_id"]), int(case["id"])


def _correct(world: World, user: str, referral_id: int, body: dict[str, Any]) -> Any:
    return world.request("PATCH", user, f"/api/v1/referrals/{referral_id}", json=body)


def test_the_officer_corrects_a_victim_before_the_vlu_acts(world: World) -> None:
    referral_id, victim_id, case_id = _referral(world)
    body = {"victims": [{"victim_id": victim_id, **FIX}], "reason": "Misspelt on the file"}
    corrected = _correct(world, "wcu", referral_id, body)
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["cases"][0]["victim_name"] == "Alex Exampel"
    case = world.get("vlo", f"/api/v1/cases/{case_id}").json()
    assert (case["victim"]["name"], case["victim"]["phone"]) == ("Alex Exampel", "07700 900999")
    timeline = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    assert any(
        e["kind"] == "referral_corrected" and e["data"]["fields"] == ["name", "phone"]
        for e in timeline
    )
    entries = run(AuditEntry.select().where(AuditEntry.action == "correct_referral"))
    assert [(e["actor"], e["detail"]) for e in entries] == [
        ("wcu", f"referral {referral_id}: name, phone")
    ]


@pytest.mark.parametrize(
    ("act", "why"),
    [
        ("allocate", "a Victim Liaison Officer has the case"),
        ("contact", "the case has been worked on"),
    ],
)
def test_after_the_vlu_acts_a_correction_is_refused_saying_why(
    world: World, act: str, why: str
) -> None:
    referral_id, victim_id, case_id = _referral(world)
    if act == "allocate":
        done = world.post("vlo", f"/api/v1/cases/{case_id}/allocation", {"vlo": "vlo"})
    else:
        contact = {"on": "2026-01-09", "method": "phone", "outcome": "no_reply"}
        done = world.post("vlo", f"/api/v1/cases/{case_id}/contacts", contact)
    assert done.status_code in (200, 201), done.text
    body = {"victims": [{"victim_id": victim_id, **FIX}], "reason": "Misspelt"}
    refused = _correct(world, "wcu", referral_id, body)
    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert detail.startswith("The victim liaison unit has already started work on this referral")
    assert why in detail and detail.endswith("contact them to correct it")
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]["name"] == "Alex Example"


def test_only_the_referring_unit_corrects(world: World) -> None:
    referral_id, victim_id, _ = _referral(world)
    body = {"victims": [{"victim_id": victim_id, **FIX}], "reason": "x"}
    for user in ("wcu_other", "vlo", "manager", "om", "admin"):
        assert _correct(world, user, referral_id, body).status_code == 403, user
    assert _correct(world, "wcu", 999_999, body).status_code == 404


@pytest.mark.parametrize(
    ("fix", "field"),
    [
        ({"victim_id": 999_999, "name": "X"}, "victims[0].victim_id"),
        ({"date_of_birth": "2027-01-01"}, "victims[0].date_of_birth"),
        ({"phone": "not a phone"}, "victims[0].phone"),
        ({"name": "Alex Example"}, "victims"),
    ],
)
def test_bad_corrections_name_the_field_and_change_nothing(
    world: World, fix: dict[str, Any], field: str
) -> None:
    referral_id, victim_id, _ = _referral(world)
    body = {"victims": [{"victim_id": victim_id, **fix}], "reason": "x"}
    refused = _correct(world, "wcu", referral_id, body)
    assert refused.status_code in (400, 422), refused.text
    named = [e["field"].replace("[", ".").replace("]", "") for e in refused.json()["errors"]]
    assert field.replace("[", ".").replace("]", "") in named
    assert "not a phone" not in refused.text
    again = _correct(
        world, "wcu", referral_id, {"victims": [{"victim_id": victim_id, **FIX}], "reason": "x"}
    )
    assert again.status_code == 200, "a refused correction leaves the referral correctable"


def test_a_victim_under_18_is_flagged_on_the_referral(world: World) -> None:
    young = {"name": "Jamie Young", "relationship": "direct", "date_of_birth": "2010-05-01"}
    adult = {"name": "Sam Adult", "relationship": "direct", "date_of_birth": "2008-01-12"}
    made = world.refer(victims=[young, adult])
    assert [c["under_18"] for c in made["cases"]] == [True, False]  # 18 today, 12 January 2026
