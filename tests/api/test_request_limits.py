"""Bad input at the edge (issue 15, finding 6): JSON nested too deep or a body too large is a 4xx
problem on every JSON route, signing in included, never a 500; a parameter's problem names it
as the client sent it and never repeats the value sent."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.enums import RequestEncodingType

from api.web.bodies import MAX_BODY_BYTES, MAX_JSON_DEPTH, depth
from tests.api.route_table import USER_OF, Route, app_routes
from tests.fixtures import World, shared_app

JSON = RequestEncodingType.JSON
JSON_ROUTES = [
    r
    for r in app_routes(shared_app())
    if r.method in ("POST", "PUT", "PATCH")
    and not r.is_page
    and "data" in r.handler.parsed_fn_signature.parameters
    and getattr(
        r.handler.parsed_fn_signature.parameters["data"].kwarg_definition, "media_type", JSON
    )
    == JSON
]
SIGN_IN = "POST /api/v1/auth/token"


def _nested(levels: int) -> bytes:
    return b'{"name": ' + b"[" * levels + b"]" * levels + b"}"


def _send(world: World, route: Route | None, body: bytes) -> Any:
    """The body to the route as its first allowed role, ids of records that need not exist:
    the body is refused before any record is looked up."""
    headers = {"content-type": "application/json"}
    if route is None:
        return world.client.post("/api/v1/auth/token", content=body, headers=headers)
    if route.allowed_roles:  # a public route (Notify's callbacks) takes no user's token
        headers.update(world.headers(USER_OF[sorted(route.allowed_roles)[0]]))
    url = route.path
    for param in route.params:
        url = url.replace(f"{{{param}}}", "1")
    return world.client.request(route.method, url, content=body, headers=headers)


def test_every_json_route_is_covered() -> None:
    keys = {r.key for r in JSON_ROUTES}
    assert {"POST /api/v1/referrals", "POST /api/v1/mappa-meetings"} <= keys
    assert not {r.key for r in JSON_ROUTES if r.path.endswith("/map")}, "uploads are not JSON"


def test_depth_is_counted_without_recursion() -> None:
    assert depth(b"[]") == 1
    assert depth(b'{"a": [{"b": "[[[[[[[["}]}') == 3  # brackets in strings do not count
    assert depth(b'["\\"[[["]') == 1  # nor after an escaped quote
    assert depth(b"[" * 100_000) == 100_000  # unclosed: still counted, never recursed
    assert depth(b"") == 0


def test_json_nested_too_deep_signing_in_is_a_400_problem(world: World) -> None:
    response = _send(world, None, _nested(1000))
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"] == [
        {
            "field": "body",
            "message": f"is nested too deeply: at most {MAX_JSON_DEPTH} levels of arrays and "
            "objects",
        }
    ]


def test_json_as_deep_as_allowed_is_read_as_usual(world: World) -> None:
    response = _send(world, None, _nested(MAX_JSON_DEPTH - 1))
    assert response.status_code == 400, response.text  # a list is not a username
    assert response.json()["errors"][0]["field"] == "username"


@pytest.mark.parametrize("route", JSON_ROUTES, ids=[r.key for r in JSON_ROUTES])
def test_json_nested_too_deep_is_a_400_problem_on_every_json_route(
    world: World, route: Route
) -> None:
    response = _send(world, route, _nested(1000))
    assert response.status_code == 400, (route.key, response.status_code, response.text)
    assert response.json()["errors"][0]["field"] == "body"


@pytest.mark.parametrize(
    "route", [None, *JSON_ROUTES[:3]], ids=[SIGN_IN, *[r.key for r in JSON_ROUTES[:3]]]
)
def test_a_body_too_large_is_a_413_problem(world: World, route: Route | None) -> None:
    body = b'{"name": "' + b"x" * MAX_BODY_BYTES + b'"}'
    response = _send(world, route, body)
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "at most 2 MB" in response.json()["detail"]


def test_a_query_parameter_is_named_as_sent_and_its_value_never_echoed(world: World) -> None:
    response = world.get("vlo", "/api/v1/cases", params={"state": "Xylophone-7"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "state", "message": "must be one of: open, closed"}
    ]
    assert "Xylophone-7" not in response.text
    stages = world.get("vlo", "/api/v1/key-stages", params={"state": "Xylophone-7"})
    assert stages.status_code == 400
    assert stages.json()["errors"][0]["field"] == "state"
    assert "Xylophone-7" not in stages.text


def test_a_page_address_names_the_parameter_as_sent(world: World) -> None:
    world.headers("vlo")
    world.client.cookies.set("vcs_session", world.tokens["vlo"])
    response = world.client.get("/cases", params={"state": "Xylophone-7"})
    assert response.status_code == 400
    assert "Xylophone-7" not in response.text
    assert "case_state" not in response.text
