"""Messages through GOV.UK Notify in a real browser, with Notify not configured (as in the
browser run): the case page says notifications are off, the approval page says nothing is
waiting, and the manager's Deadlines page has the (empty) queue of messages not delivered.
Every page is checked by axe-core and photographed. Every person here is invented."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Checked
from tests.browser.test_journeys import api_referral, sign_in, sign_out


def test_notifications_off_on_the_case_approval_and_manager_pages(
    checked: Checked, server: str
) -> None:
    made = api_referral(server, "Quinn Messagetest", "Sage Messageexample", days_ago=3)
    case_id = made["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    messages = page.locator("#messages")
    expect(messages).to_contain_text("Notifications are off")
    checked.check("case-messages-off")

    page.goto(f"/cases/{case_id}/messages/approve")
    expect(page.get_by_role("heading", name="Approve messages")).to_be_visible()
    expect(page.locator("main")).to_contain_text("no messages waiting for approval")
    checked.check("messages-approve-nothing-waiting")

    sign_out(checked)
    sign_in(checked, "manager.lon")
    page.goto("/deadlines")
    expect(page.locator("#failed-messages")).to_contain_text("Messages not delivered")
    checked.check("deadlines-messages-not-delivered")
