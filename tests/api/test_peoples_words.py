"""People's words on every page: signed in as each role, every page the role may open (with a
case that has been worked: a letter, requests decided, a MAPPA meeting with views, a key stage)
shows no stored code and no ISO date, and neither do the PDFs those pages link to."""

from __future__ import annotations

import re
from typing import Any

from tests.api.route_table import (
    MAKERS,
    USER_OF,
    Records,
    _forwarded_request,
    _opted_in,
    _zone_request,
    app_routes,
    mint_tokens,
    region,
)
from tests.api.test_pages import signed_in
from tests.fixtures import World
from tests.peoples_words import assert_peoples_words, internal_words, pdf_text, visible_text

# Files that are not read as words: map tiles and images, spreadsheets, uploads.
NOT_WORDS = (".csv", ".png", ".svg", "/map/file", "/map-tiles/", "/map-grid", "/batches/")
# The worked case was allocated to vlo2, then to vlo: "vlo2" alone is the account's username,
# shown where its display name ("vlo2 user") belongs, anywhere but the administrator's Users page.
USERNAME = re.compile(r"\bvlo2\b(?! user)")


def _worked_case(world: World) -> Records:
    """A London case with a letter, a decided request and one forwarded, a zone drawn, a MAPPA
    meeting with the victim's views and a parole hearing on the way."""
    records = region(world, "")
    mint_tokens(world)
    _opted_in(records)
    case = f"/api/v1/cases/{records.case_id}"
    calls: list[tuple[str, str, dict[str, Any]]] = [
        (
            "vlo",
            f"{case}/contacts",
            {"on": "2026-01-09", "method": "phone", "outcome": "made_contact"},
        ),
        (
            "vlo",
            f"{case}/vps",
            {"step": "invited", "on": "2026-01-12", "hearing_date": "2026-04-20"},
        ),
    ]
    for user, url, body in calls:
        assert world.post(user, url, body).status_code < 300, url
    for vlo in ("vlo2", "vlo"):
        allocated = world.post("manager", f"{case}/allocation", {"vlo": vlo})
        assert allocated.status_code == 201, allocated.text
    records.ids["letter_id"] = world.post(
        "vlo", f"{case}/letters", {"template": "initial_offer"}
    ).json()["id"]
    decided = _forwarded_request(records)
    varied = {
        "outcome": "granted_varied",
        "on": "2026-01-12",
        "final_wording": "Not to contact",
        "reason": "Wider wording",
    }
    answer = world.post("vlo", f"/api/v1/condition-requests/{decided}/decision", varied)
    assert answer.status_code < 300, answer.text[:600]
    records.ids["request_id"] = _zone_request(records)
    meeting = {"offender_id": records.ids["offender_id"], "level": 2, "on": "2026-02-02"}
    records.ids["meeting_id"] = world.post("om", "/api/v1/mappa-meetings", meeting).json()["id"]
    views = {"case_id": records.case_id, "views": "No contact at all.", "concerns": "Being seen"}
    world.post("vlo", f"/api/v1/mappa-meetings/{records.ids['meeting_id']}/victim-views", views)
    offender = f"/api/v1/offenders/{records.ids['offender_id']}"
    world.post("vlo", f"{offender}/key-stages", {"kind": "release", "on": "2026-01-12"})
    return records


def test_no_page_shows_a_stored_code_or_an_iso_date(world: World) -> None:
    records = _worked_case(world)
    pages = [r for r in app_routes(world.client.app) if r.is_page and r.method == "GET"]
    found: dict[str, list[str]] = {}
    read = 0
    for role in sorted({role for r in pages for role in r.allowed_roles}):
        person = signed_in(world, USER_OF[role])
        for route in pages:
            if role not in route.allowed_roles or any(part in route.path for part in NOT_WORDS):
                continue
            url = route.path
            for param in route.params:
                # A record no maker makes (a kept form's random key) is asked for as unknown;
                # the "Page not found" answer is read by the bad-address test below.
                known = param in MAKERS or param in records.ids
                url = url.replace(f"{{{param}}}", str(records.id_for(param)) if known else "0")
            response = person.get(url)
            if response.status_code >= 300:
                continue  # a step that does not apply to this case (its own tests cover it)
            read += 1
            pdf = response.headers.get("content-type", "").startswith("application/pdf")
            text = pdf_text(response.content) if pdf else visible_text(response.text)
            # The Users page is where an administrator manages accounts by their usernames.
            accounts = [] if url.startswith("/admin/users") else USERNAME.findall(text)
            if words := internal_words(text) + accounts:
                found[f"{USER_OF[role]} {url}"] = words
    assert read > 30, f"only {read} pages were read"
    assert not found, "\n".join(f"{page}: {words}" for page, words in found.items())


def test_a_bad_query_is_answered_in_peoples_words(world: World) -> None:
    person = signed_in(world, "vlo")
    for url in ("/cases?deadline=today", "/cases?state=lost", "/cases/abc", "/no-such-page"):
        response = person.get(url)
        assert_peoples_words(visible_text(response.text), url)
        assert "Invalid enum" not in response.text and "today'" not in response.text


def test_the_scan_finds_a_code_put_back_on_a_page() -> None:
    page = "<main><p>Parole hearing</p><script>var a_b = 1;</script></main>"
    assert internal_words(visible_text(page)) == []
    assert internal_words(visible_text(page.replace("Parole hearing", "parole_hearing"))) == [
        "parole_hearing"
    ]
    assert internal_words("Due 2026-12-06") == ["2026-12-06"]
