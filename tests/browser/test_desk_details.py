"""Changing people's details in a real browser: a VLO changes a victim's address with a reason
and sees it, and the history of the change, on the case; a Witness Care officer corrects a
victim's name on a referral before the victim liaison unit acts on it. Every page is checked by
axe-core and photographed."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Checked
from tests.browser.test_journeys import api_referral, sign_in, sign_out


def test_a_vlo_changes_a_victims_address_with_a_reason(checked: Checked, server: str) -> None:
    made = api_referral(server, "Lee Detailstest", "Robin Movinghouse", days_ago=3)
    case_id = made["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    page.get_by_role("link", name="Change the victim's details").click()
    expect(page).to_have_url(f"/cases/{case_id}/victim-details")
    expect(page.get_by_role("heading", name="Change the victim's details")).to_be_visible()
    expect(page.get_by_label("Address line 1", exact=True)).to_have_value("7 Example Street")
    checked.check("details-form")

    page.get_by_label("Address line 1", exact=True).fill("41 Harbour View")
    page.get_by_label("Town or city").fill("Cardiff")
    page.get_by_label("Postcode").fill("XX")
    page.get_by_role("button", name="Save the changes").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a real postcode, like E1 6AN")
    expect(summary).to_contain_text("Enter why the details are changing")
    checked.check("details-form-errors")
    summary.get_by_role("link", name="Enter why the details are changing").click()
    expect(page.locator("#reason")).to_be_focused()

    page.get_by_label("Postcode").fill("CF10 4PA")
    page.get_by_label("Why are the details changing?").fill("The victim phoned: moved to Cardiff")
    page.get_by_role("button", name="Save the changes").click()

    expect(page).to_have_url(f"/cases/{case_id}?done=details-changed")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The victim's details are changed."
    )
    main = page.locator("main")
    expect(main).to_contain_text("41 Harbour View, Cardiff, CF10 4PA")
    history = page.locator("#details-history + table")
    expect(history).to_contain_text("Address")
    expect(history).to_contain_text("The victim phoned: moved to Cardiff")
    expect(history).not_to_contain_text("Harbour")
    checked.check("details-changed-case")
    sign_out(checked)


def test_a_witness_care_officer_corrects_a_referral(checked: Checked, server: str) -> None:
    made = api_referral(server, "Kit Correctiontest", "Morgan Mispelt", days_ago=2)
    referral_id, case = made["id"], made["cases"][0]
    page = checked.page
    sign_in(checked, "wcu.met")
    page.goto(f"/referrals/{referral_id}")
    expect(page.locator("main")).to_contain_text(
        "until the victim liaison unit gives the case to a Victim Liaison Officer"
    )
    checked.check("referral-correctable")
    page.get_by_role("link", name="Correct Morgan Mispelt's details").click()
    expect(page.get_by_role("heading", name="Correct a victim's details")).to_be_visible()
    checked.check("referral-correct-form")

    page.get_by_role("button", name="Send the correction").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Fill in at least one detail to correct")
    expect(summary).to_contain_text("Enter what was wrong")
    checked.check("referral-correct-errors")

    page.get_by_label("Full name (optional)").fill("Morgan Misspelt")
    page.get_by_label("What was wrong?").fill("The surname was misspelt")
    page.get_by_role("button", name="Send the correction").click()
    expect(page).to_have_url(f"/referrals/{referral_id}?corrected=1")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The correction is sent")
    expect(page.locator("main")).to_contain_text("Morgan Misspelt")
    checked.check("referral-corrected")
    sign_out(checked)

    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case['id']}")
    expect(page.get_by_role("heading", name="Morgan Misspelt", exact=True)).to_be_visible()
    checked.check("referral-corrected-case")
