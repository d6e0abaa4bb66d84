"""The caseload opens on a VLO's own cases, "Anyone" shows the unit's, and a case opened from
the list leads back to the list as it was filtered (and only ever to the caseload)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from api.casework.caseload_filters import back_to_caseload
from tests.api.test_pages import signed_in
from tests.fixtures import World


def _case(world: World, victim: str, vlo: str | None) -> int:
    case_id = int(
        world.refer(victims=[{"name": victim, "relationship": "direct"}])["cases"][0]["id"]
    )
    if vlo:
        response = world.post("manager", f"/api/v1/cases/{case_id}/allocation", {"vlo": vlo})
        assert response.status_code == 201, response.text
    return case_id


def test_a_vlo_opens_on_their_own_cases_and_can_see_the_units(world: World) -> None:
    _case(world, "Sam Mine", "vlo")
    _case(world, "Kim Theirs", "vlo2")
    _case(world, "Lee Nobody", None)
    pages = signed_in(world, "vlo")
    mine = pages.get("/cases").text
    assert "Sam Mine" in mine and "Kim Theirs" not in mine and "Lee Nobody" not in mine
    unit = pages.get("/cases?assigned_to=").text
    assert all(name in unit for name in ("Sam Mine", "Kim Theirs", "Lee Nobody"))
    managers = signed_in(world, "manager").get("/cases").text
    assert all(name in managers for name in ("Sam Mine", "Kim Theirs", "Lee Nobody"))


def test_going_back_from_a_case_keeps_the_filters(world: World) -> None:
    case_id = _case(world, "Sam Mine", "vlo")
    pages = signed_in(world, "vlo")
    listed = pages.get("/cases?assigned_to=&state=all&deadline=").text
    [link] = re.findall(rf'href="(/cases/{case_id}\?[^"]+)"', listed)
    case_page = pages.get(unescape(link)).text
    [back] = re.findall(r'href="([^"]+)"[^>]*>Back to your cases<', case_page)
    assert unescape(back) == "/cases?assigned_to=&state=all&deadline="
    assert "Sam Mine" in pages.get(unescape(back)).text


@pytest.mark.parametrize(
    ("carried", "back"),
    [
        ("", "/cases"),
        ("assigned_to=vlo&state=closed", "/cases?assigned_to=vlo&state=closed"),
        ("assigned_to=-&offset=25&limit=25", "/cases?assigned_to=-&offset=25&limit=25"),
        ("next=//evil.example&state=open", "/cases?state=open"),
        ("state=<script>", "/cases"),
        ("deadline=overdue&deadline=x", "/cases?deadline=overdue"),
    ],
)
def test_only_the_caseloads_own_filters_travel(carried: str, back: str) -> None:
    assert back_to_caseload(carried) == back
