"""Victims' Code compliance with reasons (Victims and Prisoners Act 2024, s.5): each entitlement
recorded as delivered or not, when, and why; counted per unit, entitlement and reason in the
scheme report and its CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.fixtures import World, run
from vcs.casework.tables import EntitlementRecord

PERIOD = {"from": "2026-01-01", "to": "2026-03-31"}


def _record(world: World, case_id: int, user: str = "vlo", **body: Any) -> Any:
    return world.post(user, f"/api/v1/cases/{case_id}/entitlements", body)


def test_entitlements_are_recorded_with_reasons_and_counted(world: World) -> None:
    case_id = int(world.refer()["cases"][0]["id"])
    offer = _record(world, case_id, entitlement="offer", delivered=True, on="2026-01-06")
    assert offer.status_code == 201, offer.text
    assert offer.json()["entitlement_words"] == "The offer of the Victim Contact Scheme"
    late = _record(
        world,
        case_id,
        entitlement="first_contact",
        delivered=True,
        on="2026-01-09",
        departure="late_referral",
    )
    assert late.status_code == 201
    missed = _record(
        world,
        case_id,
        entitlement="key_stage_information",
        delivered=False,
        on="2026-01-12",
        departure="could_not_contact",
    )
    assert missed.json()["departure_words"] == "The victim could not be contacted"
    no_reason = _record(world, case_id, entitlement="statements", delivered=False, on="2026-01-12")
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "departure"
    other = _record(
        world,
        case_id,
        entitlement="statements",
        delivered=False,
        on="2026-01-12",
        departure="other",
    )
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "notes"
    assert (
        _record(
            world, case_id, "vlo_other", entitlement="offer", delivered=True, on="2026-01-06"
        ).status_code
        == 403
    )
    future = _record(world, case_id, entitlement="offer", delivered=True, on="2026-02-01")
    assert future.status_code == 422
    assert run(EntitlementRecord.count()) == 3
    listed = world.get("vlo", f"/api/v1/cases/{case_id}/entitlements").json()
    assert listed["total"] == 3
    timeline = world.get("vlo", f"/api/v1/cases/{case_id}/timeline").json()["items"]
    summaries = [e["summary"] for e in timeline if e["kind"] == "entitlement_recorded"]
    assert (
        "Information at the key stages of the sentence: not delivered (the victim could not be contacted)"
        in summaries
    )

    report = world.get("manager", "/api/v1/reports/scheme", params=PERIOD)
    assert report.status_code == 200, report.text
    rows = [
        (r["unit_code"], r["entitlement"], r["delivered"], r["departure"], r["records"])
        for r in report.json()["entitlements"]
    ]
    assert rows == [
        ("VLU-LON", "first_contact", True, "late_referral", 1),
        ("VLU-LON", "key_stage_information", False, "could_not_contact", 1),
        ("VLU-LON", "offer", True, None, 1),
    ]
    as_csv = world.get(
        "manager", "/api/v1/reports/scheme.csv", params={**PERIOD, "table": "entitlements"}
    )
    assert as_csv.status_code == 200
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["departure_words"] for r in table] == [
        "The referral reached the unit late",
        "The victim could not be contacted",
        "",
    ]
    national = world.get("national", "/api/v1/reports/scheme", params=PERIOD).json()
    totals = [r for r in national["entitlements"] if r["unit_code"] is None]
    assert sum(r["records"] for r in totals) == 3
