"""CSRF tokens are bound to the session they were issued in: a token from the signed-out sign-in
page is refused once signed in, one from a session is refused in any other and after signing
out; signing in and signing out each set a new token, and a page asked for with a token from
another session hands out a new one."""

from __future__ import annotations

import re
from typing import Any

from tests.fixtures import PASSWORD, World

CSRF = "vcs_csrf"


def form_token(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in_form(world: World) -> str:
    """The sign-in page, signed out: its token (the same as its cookie)."""
    page = world.client.get("/sign-in")
    assert page.status_code == 200
    token = form_token(page.text)
    assert world.client.cookies[CSRF] == token
    return token


def set_cookie(world: World, token: str) -> None:
    world.client.cookies.delete(CSRF)
    world.client.cookies.set(CSRF, token, domain="testserver.local")


def post(world: World, url: str, token: str, **form: str) -> Any:
    """A form sent with `token` in both the cookie and the field (the double submit)."""
    set_cookie(world, token)
    return world.client.post(url, data={"_csrf_token": token, **form}, follow_redirects=False)


def sign_in(world: World, token: str, user: str = "vlo") -> Any:
    response = post(world, "/sign-in", token, username=user, password=PASSWORD)
    assert response.status_code == 303, response.text
    return response


def test_a_token_from_the_signed_out_page_is_refused_once_signed_in(world: World) -> None:
    anonymous = sign_in_form(world)
    signed_in = sign_in(world, anonymous)
    renewed = signed_in.cookies.get(CSRF)
    assert renewed and renewed != anonymous  # signing in set a new token
    refused = post(world, "/sign-out", anonymous)
    assert refused.status_code == 403
    assert world.client.get("/cases", follow_redirects=False).status_code == 200  # still in
    assert post(world, "/sign-out", renewed).status_code == 303


def test_a_token_from_one_session_is_refused_in_the_next(world: World) -> None:
    sign_in(world, sign_in_form(world))
    first = world.client.cookies[CSRF]
    world.client.cookies.delete("vcs_session")
    sign_in(world, sign_in_form(world))  # a second session, the same person
    assert post(world, "/sign-out", first).status_code == 403


def test_signing_out_sets_a_new_token_and_the_sessions_one_stops_working(world: World) -> None:
    sign_in(world, sign_in_form(world))
    in_session = world.client.cookies[CSRF]
    signed_out = post(world, "/sign-out", in_session)
    assert signed_out.status_code == 303
    after = signed_out.cookies.get(CSRF)
    assert after and after != in_session
    assert post(world, "/sign-in", in_session, username="vlo", password=PASSWORD).status_code == 403
    assert post(world, "/sign-in", after, username="vlo", password=PASSWORD).status_code == 303


def test_a_page_asked_for_with_another_sessions_token_hands_out_a_new_one(world: World) -> None:
    anonymous = sign_in_form(world)
    sign_in(world, anonymous)
    set_cookie(world, anonymous)  # a cookie left over from before signing in
    page = world.client.get("/cases")
    assert page.status_code == 200
    fresh = page.cookies.get(CSRF)
    assert fresh and fresh != anonymous and form_token(page.text) == fresh
    assert post(world, "/sign-out", fresh).status_code == 303


def test_a_token_issued_in_the_session_keeps_working_in_it(world: World) -> None:
    sign_in(world, sign_in_form(world))
    token = world.client.cookies[CSRF]
    page = world.client.get("/cases")
    assert form_token(page.text) == token and CSRF not in page.cookies  # no churn
    assert post(world, "/sign-out", token).status_code == 303
