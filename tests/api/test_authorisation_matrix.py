"""The authorisation matrix, generated from the application's own route table.

For every route and every role, with the caller's own unit's records and with another unit's:
401 without a token; 403 for a role the route's guard does not let in; for a role it lets in,
2xx (or 404/409/412/422, for a record in a state the call does not fit) on its own unit's
record and 403 or 404 on another unit's. A route without an `allow(...)` guard, or without a
row in `tests/api/route_table.py`, fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from api.web.csrf import CSRF_COOKIE, CSRF_FIELD
from api.web.session import SESSION_COOKIE
from tests.api.route_table import (
    PUBLIC,
    ROWS,
    USER_OF,
    Records,
    Route,
    Row,
    app_routes,
    both_regions,
    mint_tokens,
    resolve,
)
from tests.fixtures import World, shared_app
from vcs.core.actors import Role

ROUTES = app_routes(shared_app())
OWN_OK = {404, 409, 412, 422}
OTHER_OK = {403, 404}


def test_the_matrix_sees_the_routes() -> None:
    keys = {r.key for r in ROUTES}
    assert {"GET /api/v1/cases/{case_id}", "POST /api/v1/referrals", "GET /api/v1/audit"} <= keys


@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_route_has_exactly_one_role_guard(route: Route) -> None:
    if route.key in PUBLIC:
        assert not route.all_guards, f"{route.key} is listed as public but has guards"
        return
    assert len(route.role_guards) == 1, (
        f"{route.key} needs exactly one api.web.security.allow(...) guard "
        f"(it has {len(route.role_guards)}), or a line in PUBLIC with the reason"
    )
    assert route.allowed_roles, f"{route.key} lets no role in"


def test_no_row_is_left_for_a_route_that_has_gone() -> None:
    stale = set(ROWS) - {r.key for r in ROUTES}
    assert not stale, f"rows in tests/api/route_table.py for routes that no longer exist: {stale}"


def _csrf(world: World, session: str | None) -> str:
    """A CSRF token for a page form: the double-submit cookie a page sets in that session (a
    token is bound to the session it was issued in)."""
    world.client.cookies.clear()
    headers = {"Cookie": f"{SESSION_COOKIE}={session}"} if session else {}
    token = world.client.get("/sign-in", headers=headers).cookies.get(CSRF_COOKIE)
    assert token, "the sign-in page set no CSRF cookie"
    return str(token)


def _call(world: World, route: Route, row: Row, records: Records, user: str | None) -> Any:
    url = route.path
    for param in route.params:
        url = url.replace(f"{{{param}}}", str(records.id_for(param, row.makers.get(param))))
    kwargs: dict[str, Any] = {"params": resolve(row.query, records) or None}
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    if user and route.is_page:
        world.headers(user)  # signs in if needed
        cookies[SESSION_COOKIE] = world.tokens[user]
    elif user:
        headers.update(world.headers(user))
    if route.method in ("POST", "PUT", "PATCH"):
        body = resolve(row.body, records)
        if route.is_page:
            cookies[CSRF_COOKIE] = _csrf(world, cookies.get(SESSION_COOKIE))
            kwargs["data"] = {**(body or {}), CSRF_FIELD: cookies[CSRF_COOKIE]}
        elif row.files:
            kwargs["files"] = resolve(row.files, records)
        else:
            kwargs["json"] = body
    world.client.cookies.clear()  # each call carries only its own caller's cookies
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return world.client.request(
        route.method, url, headers=headers, follow_redirects=False, **kwargs
    )


def _anonymous_status(route: Route, row: Row) -> int:
    if row.anonymous is not None:
        return row.anonymous
    return 303 if route.is_page else 401


@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_route_answers_each_role_for_own_and_other_unit(world: World, route: Route) -> None:
    assert route.key in ROWS, (
        f"{route.key} has no row in ROWS in tests/api/route_table.py: add one with a "
        "valid-looking body so the authorisation matrix can call it"
    )
    row = ROWS[route.key]
    mint_tokens(world, [*USER_OF.values(), "vlo_other", "wcu_other"])
    own, other = both_regions(world)
    if row.setup:
        row.setup(own)
        row.setup(other)
    anonymous = _call(world, route, row, own, None)
    expected_anonymous = _anonymous_status(route, row)
    assert anonymous.status_code == expected_anonymous, (route.key, "no token", anonymous.text)
    if route.key in PUBLIC:
        for role in sorted(Role):
            status = _call(world, route, row, own, USER_OF[role]).status_code
            assert status < 500, (route.key, role.value, status)
        return

    allowed = route.allowed_roles
    # Refused roles first, then another unit's records, then the caller's own: a call that
    # changes a record comes last.
    for role in sorted(set(Role) - allowed):
        for records in (other, own) if route.params else (own,):
            status = _call(world, route, row, records, USER_OF[role]).status_code
            assert status == 403, (route.key, role.value, "not allowed", status)
    for role in sorted(allowed):
        if route.params:
            response = _call(world, route, row, other, USER_OF[role])
            expected = OWN_OK if role is Role.ADMIN else OTHER_OK
            # An administrator's page answers a good form by redirecting, as for its own unit.
            done = {*range(200, 300), 303} if route.is_page else set(range(200, 300))
            ok = response.status_code in expected or (
                role is Role.ADMIN and response.status_code in done
            )
            assert ok, (route.key, role.value, "another unit", response.status_code, response.text)
    # A page answers a good form by redirecting (303), and a form with errors with a 400 page.
    succeeded = {*range(200, 300), 303} if route.is_page else set(range(200, 300))
    refused = OWN_OK | {400} if route.is_page else OWN_OK
    successes = 0
    for role in sorted(allowed):
        response = _call(world, route, row, own, USER_OF[role])
        status = response.status_code
        assert status in succeeded | refused, (route.key, role.value, "own unit", status)
        successes += status in succeeded
    if row.expect_success:
        assert successes, f"{route.key}: no allowed role succeeded; is the row's body valid?"
