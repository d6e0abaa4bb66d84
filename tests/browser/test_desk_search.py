"""A day at the desk: a VLO signs in to what is due today, finds a victim by a misspelt name
from the search box in the header, opens the case, and goes back to the caseload as filtered."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Checked
from tests.browser.test_journeys import api_referral, sign_in


def test_a_vlo_sees_todays_work_finds_a_misspelt_name_and_goes_back_to_the_filtered_list(
    checked: Checked, server: str
) -> None:
    made = api_referral(server, "Morgan Deskcheck", "Ceridwen Pryce-Hughes", days_ago=3)
    case_id = made["cases"][0]["id"]
    page = checked.page

    # The start page: today's work first.
    sign_in(checked, "vlo.lon1")
    expect(page).to_have_url("/my-work")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    today = page.locator("#due-today + table")
    expect(today).to_contain_text("Ring the victim back")
    expect(today.locator(".govuk-tag").first).to_have_text("Due today")
    checked.check("my-work")

    # The search box in the header, with the name misspelt and without its hyphen.
    page.get_by_label("Search for a victim, offender or case").fill("Ceridwen Price Hughes")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?q=**")
    results = page.locator("main table")
    expect(results).to_contain_text("Ceridwen Pryce-Hughes")
    expect(results).to_contain_text("Morgan Deskcheck")
    expect(results).to_contain_text("E2")
    checked.check("search-results")
    page.get_by_role("link", name="Ceridwen Pryce-Hughes").click()
    expect(page).to_have_url(f"/cases/{case_id}")
    expect(page.get_by_role("heading", name="Ceridwen Pryce-Hughes")).to_be_visible()
    checked.check("case-from-search")

    # The caseload opens on the VLO's own cases; widened to the unit, then a case and back.
    page.get_by_role("link", name="Caseload").click()
    expect(page.get_by_label("Allocated to")).to_have_value("vlo.lon1")
    page.get_by_label("Allocated to").select_option("")
    page.get_by_label("Case state").select_option("all")
    page.get_by_role("button", name="Filter cases").click()
    page.wait_for_url("**state=all**")
    checked.check("caseload-whole-unit")
    page.locator("#caseload tbody a.govuk-link").first.click()
    expect(page.locator(".app-timeline")).to_be_visible()
    page.get_by_role("link", name="Back to your cases").click()
    page.wait_for_url("**state=all**")
    expect(page.get_by_label("Allocated to")).to_have_value("")
    expect(page.get_by_label("Case state")).to_have_value("all")
    checked.check("caseload-after-back")
