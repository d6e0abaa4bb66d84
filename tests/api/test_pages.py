"""The pages for people, through the test client (no JavaScript): signing in and out with a
session cookie, CSRF on every form, role guards, the caseload, a case and the manager's
deadline dashboard. The Witness Care and offender manager pages have their own files."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from tests.fixtures import PASSWORD, World, referral_payload, run
from vcs.access.tables import AuditEntry


class Pages:
    """A person using the pages: a cookie jar, the CSRF token added to every form."""

    def __init__(self, world: World) -> None:
        self.client = world.client

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, follow_redirects=False, **kw)

    def post(self, url: str, data: dict[str, str] | None = None, **kw: Any) -> Any:
        if "vcs_csrf" not in self.client.cookies:
            self.get("/sign-in")
        form = {"_csrf_token": self.client.cookies["vcs_csrf"], **(data or {})}
        return self.client.post(url, data=form, follow_redirects=False, **kw)

    def sign_in(self, user: str) -> Pages:
        response = self.post("/sign-in", {"username": user.replace("_", "."), "password": PASSWORD})
        assert response.status_code == 303, response.text
        return self


def signed_in(world: World, user: str) -> Pages:
    return Pages(world).sign_in(user)


def error_summary(page: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the GOV.UK error summary."""
    summary = page.split('govuk-error-summary__list"', 1)[1].split("</ul>", 1)[0]
    return [
        (href, unescape(re.sub(r"\s+", " ", text).strip()))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', summary, re.S)
    ]


def ids_in(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


# Signing in and out


def test_start_page_is_public_and_says_what_the_service_is(world: World) -> None:
    response = Pages(world).get("/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert "Victim Contact Scheme tracker" in response.text
    assert 'href="/sign-in"' in response.text
    assert 'lang="en"' in response.text and "govuk-template" in response.text


@pytest.mark.parametrize(("user", "home"), [("vlo", "/my-work"), ("om", "/offenders")])
def test_the_start_page_sends_a_signed_in_person_to_their_own_page(
    world: World, user: str, home: str
) -> None:
    response = signed_in(world, user).get("/")
    assert response.status_code == 303 and response.headers["location"] == home
    assert "You are signed in" in signed_in(world, "admin").get("/").text


def test_assets_are_served_without_the_gds_transport_font(world: World) -> None:
    pages = Pages(world)
    css = pages.get("/assets/stylesheets/application.css")
    assert css.status_code == 200 and "govuk-" in css.text
    assert "GDS Transport" not in css.text and "/assets/fonts/" not in css.text
    assert "arial" in css.text.lower()
    for script in ("govuk-frontend.min.js", "htmx.min.js", "application.mjs"):
        assert pages.get(f"/assets/javascripts/{script}").status_code == 200
    assert pages.get("/assets/fonts/bold-b542beb274-v2.woff2").status_code == 404


@pytest.mark.parametrize(
    "url", ["/cases", "/cases/1", "/deadlines", "/referrals", "/referrals/new", "/offenders"]
)
def test_a_page_asks_a_stranger_to_sign_in_first(world: World, url: str) -> None:
    response = Pages(world).get(url)
    assert response.status_code == 303
    assert response.headers["location"] == f"/sign-in?next={url.replace('/', '%2F')}"


@pytest.mark.parametrize(
    ("user", "home"),
    [("vlo", "/my-work"), ("manager", "/my-work"), ("wcu", "/referrals"), ("om", "/offenders")],
)
def test_signing_in_sets_an_httponly_lax_cookie_and_goes_home(
    world: World, user: str, home: str
) -> None:
    pages = Pages(world)
    response = pages.post("/sign-in", {"username": user, "password": PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == home
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("vcs_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert pages.get(home).status_code == 200


def test_the_session_cookie_is_secure_over_https(world: World) -> None:
    pages = Pages(world)
    response = pages.post(
        "/sign-in",
        {"username": "vlo", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 303
    assert "secure" in response.headers["set-cookie"].lower()


def test_signing_in_returns_to_the_page_asked_for_but_never_off_site(world: World) -> None:
    pages = Pages(world)
    back = pages.post("/sign-in", {"username": "vlo", "password": PASSWORD, "next": "/cases?x=1"})
    assert back.headers["location"] == "/cases?x=1"
    for target in ("//evil.example", "https://evil.example/", "/\\evil.example"):
        away = pages.post("/sign-in", {"username": "vlo", "password": PASSWORD, "next": target})
        assert away.headers["location"] == "/my-work", target


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"username": "", "password": ""}, ["Enter your username", "Enter your password"]),
        ({"username": "vlo", "password": "wrong-password-1"}, ["not right"]),
        ({"username": "nobody", "password": PASSWORD}, ["not right"]),
        ({"username": "vlo\x00", "password": PASSWORD}, ["not right"]),
        ({"username": "vlo", "password": "x" * 300}, ["not right"]),
    ],
)
def test_sign_in_problems_are_shown_in_an_error_summary(
    world: World, form: dict[str, str], expected: list[str]
) -> None:
    response = Pages(world).post("/sign-in", form)
    assert response.status_code == 400
    summary = error_summary(response.text)
    assert len(summary) == len(expected)
    for (href, text), words in zip(summary, expected, strict=True):
        assert words in text and href.lstrip("#") in ids_in(response.text)
    assert "<title>Error: " in response.text
    assert "set-cookie" not in response.headers or "vcs_session" not in response.headers.get(
        "set-cookie", ""
    )


def test_a_form_without_its_csrf_token_is_refused(world: World) -> None:
    pages = Pages(world)
    pages.get("/sign-in")
    for token in (None, "not-the-token", "0" * 128):
        form = {"username": "vlo", "password": PASSWORD}
        if token is not None:
            form["_csrf_token"] = token
        response = world.client.post("/sign-in", data=form, follow_redirects=False)
        assert response.status_code == 403
        assert "govuk-heading-l" in response.text and "vcs_session" not in str(response.cookies)


def test_the_api_needs_no_csrf_token(world: World) -> None:
    assert world.post("wcu", "/api/v1/referrals", referral_payload()).status_code == 201


def test_signing_out_revokes_the_session(world: World) -> None:
    pages = signed_in(world, "vlo")
    token = world.client.cookies["vcs_session"]
    response = pages.post("/sign-out")
    assert response.status_code == 303 and response.headers["location"] == "/signed-out"
    assert "vcs_session=" in response.headers["set-cookie"]
    assert pages.get("/signed-out").status_code == 200
    world.client.cookies.set("vcs_session", token)
    assert pages.get("/cases").status_code == 303


def test_a_forged_session_cookie_is_a_stranger(world: World) -> None:
    world.client.cookies.set("vcs_session", "eyJhbGciOiJub25lIn0.e30.")
    assert Pages(world).get("/cases").status_code == 303


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("wcu", "/cases"),
        ("om", "/cases"),
        ("admin", "/cases"),
        ("vlo", "/deadlines"),
        ("wcu", "/deadlines"),
        ("vlo", "/referrals"),
        ("vlo", "/referrals/new"),
        ("manager", "/referrals/new"),
    ],
)
def test_pages_are_guarded_by_role(world: World, user: str, url: str) -> None:
    response = signed_in(world, user).get(url)
    assert response.status_code == 403
    assert "You do not have permission to view this page" in response.text


def test_pages_are_not_in_the_api_document(world: World) -> None:
    paths = world.client.get("/schema/openapi.json").json()["paths"]
    assert not any(p in paths for p in ("/", "/sign-in", "/cases", "/referrals/new"))


# The caseload and a case


def test_the_caseload_lists_the_unit_cases_with_deadline_tags(world: World) -> None:
    world.refer()
    world.refer(
        offender={"name": "Jo Testperson", "date_of_birth": "1975-01-01"},
        victims=[{"name": "Sam Example", "relationship": "direct"}],
        received_on="2025-12-01",
        sentence={**referral_payload()["sentence"], "date": "2025-11-28"},
    )
    world.refer(
        "wcu_other",
        unit_code="VLU-WAL",
        victims=[{"name": "Other Example", "relationship": "direct"}],
    )
    html = signed_in(world, "vlo").get("/cases?assigned_to=").text
    assert "Alex Example" in html and "Sam Example" in html and "Other Example" not in html
    assert "govuk-tag--red" in html and "Overdue" in html
    assert html.index("Sam Example") < html.index("Alex Example")  # most urgent first
    assert "12 Sample Road" not in html and "07700 900123" not in html  # no contact details
    assert 'value="vlo"' in html and 'value="vlo2"' in html and 'value="vlo.other"' not in html


def test_the_caseload_filters_by_deadline_state_and_officer(world: World) -> None:
    world.refer()
    pages = signed_in(world, "vlo")
    assert "Alex Example" not in pages.get("/cases?deadline=overdue").text
    assert "Alex Example" in pages.get("/cases?deadline=&assigned_to=&state=open").text
    assert "Alex Example" not in pages.get("/cases?assigned_to=vlo2").text
    assert "Alex Example" not in pages.get("/cases?state=closed").text
    assert "Alex Example" in pages.get("/cases?state=all&assigned_to=").text


@pytest.mark.parametrize(
    "query",
    ["state=maybe", "deadline=late", "assigned_to=%00", "limit=0", "limit=abc", "offset=-1"],
)
def test_a_bad_filter_is_a_400_page_naming_it(world: World, query: str) -> None:
    response = signed_in(world, "vlo").get(f"/cases?{query}")
    assert response.status_code == 400
    field = query.split("=")[0]
    assert field.replace("_", " ") in response.text.lower() and "<html" in response.text
    assert field not in response.text or "_" not in field  # named in words, not as a code


def test_the_caseload_pages_through_many_cases(world: World) -> None:
    victims = [{"name": f"Victim {n} Example", "relationship": "direct"} for n in range(4)]
    world.refer(victims=victims)
    pages = signed_in(world, "vlo")
    first = pages.get("/cases?limit=3&assigned_to=").text
    assert "govuk-pagination" in first and "offset=3" in first
    second = pages.get("/cases?limit=3&offset=3&assigned_to=").text
    assert second.count('href="/cases/') == 1


def test_the_case_page_shows_the_case_and_audits_the_read(world: World) -> None:
    case_id = world.refer()["cases"][0]["id"]
    response = signed_in(world, "vlo").get(f"/cases/{case_id}")
    assert response.status_code == 200
    html = response.text
    for words in (
        "Alex Example",
        "12 Sample Road",
        "Morgan Testperson",
        "Snaresbrook Crown Court",
        "Statutory",
        "First contact",
        "2 February 2026",
        "Referred",
    ):
        assert words in html, words
    reads = run(AuditEntry.select().where(AuditEntry.action == "read_victim_details"))
    assert [(r["actor"], r["record_type"]) for r in reads] == [("vlo", "victim")]


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("vlo_other", "/cases/{id}", 403),
        ("vlo", "/cases/999999", 404),
        ("vlo", "/cases/2147483648", 400),
        ("vlo", "/cases/0", 400),
    ],
)
def test_a_case_outside_reach_is_an_error_page(
    world: World, user: str, url: str, status: int
) -> None:
    case_id = world.refer()["cases"][0]["id"]
    response = signed_in(world, user).get(url.format(id=case_id))
    assert response.status_code == status
    assert "<html" in response.text and "Alex Example" not in response.text


def test_the_manager_dashboard_counts_and_lists_open_clocks(world: World) -> None:
    world.refer()
    world.refer(
        offender={"name": "Jo Testperson", "date_of_birth": "1975-01-01"},
        victims=[{"name": "Sam Example", "relationship": "direct"}],
        received_on="2025-12-01",
        sentence={**referral_payload()["sentence"], "date": "2025-11-28"},
    )
    pages = signed_in(world, "manager")
    html = pages.get("/deadlines").text
    assert "Sam Example" in html and "Alex Example" in html and "govuk-tag--red" in html
    overdue = pages.get("/deadlines?state=overdue").text
    assert "Sam Example" in overdue and "Alex Example" not in overdue
    assert pages.get("/deadlines?state=nope").status_code == 400
