"""Bad input gets a 4xx problem naming the field, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import World, referral_payload, run
from vcs.core.tables import Offender, Referral, Sentence


def _with(path: str, value: Any) -> dict[str, Any]:
    payload = referral_payload()
    target: Any = payload
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    if value is KeyError:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return payload


CASES = [
    ("sentence.date", "2025-02-30", "sentence.date", "impossible date"),
    ("sentence.date", "19/12/2025", "sentence.date", "not ISO"),
    ("sentence.date", 0, "sentence.date", "number as date"),
    ("sentence.date", "2026-01-06", "sentence.date", "sentence after referral"),
    ("received_on", "2030-01-01", "received_on", "received in the future"),
    ("received_on", "3026-01-01", "received_on", "far future"),
    ("offender.date_of_birth", "2026-01-01", "offender.date_of_birth", "born after sentence"),
    ("sentence.type", "flogging", "sentence.type", "unknown enum"),
    ("offences.0.category", "VIOLENT", "offences.0.category", "enum is case sensitive"),
    ("offences.0.against_child", "false", "offences.0.against_child", "string as boolean"),
    ("offences.0.against_child", 0, "offences.0.against_child", "number as boolean"),
    ("sentence.length_months", "12", "sentence.length_months", "string as number"),
    ("sentence.length_months", 1.5, "sentence.length_months", "fraction"),
    ("sentence.length_months", -1, "sentence.length_months", "negative"),
    ("sentence.length_months", 2**40, "sentence.length_months", "beyond 32 bits"),
    ("victims", [], "victims", "no victims"),
    ("offences", [], "offences", "no offences"),
    ("victims.0.name", "x" * 201, "victims.0.name", "overlong"),
    ("victims.0.name", "Alex\x00Example", "victims.0.name", "NUL byte"),
    ("victims.0.name", "   ", "victims.0.name", "blank"),
    ("victims.0.relationship", "neighbour", "victims.0.relationship", "unknown relationship"),
    ("victims.0.address.postcode", "NOT A CODE", "victims.0.address.postcode", "postcode"),
    ("victims.0.email", "not-an-email", "victims.0.email", "email"),
    ("victims.0.date_of_birth", "2027-01-01", "victims.0.date_of_birth", "victim born in future"),
    ("offender.name", KeyError, "offender.name", "missing"),
    ("offender.crn", "123", "offender.crn", "bad CRN"),
    ("unit_code", 5, "unit_code", "wrong JSON type"),
    ("surprise", "field", "surprise", "unknown field"),
]


@pytest.mark.parametrize(("path", "value", "field", "why"), CASES, ids=[c[3] for c in CASES])
def test_bad_referral_field_is_named_and_nothing_written(
    world: World, path: str, value: Any, field: str, why: str
) -> None:
    response = world.post("wcu", "/api/v1/referrals", _with(path, value))
    assert 400 <= response.status_code < 500, (why, response.status_code)
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    fields = [e["field"] for e in problem["errors"]]
    assert any(f.replace("[", ".").replace("]", "") == field for f in fields), (why, fields)
    assert run(Referral.count()) == run(Offender.count()) == run(Sentence.count()) == 0


def test_victims_details_are_not_echoed_in_errors(world: World) -> None:
    payload = _with("victims.0.address.postcode", "SECRET-POSTCODE")
    response = world.post("wcu", "/api/v1/referrals", payload)
    assert response.status_code == 400
    assert "SECRET-POSTCODE" not in response.text
    assert "12 Sample Road" not in response.text


def test_duplicate_victim_in_one_referral_is_refused(world: World) -> None:
    victim = referral_payload()["victims"][0]
    response = world.post("wcu", "/api/v1/referrals", referral_payload(victims=[victim, victim]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "victims[1]"


def test_malformed_json_is_a_400_problem(world: World) -> None:
    response = world.client.post(
        "/api/v1/referrals",
        content=b"{not json",
        headers={**world.headers("wcu"), "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["status"] == 400


@pytest.mark.parametrize("case_id", ["0", "-1", "2147483648", "99999999999999999999", "abc"])
def test_out_of_range_ids_are_4xx(world: World, case_id: str) -> None:
    assert world.get("vlo", f"/api/v1/cases/{case_id}").status_code in (400, 404)
