"""The administrator's page of users in a real browser: an administrator opens Users from the
navigation, deactivates a VLO (whose open session ends at once and who can no longer sign in),
then reactivates them. Every page is checked by axe-core and photographed. Every person here is
invented."""

from __future__ import annotations

import os
import subprocess
import sys

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DEMO_PASSWORD, ROOT, Checked

ADMIN = "admin.journey"
ADMIN_PASSWORD = "Quartz-lantern-orbit-58-harbour"
VLO = ("vlo.lon2", "Tom Sample")


def _vcs(*args: str, password: str = "") -> None:
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


def _sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_an_administrator_deactivates_and_reactivates_a_vlo(
    checked: Checked, browser: Browser, server: str
) -> None:
    _vcs("user", "add", ADMIN, "--role", "admin", "--name", "Ada Admin", password=ADMIN_PASSWORD)
    username, name = VLO
    theirs = browser.new_context(base_url=server)  # the VLO's own browser, signed in
    vlo = theirs.new_page()
    try:
        _sign_in(vlo, username, DEMO_PASSWORD)
        expect(vlo.get_by_role("heading", name="Your work")).to_be_visible()

        page = checked.page
        _sign_in(page, ADMIN, ADMIN_PASSWORD)
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Users").click()
        expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
        row = page.locator("tr", has_text=username)
        expect(row).to_contain_text("Victim Liaison Officer")
        expect(row).to_contain_text("London Victim Liaison Unit")
        expect(row.locator(".govuk-tag")).to_have_text("Active")
        expect(page.locator("tr", has_text=ADMIN)).to_contain_text("This is you")
        checked.check("users")

        row.get_by_role("button", name=f"Deactivate {name}").click()
        banner = page.locator(".govuk-notification-banner--success")
        expect(banner).to_contain_text(f"{name} ({username}) is deactivated.")
        row = page.locator("tr", has_text=username)
        expect(row.locator(".govuk-tag")).to_have_text("Deactivated")
        checked.check("users-deactivated")

        vlo.reload()  # their session ended at once
        expect(vlo.get_by_role("heading", name="Sign in")).to_be_visible()
        _sign_in(vlo, username, DEMO_PASSWORD)
        expect(vlo.locator(".govuk-error-summary")).to_be_visible()

        row.get_by_role("button", name=f"Reactivate {name}").click()
        expect(banner).to_contain_text(f"{name} ({username}) is reactivated.")
        expect(page.locator("tr", has_text=username).locator(".govuk-tag")).to_have_text("Active")
        checked.check("users-reactivated")
        _sign_in(vlo, username, DEMO_PASSWORD)
        expect(vlo.get_by_role("heading", name="Your work")).to_be_visible()
    finally:
        theirs.close()
        _vcs("user", "reactivate", username)
