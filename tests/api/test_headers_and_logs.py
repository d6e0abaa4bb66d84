"""Security headers on every response; no stack trace or SQL in any response; one structured
log line per request, with the route template and never a victim's details."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import get
from litestar.testing import TestClient
from piccolo.querystring import QueryString

from api.app import create_app
from api.web.headers import HSTS, PAGE_POLICY, headers_for
from tests.api.route_table import mint_tokens
from tests.fixtures import TODAY, World, referral_payload
from vcs.core.piccolo_conf import DB

VICTIM = referral_payload()["victims"][0]
VICTIM_DETAILS = [
    VICTIM["name"],
    VICTIM["address"]["line1"],
    VICTIM["address"]["postcode"],
    VICTIM["email"],
    VICTIM["phone"],
    VICTIM["date_of_birth"],
]


@pytest.fixture
def world(world: World) -> World:
    mint_tokens(world)
    return world


def _assert_security_headers(response: Any, *, https: bool = False) -> None:
    h = response.headers
    assert h["x-content-type-options"] == "nosniff"
    assert h["x-frame-options"] == "DENY"
    assert h["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in h["content-security-policy"]
    assert ("strict-transport-security" in h) is https


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/health", 200),
        ("GET", "/api/v1/cases", 401),
        ("GET", "/api/v1/no-such-thing", 404),
        ("DELETE", "/health", 405),
        ("GET", "/sign-in", 200),
        ("GET", "/schema/openapi.json", 200),
    ],
)
def test_every_kind_of_response_carries_the_headers(
    world: World, method: str, url: str, status: int
) -> None:
    response = world.client.request(method, url)
    assert response.status_code == status
    _assert_security_headers(response)


def test_api_responses_are_never_cached(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    response = world.get("vlo", f"/api/v1/cases/{case_id}")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    _assert_security_headers(response)


def test_hsts_only_over_https(world: World) -> None:
    proxied = world.client.get("/health", headers={"X-Forwarded-Proto": "https"})
    _assert_security_headers(proxied, https=True)
    assert proxied.headers["strict-transport-security"] == HSTS
    with TestClient(app=world.client.app, base_url="https://testserver.local") as direct:
        _assert_security_headers(direct.get("/health"), https=True)
    _assert_security_headers(world.client.get("/health", headers={"X-Forwarded-Proto": "http"}))


def test_the_page_policy_allows_only_our_own_origin() -> None:
    page = headers_for("/cases", https=False)
    assert page["Content-Security-Policy"] == PAGE_POLICY
    assert page["Cache-Control"] == "no-store" and "Strict-Transport-Security" not in page
    assert "unsafe-inline" not in PAGE_POLICY and "unsafe-eval" not in PAGE_POLICY
    assert "default-src 'self'" in PAGE_POLICY
    asset = headers_for("/assets/govuk.css", https=True, already=frozenset({"cache-control"}))
    assert "Cache-Control" not in asset and asset["Strict-Transport-Security"] == HSTS
    api = headers_for("/api/v1/cases", https=False, already=frozenset({"cache-control"}))
    assert api["Cache-Control"] == "no-store"
    document = headers_for(
        "/api/v1/x.svg", https=False, already=frozenset({"content-security-policy"})
    )
    assert "Content-Security-Policy" not in document  # the document's own, stricter, stands


SECRET_SQL = "SELECT address_line1 FROM victim WHERE name = 'Alex Example'"


@get("/api/v1/test-only/boom", guards=[])
async def boom() -> None:
    """Fails the way a careless bug would: its message quotes SQL and a victim's details."""
    raise RuntimeError(f"{SECRET_SQL} failed for 12 Sample Road, E1 6AN")


@get("/api/v1/test-only/bad-sql", guards=[])
async def bad_sql() -> None:
    """A real database error whose text holds the statement and a victim's name."""
    await DB.run_querystring(
        QueryString("SELECT no_such_column FROM victim WHERE name = {}", VICTIM["name"])
    )


@pytest.fixture
def failing_client(world: World) -> Iterator[TestClient[Any]]:
    app = create_app(today=lambda: TODAY, pool=False)
    app.register(boom)
    app.register(bad_sql)
    with TestClient(app=app) as client:
        client.headers.update(world.headers("vlo"))
        yield client


@pytest.mark.parametrize("url", ["/api/v1/test-only/boom", "/api/v1/test-only/bad-sql"])
def test_a_server_error_shows_no_trace_no_sql_and_logs_no_details(
    failing_client: TestClient[Any], caplog: pytest.LogCaptureFixture, url: str
) -> None:
    caplog.set_level(logging.DEBUG)
    response = failing_client.get(url)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert set(response.json()) == {"type", "status", "title", "detail"}
    _assert_security_headers(response)
    for leak in ("Traceback", "SELECT", "victim", "no_such_column", "File ", *VICTIM_DETAILS):
        assert leak not in response.text, leak
    logged = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert "unhandled" in logged and "Error" in logged
    for leak in ("SELECT", "no_such_column", *VICTIM_DETAILS):
        assert leak not in logged, leak


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [r.event for r in caplog.records if r.name == "vcs.access"]  # type: ignore[attr-defined]


def test_logs_of_a_referral_and_case_read_hold_no_victim_details(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    case_id = world.refer()["cases"][0]["id"]
    assert world.get("vlo", f"/api/v1/cases/{case_id}").status_code == 200
    assert world.get("vlo", "/api/v1/cases", params={"assigned_to": "vlo"}).status_code == 200
    bad = referral_payload(victims=[{**VICTIM, "address": {**VICTIM["address"], "postcode": "??"}}])
    assert world.post("wcu", "/api/v1/referrals", bad).status_code == 400
    server_side = [r for r in caplog.records if r.name != "httpx"]  # httpx is the test client
    text = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in server_side)
    for detail in VICTIM_DETAILS:
        assert detail not in text, detail
    lines = _access_lines(caplog)
    assert {"method": "GET", "route": "/api/v1/cases/{case_id}", "status": 200} in [
        {k: line[k] for k in ("method", "route", "status")} for line in lines
    ]
    listing = next(line for line in lines if line["route"] == "/api/v1/cases")
    assert listing["user"] == "vlo" and listing["duration_ms"] >= 0
    assert "assigned_to" not in json.dumps(lines)
    assert set(listing) == {"event", "method", "route", "status", "duration_ms", "user"}


def test_one_access_line_per_request_even_when_refused(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    world.client.get("/api/v1/cases")
    world.client.get("/no/such/page?postcode=E1+6AN")
    lines = _access_lines(caplog)
    assert [(x["route"], x["status"], x["user"]) for x in lines] == [
        ("/api/v1/cases", 401, None),
        ("(no route)", 404, None),
    ]
    server_side = [r.getMessage() for r in caplog.records if r.name != "httpx"]
    assert server_side and "E1" not in str(server_side)
