"""The tribunal statement pages through the test client: the section on a restricted patient's
victim's case page, and a form for each step (invite with the hearing date, received, sent,
declined, the victim told the outcome) carrying the case version. All people are invented."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from tests.api.test_pages import Pages, error_summary, signed_in
from tests.api.test_tribunal_statements import RESTRICTED, _case
from tests.fixtures import BASE_REFERRAL, World, run
from vcs.sentence.tables import VictimStatement


def _version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "the form carries the case version"
    return found.group(1)


def _step(pages: Pages, case_id: int, slug: str, **fields: str) -> object:
    url = f"/cases/{case_id}/tribunal-statements/{slug}"
    form = pages.get(url)
    assert form.status_code == 200
    return pages.post(url, {"version": _version(form.text), **fields})


def _on(day: int, month: int = 1, name: str = "on") -> dict[str, str]:
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": "2026"}


def _links(html: str, case_id: int) -> set[str]:
    return set(re.findall(rf'href="/cases/{case_id}/tribunal-statements/([a-z-]+)"', html))


def test_the_vlo_takes_the_statement_from_invitation_to_the_outcome(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    page = unescape(pages.get(f"/cases/{case_id}").text)
    assert "Statements to the First-tier Tribunal (Mental Health)" in page
    assert "has not been invited" in page
    assert _links(page, case_id) == {"invited"}

    invited = _step(pages, case_id, "invited", **_on(12), **_on(16, 3, "hearing_date"))
    assert invited.status_code == 303  # type: ignore[attr-defined]
    location = invited.headers["location"]  # type: ignore[attr-defined]
    assert location == f"/cases/{case_id}?done=tribunal-invited"
    page = unescape(pages.get(location).text)
    assert "The invitation to make a statement to the tribunal is recorded." in page
    assert "16 March 2026" in page and "16 February 2026" in page  # due 28 days before
    assert "Invited, statement awaited" in page
    assert _links(page, case_id) == {"received", "declined", "outcome-told"}

    assert _step(pages, case_id, "received", **_on(12)).status_code == 303  # type: ignore[attr-defined]
    assert _links(pages.get(f"/cases/{case_id}").text, case_id) == {
        "sent",
        "declined",
        "outcome-told",
    }
    assert _step(pages, case_id, "sent", **_on(12)).status_code == 303  # type: ignore[attr-defined]
    page = unescape(pages.get(f"/cases/{case_id}").text)
    assert "Statement sent to the tribunal" in page and "Sent 12 January 2026" in page

    world.set_today(date(2026, 3, 20))
    told = _step(pages, case_id, "outcome-told", outcome="Not discharged", **_on(18, 3))
    assert told.status_code == 303  # type: ignore[attr-defined]
    page = unescape(pages.get(f"/cases/{case_id}").text)
    assert "Told the outcome on 18 March 2026: Not discharged" in page
    assert _links(page, case_id) == {"invited"}  # the next hearing's statement
    section = page.split('id="tribunal-statements"', 1)[1].split("</section>", 1)[0]
    form = pages.get(f"/cases/{case_id}/tribunal-statements/outcome-told").text
    for html in (section, form.split("<main", 1)[1]):
        words = re.sub(r"<[^>]*>", " ", unescape(html))
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", words)  # no codes, only people's words


def test_every_problem_is_shown_at_once_and_nothing_is_saved(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    empty = _step(pages, case_id, "invited")
    assert empty.status_code == 400  # type: ignore[attr-defined]
    assert error_summary(empty.text) == [  # type: ignore[attr-defined]
        ("#hearing-date-day", "Enter the date of the tribunal hearing"),
        ("#on-day", "Enter the date of the invitation"),
    ]
    before = _step(pages, case_id, "invited", **_on(12), **_on(10, 1, "hearing_date"))
    assert before.status_code == 422  # type: ignore[attr-defined]
    assert "The hearing must be after the invitation" in unescape(before.text)  # type: ignore[attr-defined]
    not_invited = _step(pages, case_id, "received", **_on(12))
    assert not_invited.status_code == 409  # type: ignore[attr-defined]
    assert "has not been invited" in unescape(not_invited.text)  # type: ignore[attr-defined]
    no_outcome = _step(pages, case_id, "outcome-told", **_on(12))
    assert no_outcome.status_code == 400  # type: ignore[attr-defined]
    assert ("#outcome", "Enter what the tribunal decided") in error_summary(no_outcome.text)  # type: ignore[attr-defined]
    assert run(VictimStatement.count().where(VictimStatement.case == case_id)) == 0


def test_a_stale_form_saves_nothing(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    url = f"/cases/{case_id}/tribunal-statements/invited"
    opened_at = _version(pages.get(url).text)
    body = {"step": "invited", "on": "2026-01-12", "hearing_date": "2026-03-16"}
    assert (
        world.post("vlo", f"/api/v1/cases/{case_id}/tribunal-statements", body).status_code == 201
    )
    world.post(
        "vlo",
        f"/api/v1/cases/{case_id}/tribunal-statements",
        {"step": "declined", "on": "2026-01-12"},
    )
    stale = pages.post(url, {"version": opened_at, **_on(12), **_on(16, 3, "hearing_date")})
    assert stale.status_code == 412
    assert "Someone else changed this case" in stale.text
    assert run(VictimStatement.count().where(VictimStatement.case == case_id)) == 1


def test_the_section_is_only_for_a_restricted_patients_victim(world: World) -> None:
    case_id = _case(world, BASE_REFERRAL["sentence"])
    page = signed_in(world, "vlo").get(f"/cases/{case_id}").text
    assert "First-tier Tribunal" not in page
    assert RESTRICTED["type"] == "hospital_order_restricted"
