"""Journeys through the choices and allocation pages in a real browser: a VLO adds a nominated
contact and changes how the victim wants to hear from us; a VLU manager allocates a new case
and finds it on the caseload. Every page is checked by axe-core and photographed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Checked
from tests.browser.test_journeys import api_referral, sign_in


def find_on_caseload(page: Page, url: str, victim: str) -> None:
    """Page through a caseload listing until the victim's row shows."""
    page.goto(url)
    for _ in range(10):
        if page.get_by_role("link", name=victim, exact=True).count():
            return
        page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("link", name=victim, exact=True)).to_be_visible()


def test_a_vlo_adds_a_nominated_contact_and_changes_preferences(
    checked: Checked, server: str
) -> None:
    made = api_referral(server, "Lee Choicetest", "Rowan Example", days_ago=3)
    case_id = made["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    nominee = page.locator("main")
    expect(nominee).to_contain_text("None: information goes to the victim")

    page.get_by_role("link", name="Add nominated contact").click()
    expect(page).to_have_url(f"/cases/{case_id}/nominated-contact")
    expect(page.get_by_role("heading", name="Add a nominated contact")).to_be_visible()
    checked.check("choices-nominee")

    page.get_by_role("button", name="Save nominated contact").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the nominated contact's full name")
    expect(summary).to_be_focused()
    checked.check("choices-nominee-errors")
    summary.get_by_role("link", name="Enter the nominated contact's full name").click()
    expect(page.locator("#name")).to_be_focused()

    page.get_by_label("Full name").fill("Jamie Example")
    page.get_by_label("Relationship to the victim").fill("Brother")
    page.get_by_label("Address line 1", exact=True).fill("9 Sample Gardens")
    page.get_by_label("Town or city").fill("London")
    page.get_by_label("Postcode").fill("E3 4AA")
    page.get_by_label("Phone number (optional)").fill("07700 900333")
    page.get_by_role("button", name="Save nominated contact").click()

    expect(page).to_have_url(f"/cases/{case_id}?done=nominee-saved")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The nominated contact is saved"
    )
    card = page.locator(".govuk-summary-card")
    expect(card).to_contain_text("Jamie Example")
    expect(card).to_contain_text("9 Sample Gardens, London, E3 4AA")
    checked.check("choices-case-nominee-saved")

    card.get_by_role("link", name="Remove nominated contact").click()
    expect(page.get_by_role("heading", name="Remove the nominated contact")).to_be_visible()
    checked.check("choices-remove-nominee")
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Jamie Example")

    page.get_by_role("link", name="Change how to contact").click()
    expect(page.get_by_role("heading", name="How the victim wants to hear from us")).to_be_visible()
    expect(page.get_by_label("Post", exact=True)).to_be_checked()
    checked.check("choices-preferences")
    page.get_by_label("Post", exact=True).uncheck()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select how the victim wants to be contacted"
    )
    checked.check("choices-preferences-errors")

    page.get_by_label("Post", exact=True).check()
    page.get_by_label("Welsh (Cymraeg)").check()
    page.get_by_label("Large print").check()
    page.get_by_role("button", name="Save preferences").click()

    expect(page).to_have_url(f"/cases/{case_id}?done=preferences-saved")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "How the victim wants to hear from us is saved"
    )
    participation = page.locator(".govuk-summary-list", has_text="Letters in")
    expect(participation).to_contain_text("Welsh")
    expect(participation).to_contain_text("Post")
    expect(participation).to_contain_text("Large print")
    checked.check("choices-case-preferences-saved")


def test_a_manager_allocates_a_new_case_and_sees_it_on_the_caseload(
    checked: Checked, server: str
) -> None:
    made = api_referral(server, "Drew Allocatetest", "Quinn Example", days_ago=1)
    case_id = made["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "manager.lon")
    find_on_caseload(page, "/cases", "Quinn Example")
    page.get_by_role("link", name=f"Allocate case {case_id}, Quinn Example").click()

    expect(page).to_have_url(f"/cases/{case_id}/allocation?back=caseload")
    expect(page.get_by_role("heading", name="Allocate the case")).to_be_visible()
    checked.check("allocation")
    page.get_by_role("button", name="Allocate case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a Victim Liaison Officer")
    checked.check("allocation-errors")

    page.get_by_label("Tom Sample").check()
    page.get_by_role("button", name="Allocate case").click()
    expect(page).to_have_url("/cases?assigned_to=-&done=allocated")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The case is allocated")
    expect(page.get_by_role("link", name="Quinn Example")).to_have_count(0)
    checked.check("allocation-queue")

    page.goto(f"/cases/{case_id}")
    expect(page.locator(".govuk-summary-list", has_text="Allocated to")).to_contain_text(
        "Tom Sample"
    )
    expect(page.get_by_role("link", name="Reallocate the case")).to_be_visible()
    checked.check("allocation-done")

    find_on_caseload(page, "/cases?assigned_to=vlo.lon2", "Quinn Example")
    row = page.locator("tr", has_text="Quinn Example")
    expect(row).to_contain_text("Tom Sample")
    expect(
        row.get_by_role("link", name=f"Reallocate case {case_id}, Quinn Example")
    ).to_be_visible()
    checked.check("allocation-caseload")
