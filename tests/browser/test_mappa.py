"""MAPPA in a real browser: the offender manager arranges a meeting about their offender, the
VLO records the opted-in victim's views for it from the case page, and the offender manager
reads them on the offender page and in the meeting pack, with no victim's contact details.
Every page is checked by axe-core and photographed. All people are invented."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from api.web.clock import london_today
from tests.browser.conftest import Checked
from tests.browser.test_journeys import (
    api,
    api_referral,
    fill_date,
    name_offender_manager,
    sign_in,
    sign_out,
)

VIEWS = "Quinn wants the offender kept away from the allotments where Quinn volunteers."
CONTACT_DETAILS = ("7 Example Street", "E2 7AA", "07700 900456")


def test_a_meeting_is_arranged_the_views_recorded_and_read_in_the_pack(
    checked: Checked, server: str
) -> None:
    made = api_referral(server, "Rowan Mappatest", "Quinn Example", days_ago=5)
    case_id = made["cases"][0]["id"]
    opted_in = {"status": "opted_in", "on": london_today().isoformat(), "level": "key_stages"}
    api(server, "POST", f"/api/v1/cases/{case_id}/participation", opted_in, "vlo.lon1")
    offender_id = name_offender_manager(server, case_id)
    page = checked.page
    main = page.locator("main")

    # The offender manager arranges a level 2 meeting in four weeks.
    sign_in(checked, "om.lon")
    page.goto(f"/offenders/{offender_id}")
    section = page.locator("#mappa-meetings")
    expect(section).to_contain_text("No MAPPA meeting has been arranged")
    section.get_by_role("button", name="Arrange the meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the level of the meeting")
    expect(summary).to_contain_text("Enter the date of the meeting")
    checked.check("mappa-arrange-errors")
    summary.get_by_role("link", name="Enter the date of the meeting").click()
    expect(page.locator("#on-day")).to_be_focused()
    on = london_today() + timedelta(days=28)
    page.get_by_label("Level 2: multi-agency meeting").check()
    fill_date(page, "on", on)
    page.get_by_role("button", name="Arrange the meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "A MAPPA level 2 meeting is arranged"
    )
    expect(page.locator("#mappa-meetings")).to_contain_text("0 of 1")
    checked.check("mappa-offender")
    sign_out(checked)

    # The VLO records the victim's views from the case page.
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    section = page.locator("#mappa-meetings")
    expect(section).to_contain_text("Awaited")
    checked.check("mappa-case")
    section.get_by_role("link", name="Record the victim's views").click()
    expect(
        page.get_by_role("heading", name="The victim's views for the MAPPA meeting")
    ).to_be_visible()
    checked.check("mappa-views")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the victim's views")
    checked.check("mappa-views-errors")
    page.get_by_label("The victim's views").fill(VIEWS)
    page.get_by_label("The victim's concerns (optional)").fill("Being followed home again.")
    page.get_by_label("The safety measures the victim wants (optional)").fill(
        "No contact, and an exclusion zone around the allotments."
    )
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name="Check the victim's views before sending them")
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text(VIEWS)
    checked.check("mappa-views-check")
    page.get_by_role("button", name="Change the victim's concerns").click()
    expect(page.get_by_label("The victim's concerns (optional)")).to_have_value(
        "Being followed home again."
    )
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Confirm and send").click()
    expect(page).to_have_url(f"/cases/{case_id}?done=views-sent")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "views are recorded for the MAPPA meeting"
    )
    expect(page.locator("#mappa-meetings")).to_contain_text("Sent")
    checked.check("mappa-case-views-sent")
    page.locator("#mappa-meetings").get_by_role("link", name="Meeting pack").click()
    expect(main).to_contain_text(VIEWS)
    checked.check("mappa-pack-vlo")
    sign_out(checked)

    # The offender manager reads the views, with no contact details, and opens the pack.
    sign_in(checked, "om.lon")
    page.goto(f"/offenders/{offender_id}")
    expect(page.locator("#mappa-meetings")).to_contain_text(VIEWS)
    expect(page.locator("#mappa-meetings")).to_contain_text("1 of 1")
    for detail in CONTACT_DETAILS:
        expect(main).not_to_contain_text(detail)
    page.locator("#mappa-meetings").get_by_role("link", name="Meeting pack").click()
    expect(page.get_by_role("heading", name="MAPPA meeting pack")).to_be_visible()
    expect(main).to_contain_text(VIEWS)
    expect(main).to_contain_text("Quinn Example")
    for detail in CONTACT_DETAILS:
        expect(main).not_to_contain_text(detail)
    checked.check("mappa-pack")
    pdf_link = page.get_by_role("button", name="Download the pack (PDF)")
    pdf = page.request.get(str(pdf_link.get_attribute("href")))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    sign_out(checked)
