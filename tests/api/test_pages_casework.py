"""A VLO's casework pages, through the test client (no JavaScript): recording a contact attempt
(which meets the first-contact clock), the victim's choice, closing, transferring and reopening
a case, recording the victim's death, and the casework section of the case page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.test_pages import Pages, error_summary, ids_in, signed_in
from tests.fixtures import World

VICTIM_DETAILS = ("12 Sample Road", "E1 6AN", "07700 900123", "alex.example@example.com")


def _case(world: World) -> int:
    return int(world.refer()["cases"][0]["id"])


def _version(world: World, case_id: int) -> int:
    return int(world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"])


def _date(name: str, day: int, month: int, year: int) -> dict[str, str]:
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": str(year)}


def _contacts(world: World, case_id: int) -> list[dict[str, Any]]:
    return list(world.get("vlo", f"/api/v1/cases/{case_id}/contacts").json()["items"])


def _choices(world: World, case_id: int) -> list[dict[str, Any]]:
    return list(world.get("vlo", f"/api/v1/cases/{case_id}/participation").json()["items"])


def _first_contact(world: World, case_id: int) -> dict[str, Any]:
    deadlines = world.get("vlo", f"/api/v1/cases/{case_id}").json()["deadlines"]
    return next(d for d in deadlines if d["clock"] == "first_contact")


def _summary_links_to_fields(html: str) -> list[str]:
    hrefs = [href for href, _ in error_summary(html)]
    assert all(h.lstrip("#") in ids_in(html) for h in hrefs), hrefs
    return hrefs


def _section(html: str) -> str:
    """The casework section of the case page."""
    return html.split('id="casework"', 1)[1].split("</section>", 1)[0]


def _post(pages: Pages, world: World, case_id: int, path: str, form: dict[str, str]) -> Any:
    body = {"version": str(_version(world, case_id)), **form}
    return pages.post(f"/cases/{case_id}/{path}", body)


# Contact attempts


def test_a_vlo_records_a_contact_attempt_and_meets_the_first_contact_clock(
    world: World,
) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    case_page = pages.get(f"/cases/{case_id}").text
    assert f'href="/cases/{case_id}/contacts/new"' in case_page
    assert "No contact attempts are recorded yet" in case_page

    form = pages.get(f"/cases/{case_id}/contacts/new")
    assert form.status_code == 200
    assert {"on-day", "method", "outcome", "notes", "late-reason"} <= ids_in(form.text)
    assert f'name="version" value="{_version(world, case_id)}"' in form.text
    assert "2 February 2026" in form.text  # when first contact is due

    done = _post(
        pages,
        world,
        case_id,
        "contacts/new",
        {**_date("on", 9, 1, 2026), "method": "phone", "outcome": "made_contact", "notes": "Spoke"},
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/cases/{case_id}?done=contact"
    shown = pages.get(done.headers["location"]).text
    assert "The contact attempt is recorded." in shown and "govuk-notification-banner" in shown
    assert "Phone call" in shown and "Spoke to or met the victim" in shown
    clock = _first_contact(world, case_id)
    assert clock["met_on"] == "2026-01-09" and clock["state"] == "met"
    assert [c["outcome"] for c in _contacts(world, case_id)] == ["made_contact"]


def test_the_latest_contact_attempts_come_first(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    for day, outcome in ((6, "no_reply"), (8, "note"), (7, "message_left")):
        form = {**_date("on", day, 1, 2026), "method": "phone", "outcome": outcome}
        assert _post(pages, world, case_id, "contacts/new", form).status_code == 303
    html = _section(pages.get(f"/cases/{case_id}").text)
    order = [html.index(w) for w in ("8 January 2026", "7 January 2026", "6 January 2026")]
    assert order == sorted(order)


def test_a_contact_form_with_problems_says_what_to_fix_and_saves_nothing(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    empty = _post(pages, world, case_id, "contacts/new", {})
    assert empty.status_code == 400
    assert _summary_links_to_fields(empty.text) == ["#on-day", "#method", "#outcome"]
    texts = [text for _, text in error_summary(empty.text)]
    assert texts == [
        "Enter the date of the attempt",
        "Select how you tried to contact the victim",
        "Select what happened",
    ]
    assert "govuk-error-message" in empty.text and "Error: " in empty.text

    bad = _post(
        pages,
        world,
        case_id,
        "contacts/new",
        {**_date("on", 31, 2, 2026), "method": "pigeon", "outcome": "sent"},
    )
    assert bad.status_code == 400
    assert [t for _, t in error_summary(bad.text)] == [
        "The date of the attempt must be a real date",
        "Select how you tried to contact the victim",
    ]
    assert 'value="31"' in bad.text  # what was typed is kept

    future = _post(
        pages,
        world,
        case_id,
        "contacts/new",
        {**_date("on", 13, 1, 2026), "method": "letter", "outcome": "sent"},
    )
    assert future.status_code == 422
    assert error_summary(future.text) == [("#on-day", "This date is in the future")]
    assert _contacts(world, case_id) == []


def test_late_first_contact_needs_a_reason(world: World) -> None:
    case_id = _case(world)
    world.set_today(world.client.app.state.today().replace(month=3))
    pages = signed_in(world, "vlo")
    form = {**_date("on", 2, 3, 2026), "method": "letter", "outcome": "sent"}
    late = _post(pages, world, case_id, "contacts/new", form)
    assert late.status_code == 422
    assert _summary_links_to_fields(late.text) == ["#late-reason"]
    assert _contacts(world, case_id) == []
    form["late_reason"] = "The referral was sent to the wrong unit first"
    assert _post(pages, world, case_id, "contacts/new", form).status_code == 303
    assert _first_contact(world, case_id)["state"] == "met_late"


def test_a_stale_version_saves_nothing_and_says_someone_else_changed_the_case(
    world: World,
) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    opened_at = _version(world, case_id)
    note = {"on": "2026-01-08", "method": "letter", "outcome": "note", "notes": "By vlo2"}
    assert world.post("vlo2", f"/api/v1/cases/{case_id}/contacts", note).status_code < 300
    form = {**_date("on", 9, 1, 2026), "method": "phone", "outcome": "made_contact"}
    stale = pages.post(f"/cases/{case_id}/contacts/new", {"version": str(opened_at), **form})
    assert stale.status_code == 412
    assert "Someone else changed this case" in stale.text
    assert _summary_links_to_fields(stale.text)
    assert [c["outcome"] for c in _contacts(world, case_id)] == ["note"]
    # The form now carries the current version: saving again is a deliberate act.
    assert f'name="version" value="{_version(world, case_id)}"' in stale.text
    assert 'value="made_contact" checked' in stale.text


def test_a_form_without_the_case_version_saves_nothing(world: World) -> None:
    case_id = _case(world)
    form = {**_date("on", 9, 1, 2026), "method": "phone", "outcome": "made_contact"}
    for version in ("", "abc", "0", "99999999999"):
        response = signed_in(world, "vlo").post(
            f"/cases/{case_id}/contacts/new", {"version": version, **form}
        )
        assert response.status_code == 400
        assert "This form is out of date" in response.text
        assert _summary_links_to_fields(response.text) == ["#on-day"]
    assert _contacts(world, case_id) == []


# The victim's choice


def test_a_vlo_records_the_victim_opting_in_with_a_level_then_out(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    form = pages.get(f"/cases/{case_id}/participation/new")
    assert form.status_code == 200
    assert {"status", "status-2", "level", "level-2", "level-3", "on-day", "reason"} <= ids_in(
        form.text
    )

    no_level = _post(
        pages,
        world,
        case_id,
        "participation/new",
        {"status": "opted_in", **_date("on", 9, 1, 2026)},
    )
    assert no_level.status_code == 422
    assert _summary_links_to_fields(no_level.text) == ["#level"]
    assert _choices(world, case_id) == []

    opted_in = _post(
        pages,
        world,
        case_id,
        "participation/new",
        {"status": "opted_in", "level": "annual", **_date("on", 9, 1, 2026)},
    )
    assert opted_in.status_code == 303
    assert opted_in.headers["location"] == f"/cases/{case_id}?done=participation"
    # A level left chosen under "opt in" (as the form sends it) goes with an opt-out unused.
    opted_out = _post(
        pages,
        world,
        case_id,
        "participation/new",
        {
            "status": "opted_out",
            "level": "annual",
            "reason": "Wants to move on",
            **_date("on", 10, 1, 2026),
        },
    )
    assert opted_out.status_code == 303, opted_out.text
    assert [(c["status"], c["level"]) for c in _choices(world, case_id)] == [
        ("opted_in", "annual"),
        ("opted_out", None),
    ]
    html = pages.get(opted_out.headers["location"]).text
    assert "The victim&#39;s choice is recorded." in html
    section = _section(html)
    assert section.index("Wants to move on") < section.index("An annual letter")


def test_a_choice_form_with_problems_says_what_to_fix(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    empty = _post(pages, world, case_id, "participation/new", {})
    assert empty.status_code == 400
    assert _summary_links_to_fields(empty.text) == ["#status", "#on-day"]
    again = _post(
        pages,
        world,
        case_id,
        "participation/new",
        {"status": "opted_out", **_date("on", 9, 1, 2026)},
    )
    assert again.status_code == 303
    twice = _post(
        pages,
        world,
        case_id,
        "participation/new",
        {"status": "opted_out", **_date("on", 9, 1, 2026)},
    )
    assert twice.status_code == 409
    assert "already opted out" in twice.text
    assert _summary_links_to_fields(twice.text)
    assert len(_choices(world, case_id)) == 1


# Closing, transferring, reopening


def test_a_vlo_closes_and_reopens_a_case(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    page = pages.get(f"/cases/{case_id}/close")
    assert page.status_code == 200 and "A closed case cannot be changed" in page.text
    empty = _post(pages, world, case_id, "close", {})
    assert empty.status_code == 400
    assert _summary_links_to_fields(empty.text) == ["#reason", "#on-day"]

    closed = _post(
        pages, world, case_id, "close", {"reason": "victim_request", **_date("on", 9, 1, 2026)}
    )
    assert closed.status_code == 303
    assert closed.headers["location"] == f"/cases/{case_id}?done=closed"
    html = pages.get(closed.headers["location"]).text
    assert "The case is closed." in html and f'href="/cases/{case_id}/reopen"' in html
    assert f'href="/cases/{case_id}/contacts/new"' not in html

    # A closed case is read-only: the forms say so and a post is refused.
    assert "This case is closed" in pages.get(f"/cases/{case_id}/contacts/new").text
    form = {**_date("on", 10, 1, 2026), "method": "phone", "outcome": "made_contact"}
    refused = _post(pages, world, case_id, "contacts/new", form)
    assert refused.status_code == 409 and "This case is closed" in refused.text
    assert _contacts(world, case_id) == []

    no_reason = _post(pages, world, case_id, "reopen", _date("on", 10, 1, 2026))
    assert no_reason.status_code == 400
    assert _summary_links_to_fields(no_reason.text) == ["#reason"]
    reopened = _post(
        pages,
        world,
        case_id,
        "reopen",
        {"reason": "The victim asked to rejoin", **_date("on", 10, 1, 2026)},
    )
    assert reopened.status_code == 303
    assert reopened.headers["location"] == f"/cases/{case_id}?done=reopened"
    assert "The case is reopened." in pages.get(reopened.headers["location"]).text
    assert "nothing to reopen" in pages.get(f"/cases/{case_id}/reopen").text


def test_a_vlo_transfers_a_case_to_another_unit(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    page = pages.get(f"/cases/{case_id}/close").text
    assert 'value="VLU-WAL"' in page and 'value="VLU-LON"' not in page
    nowhere = _post(
        pages, world, case_id, "close", {"reason": "transferred", **_date("on", 9, 1, 2026)}
    )
    assert nowhere.status_code == 422
    assert _summary_links_to_fields(nowhere.text) == ["#to-unit"]
    moved = _post(
        pages,
        world,
        case_id,
        "close",
        {"reason": "transferred", "to_unit": "VLU-WAL", **_date("on", 9, 1, 2026)},
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/cases?done=transferred"
    assert "The case is transferred" in pages.get(moved.headers["location"]).text
    assert world.get("vlo_other", f"/api/v1/cases/{case_id}").status_code == 200
    assert pages.get(f"/cases/{case_id}").status_code == 403  # no longer this unit's case


def test_a_unit_named_for_a_closure_that_is_not_a_transfer_is_ignored(world: World) -> None:
    case_id = _case(world)
    form = {"reason": "sentence_expired", "to_unit": "VLU-WAL", **_date("on", 9, 1, 2026)}
    done = _post(signed_in(world, "vlo"), world, case_id, "close", form)
    assert done.status_code == 303
    assert world.get("vlo", f"/api/v1/cases/{case_id}").json()["state"] == "closed"


# The victim's death


def test_a_vlo_records_the_victims_death(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    assert f'href="/cases/{case_id}/victim-death"' in pages.get(f"/cases/{case_id}").text
    page = pages.get(f"/cases/{case_id}/victim-death")
    assert page.status_code == 200 and "Record that the victim has died" in page.text
    empty = _post(pages, world, case_id, "victim-death", {})
    assert empty.status_code == 400
    assert _summary_links_to_fields(empty.text) == ["#on-day"]
    done = _post(pages, world, case_id, "victim-death", _date("on", 9, 1, 2026))
    assert done.status_code == 303
    assert done.headers["location"] == f"/cases/{case_id}?done=victim_death"
    html = pages.get(done.headers["location"]).text
    assert "The victim&#39;s death is recorded." in html
    assert f'href="/cases/{case_id}/victim-death"' not in html
    assert "already recorded" in pages.get(f"/cases/{case_id}/victim-death").text
    victim = world.get("vlo", f"/api/v1/cases/{case_id}").json()["victim"]
    assert victim["deceased_on"] == "2026-01-09"


# Who may do what


PATHS = ["contacts/new", "participation/new", "close", "reopen", "victim-death"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("user", "status"), [("om", 403), ("wcu", 403), ("vlo_other", 403)])
def test_casework_forms_are_for_the_case_unit_vlos_and_managers(
    world: World, path: str, user: str, status: int
) -> None:
    case_id = _case(world)
    pages = signed_in(world, user)
    assert pages.get(f"/cases/{case_id}/{path}").status_code == status
    posted = pages.post(f"/cases/{case_id}/{path}", {"version": "1", **_date("on", 9, 1, 2026)})
    assert posted.status_code == status
    for detail in VICTIM_DETAILS:
        assert detail not in posted.text
    assert _contacts(world, case_id) == [] and _choices(world, case_id) == []


@pytest.mark.parametrize("path", PATHS)
def test_a_missing_case_is_not_found(world: World, path: str) -> None:
    assert signed_in(world, "vlo").get(f"/cases/999999/{path}").status_code == 404


def test_a_vlu_manager_reads_the_section_and_may_record_casework(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "manager")
    html = pages.get(f"/cases/{case_id}").text
    assert "Contact attempts" in html and "The victim's choices" in html
    assert f'href="/cases/{case_id}/contacts/new"' in html
    form = {**_date("on", 9, 1, 2026), "method": "visit", "outcome": "made_contact"}
    assert _post(pages, world, case_id, "contacts/new", form).status_code == 303


def test_the_banner_words_come_from_the_service_not_the_address(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    unknown = pages.get(f"/cases/{case_id}?done=anything")
    assert unknown.status_code == 200 and "govuk-notification-banner" not in unknown.text
    assert pages.get(f"/cases/{case_id}?done=%3Cscript%3E").status_code == 400


def test_redirects_carry_no_victim_details(world: World) -> None:
    case_id = _case(world)
    pages = signed_in(world, "vlo")
    form = {
        **_date("on", 9, 1, 2026),
        "method": "email",
        "outcome": "sent",
        "notes": "Sent to alex.example@example.com",
    }
    done = _post(pages, world, case_id, "contacts/new", form)
    assert done.status_code == 303
    for detail in VICTIM_DETAILS:
        assert detail not in done.headers["location"]
