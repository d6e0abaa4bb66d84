"""Changing the victim's details on a page: the form holds what is saved, every problem is shown
at once and links to its field, a stale form saves nothing, and the case page shows the new
details, the history of changes (no values) and a victim under 18 with the step to add a parent
or guardian before any letter."""

from __future__ import annotations

from typing import Any

from tests.api.test_pages import Pages, error_summary, ids_in, signed_in
from tests.api.test_pages_choices import hidden_version, version
from tests.fixtures import World, run
from vcs.core.tables import Case, Victim


def _case(world: World, **victim: Any) -> int:
    payload: dict[str, Any] = {}
    if victim:
        base = {"name": "Jamie Young", "relationship": "direct"}
        payload["victims"] = [{**base, **victim}]
    return int(world.refer(**payload)["cases"][0]["id"])


def _form(pages: Pages, case_id: int) -> dict[str, str]:
    html = pages.get(f"/cases/{case_id}/victim-details").text
    values = {
        "name": "Alex Example",
        "address.line1": "12 Sample Road",
        "address.line2": "",
        "address.town": "London",
        "address.postcode": "E1 6AN",
        "phone": "07700 900123",
        "email": "alex.example@example.com",
        "date_of_birth-day": "15",
        "date_of_birth-month": "6",
        "date_of_birth-year": "1990",
        "language": "en",
        "reason": "",
    }
    for name, value in values.items():
        if value and name != "language":
            assert f'value="{value}"' in html, name
    return {**values, "version": hidden_version(html)}


def _victim(case_id: int) -> dict[str, Any]:
    case = run(Case.select(Case.victim).where(Case.id == case_id).first())
    return dict(run(Victim.select().where(Victim.id == case["victim"]).first()))


def test_a_vlo_changes_the_address_and_sees_it_and_the_history_on_the_case(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    case_page = pages.get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/victim-details"' in case_page
    assert "Changes to the victim" not in case_page
    form = _form(pages, case_id)
    form |= {"address.line1": "7 Willow Court", "address.town": "Leeds"}
    form |= {"address.postcode": "LS1 4DY", "reason": "Moved house in March"}
    saved = pages.post(f"/cases/{case_id}/victim-details", form)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"/cases/{case_id}?done=details-changed"
    shown = pages.get(saved.headers["location"]).text
    assert "The victim&#39;s details are changed." in shown
    assert "7 Willow Court, Leeds, LS1 4DY" in shown
    history = shown.split('id="details-history"', 1)[1].split("</table>", 1)[0]
    assert "Address" in history and "Moved house in March" in history
    assert "12 January 2026" in history
    assert "Willow" not in history and "LS1" not in history
    assert _victim(case_id)["address_line1"] == "7 Willow Court"


def test_every_problem_is_shown_at_once_and_nothing_is_saved(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    form = _form(pages, case_id)
    form |= {"name": "", "phone": "not a phone", "email": "nobody", "address.postcode": "XX"}
    form |= {"date_of_birth-day": "31", "date_of_birth-month": "2", "reason": ""}
    refused = pages.post(f"/cases/{case_id}/victim-details", form)
    assert refused.status_code == 400
    summary = error_summary(refused.text)
    hrefs = [href for href, _ in summary]
    assert hrefs == [
        "#name",
        "#address-postcode",
        "#phone",
        "#email",
        "#date-of-birth-day",
        "#reason",
    ], summary
    assert {h[1:] for h in hrefs} <= ids_in(refused.text)
    assert _victim(case_id)["name"] == "Alex Example"
    same = pages.post(f"/cases/{case_id}/victim-details", {**_form(pages, case_id), "reason": "x"})
    assert same.status_code == 422
    assert error_summary(same.text) == [
        ("#details", "These are the details already saved: nothing changed")
    ]


def test_a_stale_form_saves_nothing_and_shows_what_is_saved_now(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    form = _form(pages, case_id)
    world.request(
        "PATCH",
        "vlo2",
        f"/api/v1/cases/{case_id}/victim",
        json={"phone": "07700 900456", "reason": "New phone"},
    )
    stale = pages.post(
        f"/cases/{case_id}/victim-details", {**form, "email": "a@example.com", "reason": "r"}
    )
    assert stale.status_code == 412
    assert "Saved now" in stale.text and "07700 900456" in stale.text
    assert hidden_version(stale.text) == str(version(case_id))
    assert _victim(case_id)["email"] == "alex.example@example.com"


def test_a_victim_under_18_is_flagged_with_the_step_to_add_a_parent(world: World) -> None:
    case_id = _case(world, date_of_birth="2010-05-01")
    pages = signed_in(world, "vlo")
    case_page = pages.get(f"/cases/{case_id}").text
    flag = case_page.split('id="under-18"', 1)[1].split("</div>", 1)[0]
    assert "The victim is under 18" in flag
    assert "Add a parent or guardian" in case_page
    letter_page = pages.get(f"/cases/{case_id}/letters/new").text
    step = letter_page.split('id="under-18"', 1)[1]
    assert step.index("Add a parent or guardian") < step.index("<form")
    parent = {
        "kind": "parent_guardian",
        "name": "Pat Young",
        "relationship": "Mother",
        "address.line1": "3 Sample Close",
        "address.town": "London",
        "address.postcode": "E2 8AA",
        "version": str(version(case_id)),
    }
    assert pages.post(f"/cases/{case_id}/nominated-contact", parent).status_code == 303
    assert 'id="under-18"' not in pages.get(f"/cases/{case_id}/letters/new").text
    assert (
        "Letters go to their parent or guardian, Pat Young" in pages.get(f"/cases/{case_id}").text
    )


def test_an_adult_victim_is_not_flagged(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    assert 'id="under-18"' not in pages.get(f"/cases/{case_id}").text
    assert 'id="under-18"' not in pages.get(f"/cases/{case_id}/letters/new").text


def test_the_offender_manager_cannot_open_the_form(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "om")
    assert pages.get(f"/cases/{case_id}/victim-details").status_code == 403
