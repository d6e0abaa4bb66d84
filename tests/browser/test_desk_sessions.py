"""A session that never loses work, in a real browser: the timeout warning appears before the
session ends and "Stay signed in" extends it; a note typed when the session ends is kept while
the VLO signs in again, shown again and saved. Without JavaScript the page says when the session
ends. A page address nothing answers gets the "Page not found" page.

These journeys need a session of seconds, not an hour: they run their own server, on the same
fresh demo database, with short timeouts (`VCS_SESSION_IDLE_SECONDS`,
`VCS_SESSION_WARNING_SECONDS`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from api.web.clock import london_today
from tests.browser.conftest import DEMO_PASSWORD, ROOT, Checked, _free_port, _wait_until_up
from tests.browser.test_journeys import api_referral, fill_date

IDLE_SECONDS = 30
WARNING_SECONDS = 20
NOTE = "Her brother answered and will ask her to ring back on Monday"


@pytest.fixture(scope="module")
def short(server: str) -> Iterator[str]:
    """The service with sessions of IDLE_SECONDS, warned WARNING_SECONDS before they end
    (`server` has prepared the database)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    settings = {
        "VCS_SESSION_IDLE_SECONDS": str(IDLE_SECONDS),
        "VCS_SESSION_WARNING_SECONDS": str(WARNING_SECONDS),
    }
    log = ROOT / "test-artifacts" / "server-short-sessions.log"
    with log.open("w") as out:
        command = [sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", "127.0.0.1"]
        process = subprocess.Popen(
            [*command, "--port", str(port), "--log-level", "warning"],
            cwd=ROOT,
            env={**os.environ, **settings},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_the_warning_comes_before_the_session_ends_and_stay_signed_in_extends_it(
    short: str, checked: Checked
) -> None:
    page = checked.page
    sign_in(page, short, "vlo.lon1")
    page.goto(f"{short}/cases")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=(IDLE_SECONDS - WARNING_SECONDS + 5) * 1000)
    expect(dialog).to_contain_text("Your session will end in")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    checked.check("session-timeout-warning")

    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    left = page.evaluate("() => fetch('/session').then(r => r.json())")
    assert left["signed_in"] and left["seconds_left"] > IDLE_SECONDS - 5
    page.wait_for_timeout(3000)
    expect(dialog).to_be_hidden()  # extended: no warning again yet
    page.get_by_role("link", name="Caseload").click()
    expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)


def test_a_note_typed_when_the_session_ends_is_kept_and_saved_after_signing_in(
    short: str, checked: Checked
) -> None:
    referral = api_referral(short, "Morgan Sessionone", "Robin Sessionexample", days_ago=2)
    case_id = referral["cases"][0]["id"]
    page = checked.page
    sign_in(page, short, "vlo.lon1")
    page.goto(f"{short}/cases/{case_id}/contacts/new")
    fill_date(page, "on", london_today())
    page.get_by_label("Phone call", exact=True).check()
    page.get_by_label("Spoke to or met the victim").check()
    page.get_by_label("Notes (optional)").fill(NOTE)

    ended = page.get_by_role("dialog", name="You have been signed out")
    expect(ended).to_be_visible(timeout=(IDLE_SECONDS + 10) * 1000)
    expect(ended).to_contain_text("What you typed on this page is still here")
    checked.check("session-ended")
    ended.get_by_role("button", name="Close").click()
    expect(page.get_by_label("Notes (optional)")).to_have_value(NOTE)

    page.get_by_role("button", name="Save contact attempt").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text("We kept what you typed")
    assert "Monday" not in page.url  # the note is kept on the server, not in the address
    checked.check("session-sign-in-again")

    page.get_by_label("Username").fill("vlo.lon1")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Record a contact attempt")).to_be_visible()
    expect(page.get_by_label("Notes (optional)")).to_have_value(NOTE)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We kept what you typed")
    checked.check("session-form-kept")

    page.get_by_role("button", name="Save contact attempt").click()
    expect(page).to_have_url(f"{short}/cases/{case_id}?done=contact")
    expect(page.locator("#casework")).to_contain_text(NOTE)
    checked.check("session-note-saved")


def test_without_javascript_the_page_says_when_the_session_ends(
    short: str, browser: Browser
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, short, "vlo.lon1")
        page.goto(f"{short}/cases")
        expect(page.locator(".app-session-ends")).to_contain_text("You will be signed out at")
        expect(page.get_by_role("dialog")).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("address", ["/no-such-page", "/cases/abc"])
def test_an_unknown_page_address_gets_the_page_not_found_page(
    short: str, checked: Checked, address: str
) -> None:
    page = checked.page
    sign_in(page, short, "vlo.lon1")
    page.goto(f"{short}{address}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("If you typed the web address, check it is correct.")).to_be_visible()
    checked.check("page-not-found" + address.replace("/", "-"))
