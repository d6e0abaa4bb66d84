"""A Victim Personal Statement invited in a discretionary case is flagged as not an entitlement
(configurable), and counted apart in the scheme report and its CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

import pytest

from tests.api.test_pages import signed_in
from tests.fixtures import BASE_REFERRAL, World
from vcs.core import config
from vcs.core.config import load_settings

PERIOD = {"from": "2026-01-01", "to": "2026-03-31"}


def _opted_in_case(world: World, discretionary: bool) -> int:
    extra: dict[str, Any] = {}
    if discretionary:
        extra = {
            "sentence": {**BASE_REFERRAL["sentence"], "length_months": 6},
            "discretionary_reason": "Stalking over two years; the victim fears the release",
            "offender": {**BASE_REFERRAL["offender"], "name": "Robin Testperson", "crn": "X654321"},
        }
    referral = world.refer(**extra)
    assert referral["eligibility"]["status"] == ("discretionary" if discretionary else "statutory")
    case_id = int(referral["cases"][0]["id"])
    body = {"status": "opted_in", "on": "2026-01-09", "level": "key_stages"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/participation", body).status_code == 201
    return case_id


def _invite(world: World, case_id: int) -> Any:
    body = {"step": "invited", "on": "2026-01-12", "hearing_date": "2026-03-16"}
    return world.post("vlo", f"/api/v1/cases/{case_id}/vps", body)


def test_a_discretionary_invitation_is_not_an_entitlement_and_is_counted_apart(
    world: World,
) -> None:
    statutory, discretionary = _opted_in_case(world, False), _opted_in_case(world, True)
    entitled = _invite(world, statutory)
    assert entitled.status_code == 201, entitled.text
    assert (entitled.json()["entitlement"], entitled.json()["entitlement_note"]) == (True, None)
    courtesy = _invite(world, discretionary)
    assert courtesy.status_code == 201, courtesy.text
    assert courtesy.json()["entitlement"] is False
    assert "Not an entitlement" in courtesy.json()["entitlement_note"]
    timeline = world.get("vlo", f"/api/v1/cases/{discretionary}/timeline").json()["items"]
    invited = next(e for e in timeline if e["kind"] == "vps_invited")
    assert "Not an entitlement" in invited["summary"]

    report = world.get("manager", "/api/v1/reports/scheme", params=PERIOD)
    assert report.status_code == 200, report.text
    rows = [(r["entitlement"], r["invited"], r["open"]) for r in report.json()["statements"]]
    assert rows == [(True, 1, 1), (False, 1, 1)]
    as_csv = world.get(
        "manager", "/api/v1/reports/scheme.csv", params={**PERIOD, "table": "statements"}
    )
    assert as_csv.status_code == 200
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [(r["entitlement"], r["invited"]) for r in table] == [("True", "1"), ("False", "1")]
    query = {"from-day": "1", "from-month": "1", "from-year": "2026"}
    query |= {"to-day": "31", "to-month": "3", "to-year": "2026"}
    page = signed_in(world, "manager").get("/manager/reports", params=query)
    assert page.status_code == 200, page.text
    assert "discretionary, not an entitlement" in page.text


def test_the_entitlement_of_discretionary_victims_is_configurable(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings({"VCS_VPS_DISCRETIONARY_ENTITLEMENT": "yes"})
    assert settings.vps_discretionary_entitlement is True
    with pytest.raises(ValueError, match="VCS_VPS_DISCRETIONARY_ENTITLEMENT"):
        load_settings({"VCS_VPS_DISCRETIONARY_ENTITLEMENT": "perhaps"})
    monkeypatch.setattr(
        config, "settings", dataclasses.replace(config.settings, vps_discretionary_entitlement=True)
    )
    from vcs.sentence import vps

    monkeypatch.setattr(vps, "settings", config.settings)
    invited = _invite(world, _opted_in_case(world, True))
    assert invited.status_code == 201
    assert invited.json()["entitlement"] is True
