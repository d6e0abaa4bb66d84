"""Viewing the case page is one read with one audit entry, naming every record of personal
details the page shows; the JSON API's reads of the same details are still audited one by one."""

from __future__ import annotations

from typing import Any

from tests.api.test_pages import signed_in
from tests.fixtures import World, run
from vcs.access.tables import AuditEntry


def _entries() -> list[dict[str, Any]]:
    return list(run(AuditEntry.select().order_by(AuditEntry.seq)))


def _view(world: World, case_id: int) -> list[dict[str, Any]]:
    """The entries written by one view of the case page."""
    pages = signed_in(world, "vlo")
    before = len(_entries())
    assert pages.get(f"/cases/{case_id}").status_code == 200
    return _entries()[before:]


def test_viewing_a_case_writes_one_entry_naming_the_details_read(world: World) -> None:
    case = world.refer()["cases"][0]
    written = _view(world, case["id"])
    assert [(e["actor"], e["action"], e["record_type"]) for e in written] == [
        ("vlo", "read_victim_details", "victim")
    ]
    victim = world.get("vlo", f"/api/v1/cases/{case['id']}").json()["victim"]
    assert written[0]["record_id"] == victim["id"]
    assert written[0]["detail"] == (
        f"case {case['id']}, case page: the victim's details, the changes to the victim's details"
    )


def test_the_entry_names_the_nominated_contact_when_the_page_shows_one(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    version = world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"]
    nominee = {
        "name": "Sam Example",
        "relationship": "sister",
        "phone": "07700 900777",
        "email": "sam@example.org",
        "version": version,
    }
    saved = world.put("vlo", f"/api/v1/cases/{case_id}/nominated-contact", nominee)
    assert saved.status_code < 300, saved.text
    written = _view(world, case_id)
    assert len(written) == 1
    assert written[0]["detail"] == (
        f"case {case_id}, case page: the victim's details, the nominated contact's details, "
        "the changes to the victim's details"
    )
    assert "07700" not in str(written) and "sam@" not in str(written)


def test_a_case_of_another_unit_is_refused_and_nothing_is_recorded(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    before = len(_entries())
    assert signed_in(world, "vlo_other").get(f"/cases/{case_id}").status_code == 403
    assert len(_entries()) == before


def test_the_api_still_audits_each_read_of_the_details(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    before = len(_entries())
    assert world.get("vlo", f"/api/v1/cases/{case_id}").status_code == 200
    assert world.get("vlo", f"/api/v1/cases/{case_id}/victim/history").status_code == 200
    written = _entries()[before:]
    assert [(e["action"], e["detail"]) for e in written] == [
        ("read_victim_details", f"case {case_id}"),
        ("read_victim_details_history", ""),
    ]
