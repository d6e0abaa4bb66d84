"""A VLO's casework in a real browser, end to end: record a contact attempt (the first-contact
clock turns "Met"), the victim's choice, close and reopen the case, and record the victim's
death. Every page is checked by axe-core and photographed."""

from __future__ import annotations

from playwright.sync_api import expect

from api.web.clock import london_today
from tests.browser.conftest import Checked
from tests.browser.test_journeys import api_referral, fill_date, sign_in


def test_a_vlo_records_contact_and_the_first_contact_clock_is_met(
    server: str, checked: Checked
) -> None:
    referral = api_referral(server, "Morgan Caseworkone", "Robin Caseworkexample", days_ago=3)
    case_id = referral["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    first_contact = page.locator("tr", has_text="First contact")
    expect(first_contact).not_to_contain_text("Met")
    expect(page.get_by_role("heading", name="Contact attempts")).to_be_visible()
    checked.check("casework-case")

    page.get_by_role("button", name="Record a contact attempt").click()
    expect(page.get_by_role("heading", name="Record a contact attempt")).to_be_visible()
    checked.check("casework-contact")

    page.get_by_role("button", name="Save contact attempt").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the attempt")
    expect(summary).to_contain_text("Select how you tried to contact the victim")
    checked.check("casework-contact-errors")
    summary.get_by_role("link", name="Select what happened").click()
    expect(page.locator("#outcome")).to_be_focused()

    fill_date(page, "on", london_today())
    page.get_by_label("Phone call", exact=True).check()
    page.get_by_label("Spoke to or met the victim").check()
    page.get_by_label("Notes (optional)").fill("Talked through the scheme")
    page.get_by_role("button", name="Save contact attempt").click()

    expect(page).to_have_url(f"/cases/{case_id}?done=contact")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The contact attempt is recorded."
    )
    expect(first_contact).to_contain_text("Met")
    expect(page.locator("#casework")).to_contain_text("Talked through the scheme")
    checked.check("casework-contact-recorded")


def test_a_vlo_records_the_victims_choice_then_closes_and_reopens_the_case(
    server: str, checked: Checked
) -> None:
    referral = api_referral(server, "Morgan Caseworktwo", "Sam Caseworkexample", days_ago=5)
    case_id = referral["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")

    page.get_by_role("button", name="Record the victim's choice").click()
    expect(page.get_by_role("heading", name="Record the victim's choice")).to_be_visible()
    checked.check("casework-participation")
    page.get_by_label("Opt in", exact=False).check()
    page.get_by_label("An annual letter").check()
    fill_date(page, "on", london_today())
    page.get_by_role("button", name="Save the victim's choice").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The victim's choice is recorded."
    )
    expect(page.locator("#casework")).to_contain_text("An annual letter")

    page.get_by_role("link", name="Close or transfer this case").click()
    expect(page.get_by_role("heading", name="Close this case")).to_be_visible()
    checked.check("casework-close")
    page.get_by_label("The victim asked to leave the scheme").check()
    fill_date(page, "on", london_today())
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The case is closed.")
    expect(page.get_by_role("button", name="Record a contact attempt")).to_have_count(0)
    checked.check("casework-closed")

    page.get_by_role("button", name="Reopen this case").click()
    expect(page.get_by_role("heading", name="Reopen this case")).to_be_visible()
    checked.check("casework-reopen")
    page.get_by_label("Why is the case reopening?").fill("The victim asked to rejoin")
    fill_date(page, "on", london_today())
    page.get_by_role("button", name="Reopen the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The case is reopened.")
    expect(page.get_by_role("button", name="Record a contact attempt")).to_be_visible()


def test_a_vlo_records_that_the_victim_has_died(server: str, checked: Checked) -> None:
    referral = api_referral(server, "Morgan Caseworkthree", "Kit Caseworkexample", days_ago=4)
    case_id = referral["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    page.get_by_role("link", name="Record that the victim has died").click()
    expect(page.get_by_role("heading", name="Record that the victim has died")).to_be_visible()
    checked.check("casework-victim-death")
    fill_date(page, "on", london_today())
    page.get_by_role("button", name="Record the death").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The victim's death is recorded."
    )
    expect(page.get_by_role("link", name="Record that the victim has died")).to_have_count(0)
