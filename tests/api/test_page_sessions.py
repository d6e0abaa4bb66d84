"""Page sessions that never lose work: the session lasts while the person works (up to its
absolute end), asking how long is left does not extend it, "Stay signed in" does; after signing
in again the person returns where they were (only ever to a page of this site); a form sent
after the session ended is kept for its writer alone and shown again with what they typed.
The app's clock (`create_app(now=...)`) is moved by the tests: nobody waits real minutes."""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.api.test_pages import Pages, signed_in
from tests.fixtures import PASSWORD, World
from vcs.access import sessions

IDLE = timedelta(seconds=sessions.settings.session_idle_seconds)
NOTE = "Spoke to the victim's sister, who will pass the message on"


class Clock:
    def __init__(self, world: World) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)
        world.client.app.state.now = lambda: self.now

    def move(self, by: timedelta) -> None:
        self.now += by


def _case(world: World) -> int:
    return int(world.refer()["cases"][0]["id"])


def _version(world: World, case_id: int) -> str:
    return str(world.get("vlo", f"/api/v1/cases/{case_id}").json()["version"])


def _contact_form(world: World, case_id: int) -> dict[str, str]:
    return {
        "version": _version(world, case_id),
        "on-day": "6",
        "on-month": "1",
        "on-year": "2026",
        "method": "phone",
        "outcome": "made_contact",
        "notes": NOTE,
    }


def _notes(world: World, case_id: int) -> list[str]:
    items = world.get("vlo", f"/api/v1/cases/{case_id}/contacts").json()["items"]
    return [str(item.get("notes") or "") for item in items]


def _sign_in_target(response: Any) -> str:
    """Where the sign-in page will send the person back to (its `next`)."""
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/sign-in?")
    return parse_qs(urlsplit(location).query)["next"][0]


def test_each_page_extends_the_session_and_asking_how_long_is_left_does_not(
    world: World,
) -> None:
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    for _ in range(3):  # three hours of work, a page every 50 minutes
        clock.move(IDLE * 5 / 6)
        response = pages.get("/cases")
        assert response.status_code == 200
        assert "vcs_session" in response.cookies  # renewed
    clock.move(IDLE / 2)
    status = pages.get("/session")
    assert status.json() == {"signed_in": True, "seconds_left": int(IDLE.total_seconds() / 2)}
    assert "vcs_session" not in status.cookies
    clock.move(IDLE / 2 + timedelta(seconds=1))
    ended = pages.get("/cases")
    assert _sign_in_target(ended) == "/cases"
    assert "ended=yes" in ended.headers["location"]
    assert pages.get("/session").json() == {"signed_in": False, "seconds_left": 0}


def test_the_session_ends_at_its_absolute_end_however_busy(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = dataclasses.replace(sessions.settings, session_max_seconds=2 * 3600)
    monkeypatch.setattr(sessions, "settings", short)
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    clock.move(timedelta(minutes=50))
    assert pages.get("/cases").status_code == 200
    clock.move(timedelta(minutes=50))
    assert pages.get("/cases").status_code == 200
    assert pages.get("/session").json()["seconds_left"] == 20 * 60  # not a full hour more
    clock.move(timedelta(minutes=20, seconds=1))
    assert pages.get("/cases").status_code == 303


def test_stay_signed_in_extends_the_session_and_needs_the_csrf_token(world: World) -> None:
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    clock.move(IDLE - timedelta(minutes=2))
    refused = world.client.post("/session/extend", data={"_csrf_token": "forged"})
    assert refused.status_code == 403
    extended = pages.post("/session/extend")
    assert extended.status_code == 200
    assert extended.json() == {"signed_in": True, "seconds_left": int(IDLE.total_seconds())}
    clock.move(IDLE - timedelta(seconds=1))
    assert pages.get("/cases").status_code == 200


def test_signing_out_ends_every_token_of_the_session(world: World) -> None:
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    first = world.client.cookies["vcs_session"]
    clock.move(timedelta(minutes=10))
    assert pages.get("/cases").status_code == 200  # renewed
    assert world.client.cookies["vcs_session"] != first
    assert pages.post("/sign-out").status_code == 303
    world.client.cookies.set("vcs_session", first, domain="testserver.local")
    assert pages.get("/cases").status_code == 303


@pytest.mark.parametrize(
    ("target", "lands_on"),
    [
        ("/cases/7?tab=timeline", "/cases/7?tab=timeline"),
        ("https://evil.example/cases", "/my-work"),
        ("//evil.example/cases", "/my-work"),
        ("/\\evil.example", "/my-work"),
        ("http:/evil.example", "/my-work"),
        ("javascript:alert(1)", "/my-work"),
        ("/cases\r\nSet-Cookie: x=1", "/my-work"),
    ],
)
def test_signing_in_returns_only_to_a_page_of_this_site(
    world: World, target: str, lands_on: str
) -> None:
    pages = Pages(world)
    form = pages.get("/sign-in", params={"next": target})
    assert form.status_code == 200
    response = pages.post("/sign-in", {"username": "vlo", "password": PASSWORD, "next": target})
    assert response.status_code == 303
    assert response.headers["location"] == lands_on


def test_a_page_asked_for_after_the_session_ended_returns_there_after_signing_in(
    world: World,
) -> None:
    case_id = _case(world)
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    clock.move(IDLE + timedelta(seconds=1))
    target = _sign_in_target(pages.get(f"/cases/{case_id}"))
    sign_in_page = pages.get("/sign-in", params={"next": target, "ended": "yes"})
    assert "You were signed out because you did not do anything for a while" in sign_in_page.text
    back = pages.post("/sign-in", {"username": "vlo", "password": PASSWORD, "next": target})
    assert back.headers["location"] == f"/cases/{case_id}"


def test_a_form_sent_after_the_session_ended_is_kept_and_shown_again(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    case_id = _case(world)
    form = _contact_form(world, case_id)  # read before the clock moves
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    assert pages.get(f"/cases/{case_id}/contacts/new").status_code == 200
    clock.move(IDLE + timedelta(minutes=5))
    caplog.set_level(logging.DEBUG)
    kept = pages.post(f"/cases/{case_id}/contacts/new", form)
    target = _sign_in_target(kept)
    assert target.startswith(f"/cases/{case_id}/contacts/new?kept=")
    assert "sister" not in kept.headers["location"] and "sister" not in caplog.text

    sign_in = pages.get("/sign-in", params={"next": target, "ended": "yes"})
    assert "We kept what you typed" in sign_in.text
    assert pages.post("/sign-in", {"username": "vlo", "password": PASSWORD, "next": target})
    shown = pages.get(target)
    assert shown.status_code == 200
    assert NOTE.replace("'", "&#39;") in shown.text
    assert "You were signed out before this form was sent" in shown.text
    assert NOTE.replace("'", "&#39;") not in pages.get(target).text  # given back once

    saved = pages.post(f"/cases/{case_id}/contacts/new", form)
    assert saved.status_code == 303 and saved.headers["location"].startswith(f"/cases/{case_id}")
    clock.now = datetime.now(UTC)  # the API's bearer tokens are judged by the real clock
    assert _notes(world, case_id) == [NOTE]


def test_a_kept_form_is_never_shown_to_anyone_else(world: World) -> None:
    case_id = _case(world)
    form = _contact_form(world, case_id)  # read before the clock moves
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    pages.get(f"/cases/{case_id}/contacts/new")
    clock.move(IDLE + timedelta(minutes=1))
    target = _sign_in_target(pages.post(f"/cases/{case_id}/contacts/new", form))
    other = signed_in(world, "manager")  # same unit, same page, another person
    page = other.get(target)
    assert page.status_code == 200
    assert "sister" not in page.text and "We kept what you typed" not in page.text
    world.client.cookies.clear()
    mine = signed_in(world, "vlo").get(target)
    assert "sister" in mine.text  # the other person's look did not use it up


def test_a_form_sent_after_the_session_ended_still_needs_its_csrf_token(world: World) -> None:
    case_id = _case(world)
    form = _contact_form(world, case_id)  # read before the clock moves
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    clock.move(IDLE + timedelta(minutes=1))
    forged = {"_csrf_token": "forged", **form}
    refused = world.client.post(
        f"/cases/{case_id}/contacts/new", data=forged, follow_redirects=False
    )
    assert refused.status_code == 403


def test_a_form_sent_after_signing_out_is_not_kept(world: World) -> None:
    pages = Pages(world)
    case_id = _case(world)
    form = _contact_form(world, case_id)
    pages.sign_in("vlo")
    session = world.client.cookies["vcs_session"]
    pages.post("/sign-out")
    world.client.cookies.set("vcs_session", session, domain="testserver.local")
    response = pages.post(f"/cases/{case_id}/contacts/new", form)
    assert response.status_code in (303, 403)
    assert "kept" not in response.headers.get("location", "")


def test_a_kept_form_for_an_address_without_a_page_is_offered_to_send_again(
    world: World,
) -> None:
    clock, pages = Clock(world), Pages(world)
    pages.sign_in("vlo")
    clock.move(IDLE + timedelta(minutes=1))
    target = _sign_in_target(pages.post("/letters/999999/cancel", {"reason": "Drafted twice"}))
    assert target.startswith("/kept-forms/")
    pages.post("/sign-in", {"username": "vlo", "password": PASSWORD, "next": target})
    offered = pages.get(target)
    assert offered.status_code == 200
    assert 'action="/letters/999999/cancel"' in offered.text and "Drafted twice" in offered.text
    assert pages.get(target).status_code == 404  # once


# Error pages: HTML for page addresses, problem details for the API


@pytest.mark.parametrize("url", ["/no-such-page", "/cases/abc", "/cases/1/no-such-step"])
def test_an_unknown_page_address_gets_the_page_not_found_page(world: World, url: str) -> None:
    response = signed_in(world, "vlo").get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in response.text
    assert "If you typed the web address, check it is correct." in response.text


def test_an_unknown_api_address_keeps_problem_details(world: World) -> None:
    response = world.get("vlo", "/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


def test_a_page_the_role_may_not_see_says_so(world: World) -> None:
    response = signed_in(world, "wcu").get("/deadlines")
    assert response.status_code == 403
    assert "You do not have permission to view this page" in response.text


def test_a_failure_on_a_page_gets_the_service_problem_page(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.access import pages as start_pages

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(start_pages, "page", broken)
    response = Pages(world).get("/signed-out")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "database went away" not in response.text
