"""The entitlement pages through the test client: the Victims' Code section of the case page
(each entitlement delivered or not, when, and the reason for a departure) and the form to record
one, which shows every problem at once and saves nothing until they are put right. All people
are invented."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from tests.api.test_pages import Pages, error_summary, signed_in
from tests.fixtures import World, run
from vcs.casework.tables import EntitlementRecord

ON_12_JANUARY = {"on-day": "12", "on-month": "1", "on-year": "2026"}


def _case(world: World) -> int:
    return int(world.refer()["cases"][0]["id"])


def _record(pages: Pages, case_id: int, **fields: str) -> Any:
    url = f"/cases/{case_id}/entitlements/new"
    form = pages.get(url)
    assert form.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', form.text)
    assert version, "the form carries the case version"
    return pages.post(url, {"version": version.group(1), **fields})


def _section(html: str) -> str:
    return unescape(html).split('id="entitlements"', 1)[1].split("</section>", 1)[0]


def test_the_vlo_records_entitlements_delivered_and_not(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    section = _section(pages.get(f"/cases/{case_id}").text)
    assert "No entitlement has been recorded yet." in section
    assert f'href="/cases/{case_id}/entitlements/new"' in section

    saved = _record(pages, case_id, entitlement="offer", delivered="yes", **ON_12_JANUARY)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/cases/{case_id}?done=entitlement"
    late = _record(
        pages,
        case_id,
        entitlement="first_contact",
        delivered="no",
        departure="could_not_contact",
        **ON_12_JANUARY,
    )
    assert late.status_code == 303
    page = unescape(pages.get(late.headers["location"]).text)
    assert "The entitlement is recorded." in page
    section = _section(page)
    assert "The offer of the Victim Contact Scheme" in section
    assert "First contact" in section and "The victim could not be contacted" in section
    assert section.count("12 January 2026") == 2
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", re.sub(r"<[^>]*>", " ", section))
    listed = world.get("vlo", f"/api/v1/cases/{case_id}/entitlements").json()
    assert [(e["entitlement"], e["delivered"]) for e in listed["items"]] == [
        ("offer", True),
        ("first_contact", False),
    ]


def test_every_problem_is_shown_at_once_and_nothing_is_saved(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    empty = _record(pages, case_id)
    assert empty.status_code == 400
    assert error_summary(empty.text) == [
        ("#entitlement", "Select the entitlement"),
        ("#delivered", "Select whether it was delivered"),
        ("#on-day", "Enter the date"),
    ]
    no_reason = _record(pages, case_id, entitlement="offer", delivered="no", **{"on-day": "40"})
    assert no_reason.status_code == 400
    assert [text for _, text in error_summary(no_reason.text)] == [
        "The date must include a month",
        "Select why the entitlement was not delivered",
    ]
    other = _record(
        pages, case_id, entitlement="statements", delivered="no", departure="other", **ON_12_JANUARY
    )
    assert other.status_code == 400
    assert error_summary(other.text) == [("#notes", "Say what the other reason was")]
    assert 'value="statements" checked' in other.text  # what was typed is kept
    assert run(EntitlementRecord.count().where(EntitlementRecord.case == case_id)) == 0


def test_a_stale_form_saves_nothing(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    url = f"/cases/{case_id}/entitlements/new"
    opened_at = re.search(r'name="version" value="(\d+)"', pages.get(url).text)
    assert opened_at
    body = {"entitlement": "offer", "delivered": True, "on": "2026-01-12"}
    assert world.post("vlo", f"/api/v1/cases/{case_id}/entitlements", body).status_code == 201
    fields = {"entitlement": "offer", "delivered": "yes", **ON_12_JANUARY}
    stale = pages.post(url, {"version": opened_at.group(1), **fields})
    assert stale.status_code == 412
    assert "Someone else changed this case" in stale.text
    assert run(EntitlementRecord.count().where(EntitlementRecord.case == case_id)) == 1
