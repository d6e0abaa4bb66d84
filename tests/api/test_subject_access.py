"""Subject access (issue 8, item 9): everything held about one victim, JSON and PDF, for the
unit's VLU manager only, and audited."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PdfReader

from tests.api.route_table import mint_tokens
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry
from vcs.core.tables import Case


def _case(world: World) -> int:
    mint_tokens(world, ["wcu", "vlo", "manager", "manager_other", "om", "vlo_other"])
    case_id = int(world.refer()["cases"][0]["id"])
    contact = {"on": "2026-01-09", "method": "phone", "outcome": "made_contact", "notes": "Spoke"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/contacts", contact).status_code == 201
    version = run(Case.select(Case.version).where(Case.id == case_id).first())["version"]
    nominee = {
        "name": "Sam Example",
        "relationship": "sister",
        "phone": "07700 900555",
        "version": version,
    }
    url = f"/api/v1/cases/{case_id}/nominated-contact"
    assert world.put("vlo", url, nominee).status_code < 300
    return case_id


def _audited(case_id: int) -> list[dict[str, Any]]:
    return list(run(AuditEntry.select().where(AuditEntry.action == "subject_access_export")))


def test_json_export_holds_everything_about_the_victim_and_is_audited(world: World) -> None:
    case_id = _case(world)
    response = world.get("manager", f"/api/v1/cases/{case_id}/subject-access")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["victim"]["name"] == "Alex Example"
    assert body["victim"]["postcode"] == "E1 6AN"
    assert body["victim"]["date_of_birth"] == "1990-06-15"
    assert body["case"]["id"] == case_id
    records = body["records"]
    assert records["contacts"][0]["notes"] == "Spoke"
    assert records["nominated_contact"][0]["phone"] == "07700 900555"
    assert records["timeline"]
    assert records["letters"] == [] and records["condition_requests"] == []
    entries = _audited(case_id)
    assert len(entries) == 1
    assert entries[0]["actor"] == "manager" and entries[0]["record_type"] == "victim"
    assert entries[0]["detail"] == f"case {case_id}, json"
    assert "Alex" not in entries[0]["detail"]


def test_pdf_export_prints_the_same_records(world: World) -> None:
    case_id = _case(world)
    response = world.get(
        "manager",
        f"/api/v1/cases/{case_id}/subject-access",
        headers={"Accept": "application/pdf"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    for held in ("Alex Example", "12 Sample Road", "E1 6AN", "07700 900123", "Sam Example"):
        assert held in text
    assert _audited(case_id)[0]["detail"] == f"case {case_id}, pdf"


def test_only_the_units_manager_may_export(world: World) -> None:
    case_id = _case(world)
    url = f"/api/v1/cases/{case_id}/subject-access"
    for user in ("vlo", "om", "wcu"):
        assert world.get(user, url).status_code == 403
    assert world.get("manager_other", url).status_code in (403, 404)
    assert world.get("manager", "/api/v1/cases/999999/subject-access").status_code == 404
    assert world.get("manager", "/api/v1/cases/4294967296/subject-access").status_code in (
        400,
        404,
        422,
    )
    assert _audited(case_id) == []
