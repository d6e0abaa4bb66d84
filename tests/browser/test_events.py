"""Events from HMPPS in a real browser (issue 19): a release for a prison number we do not hold
waits in the review queue, where the London VLU manager matches it to an offender of the unit;
a message that cannot be handled is parked, and the administrator plays it again. Every page is
checked by axe-core and photographed. Every person here is invented."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, ROOT, Checked
from tests.sqs import event

ACCOUNT = ("events.push", "Ember-quarry-violet-73-lantern")
ADMIN = ("admin.events", "Granite-willow-orbit-41-harbour")


def _vcs(*args: str, password: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        env={**os.environ, "VCS_NEW_USER_PASSWORD": password},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 or "is taken" in done.stderr, done.stdout + done.stderr


def _push(server: str, body: dict[str, Any]) -> dict[str, Any]:
    """What another HMPPS system does: a token for its service account, then the event."""
    username, password = ACCOUNT
    token = httpx.post(
        f"{server}/api/v1/auth/token", json={"username": username, "password": password}
    ).json()["access_token"]
    response = httpx.post(
        f"{server}/api/v1/events", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 202, response.text
    return dict(response.json())


def _sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_manager_matches_an_event_for_an_unknown_prison_number_to_an_offender(
    checked: Checked, server: str
) -> None:
    _vcs("user", "add", ACCOUNT[0], "--role", "integration", password=ACCOUNT[1])
    assert _push(server, event(noms="Z9876ZZ"))["status"] == "unmatched"

    page = checked.page
    _sign_in(page, "manager.lon", DEMO_PASSWORD)
    page.goto("/deadlines")  # the manager's home says when events wait for review
    expect(page.locator("#events-waiting")).to_contain_text("1 event from prison and probation")
    page.get_by_role("link", name="review it").click()
    expect(page.get_by_role("heading", name="Events to review")).to_be_visible()
    card = page.locator(".govuk-summary-card", has_text="Z9876ZZ")
    expect(card).to_contain_text("Released from custody")
    expect(card).to_contain_text("12 January 2026")
    checked.check("events-review")

    # Matching with no offender chosen says what to do, on the field.
    card.get_by_role("button", name="Match").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the offender")
    checked.check("events-review-error")

    card = page.locator(".govuk-summary-card", has_text="Z9876ZZ")
    select = card.get_by_label("Offender this event is about")
    chosen = select.locator("option").nth(1)
    select.select_option(value=chosen.get_attribute("value"))
    card.get_by_role("button", name="Match").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("matched to the offender")
    expect(page.locator(".govuk-summary-card", has_text="Z9876ZZ")).to_have_count(0)
    checked.check("events-review-matched")


def test_an_administrator_sees_a_parked_message_and_plays_it_again(
    checked: Checked, server: str
) -> None:
    _vcs("user", "add", ACCOUNT[0], "--role", "integration", password=ACCOUNT[1])
    _vcs("user", "add", ADMIN[0], "--role", "admin", "--name", "Ada Events", password=ADMIN[1])
    assert _push(server, event(noms="NOT-A-NUMBER"))["status"] == "parked"

    page = checked.page
    _sign_in(page, *ADMIN)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Parked events").click()
    expect(page.get_by_role("heading", name="Parked events")).to_be_visible()
    row = page.locator("tr", has_text="prison number")
    expect(row.first).to_contain_text("not in the form A1234BC")
    checked.check("events-parked")
    row.first.get_by_role("button", name="Play again").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("still parked")
    checked.check("events-parked-replayed")
