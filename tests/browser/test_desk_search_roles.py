"""Search from the header for a Witness Care officer (their unit's referrals) and an offender
manager (their own offenders by name, never a victim's)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Checked
from tests.browser.test_journeys import api_referral, name_offender_manager, sign_in


def test_a_witness_care_officer_finds_a_referral_and_an_offender_manager_an_offender(
    checked: Checked, server: str
) -> None:
    made = api_referral(server, "Quinn Searchwell", "Bethan Ellis-Hughes", days_ago=2)
    case_id = made["cases"][0]["id"]
    page = checked.page

    sign_in(checked, "wcu.met")
    page.get_by_label("Search your referrals by victim, offender or referral number").fill(
        "Bethan Elis Hughes"
    )
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?q=**")
    expect(page.locator("main table")).to_contain_text("Quinn Searchwell")
    checked.check("wcu-search-results")
    page.get_by_role("link", name=f"Referral {made['id']}: Bethan Ellis-Hughes").click()
    expect(page).to_have_url(f"/referrals/{made['id']}")
    page.get_by_role("button", name="Sign out").click()

    offender_id = name_offender_manager(server, case_id)
    sign_in(checked, "om.lon")
    box = page.get_by_label("Search your offenders by name or CRN")
    box.fill("Bethan Ellis-Hughes")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("0 offenders found")
    expect(page.locator("main")).not_to_contain_text("Bethan")
    checked.check("om-search-victim-name")
    page.get_by_label("Offender's name, CRN, prison number or PNC").fill("Quin Searchwel")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Quinn Searchwell").click()
    expect(page).to_have_url(f"/offenders/{offender_id}")
