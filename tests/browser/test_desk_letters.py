"""A day at the desk in a real browser: a VLO writes a letter choosing it first, with the
release date the sentence record holds filled in; a VLU manager names the offender manager; the
day's print run lists its letters and "Mark all as sent" marks them; the demo's offender manager
finds an offender with a licence-condition request and a MAPPA meeting. Every page is checked by
axe-core and photographed. Every person here is invented."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from api.web.clock import london_today
from letters.dates import format_long_date
from letters.model import Language
from tests.browser.conftest import Checked
from tests.browser.test_journeys import api, api_referral, fill_date, sign_in


def _offender_of(server: str, case_id: int) -> int:
    return int(api(server, "GET", f"/api/v1/cases/{case_id}", None, "vlo.lon1")["offender"]["id"])


def test_a_vlo_records_the_release_date_and_writes_a_letter_choosing_it_first(
    checked: Checked, server: str
) -> None:
    case_id = api_referral(server, "Drew Desktest", "Kit Deskexample", days_ago=2)["cases"][0]["id"]
    release = london_today() + timedelta(days=200)
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    dates = page.locator("#key-dates")
    expect(dates).to_contain_text("Not recorded")
    dates.get_by_role("link", name="Change the release and licence dates").first.click()
    expect(page.get_by_role("heading", name="Release and licence dates")).to_be_visible()
    page.locator("#licence-expiry-month").fill("13")
    page.get_by_role("button", name="Save the dates").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must include a day")
    checked.check("desk-key-dates-errors")
    fill_date(page, "release-date", release)
    fill_date(page, "licence-expiry", release + timedelta(days=365))
    page.get_by_role("button", name="Save the dates").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("dates are saved")
    expect(page.locator("#key-dates")).to_contain_text(format_long_date(release, Language.EN))
    checked.check("desk-case-key-dates")

    page.locator("#letters").get_by_role("button", name="Draft a letter").click()
    expect(page.get_by_role("heading", name="Which letter do you want to draft?")).to_be_visible()
    page.get_by_label("Key stage: release").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Key stage: release")).to_be_visible()
    expect(page.locator("#fields-release-date-year")).to_have_value(str(release.year))
    expect(page.get_by_text("Date of the parole hearing")).to_have_count(0)
    checked.check("desk-letter-details")
    page.get_by_role("button", name="Draft the letter").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("drafted")
    checked.check("desk-letter-drafted")


def test_a_manager_names_the_offender_manager_on_a_page(checked: Checked, server: str) -> None:
    case_id = api_referral(server, "Remy Namingtest", "Jo Namingexample", days_ago=2)["cases"][0][
        "id"
    ]
    page = checked.page
    sign_in(checked, "manager.lon")
    page.goto(f"/cases/{case_id}")
    expect(page.locator("#key-dates")).to_contain_text("Not named yet")
    page.locator("#key-dates").get_by_role("link", name="Name the offender manager").click()
    expect(page.get_by_role("heading", name="Name the offender manager")).to_be_visible()
    page.get_by_role("button", name="Name the offender manager").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    checked.check("desk-offender-manager-errors")
    page.get_by_label("Alex Officer").check()
    page.get_by_role("button", name="Name the offender manager").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("The offender manager is named")
    expect(page.locator("#key-dates")).to_contain_text("Alex Officer")
    checked.check("desk-offender-manager-named")
    offender_id = _offender_of(server, case_id)
    mine = api(server, "GET", "/api/v1/offender-manager/offenders?limit=100", None, "om.lon")
    assert offender_id in [o["id"] for o in mine["items"]]


def test_the_print_run_lists_its_letters_and_marks_them_all_sent(
    checked: Checked, server: str
) -> None:
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto("/letters/print-run")
    page.get_by_role("link", name="Today's letters").click()
    expect(page.get_by_role("heading", name="Letters to print")).to_be_visible()
    table = page.locator("#run-letters")
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(page.locator("#run-count")).to_contain_text("not yet sent")
    checked.check("desk-print-run")
    page.get_by_role("button", name="Mark all as sent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you have printed")
    checked.check("desk-print-run-errors")
    page.get_by_label("Why first contact is late, if it is").fill(
        "The victim's address came late from the police"
    )
    page.get_by_label("I have printed and posted these").check()
    page.get_by_role("button", name="Mark all as sent").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("marked as sent")
    expect(page.get_by_role("button", name="Mark all as sent")).to_have_count(0)
    expect(table.locator("tbody")).not_to_contain_text("Not yet sent")
    checked.check("desk-print-run-sent")


def test_the_demo_offender_manager_sees_a_request_and_a_mappa_meeting(checked: Checked) -> None:
    page = checked.page
    sign_in(checked, "om.lon")
    expect(page).to_have_url("/offenders")
    checked.check("desk-om-offenders")
    rows = page.locator("main tbody tr")
    expect(rows.first).to_be_visible()
    for index in range(rows.count()):
        page.goto("/offenders")
        page.locator("main tbody tr").nth(index).get_by_role("link").first.click()
        main = page.locator("main")
        if main.get_by_text("Forwarded to").count() and main.get_by_text("Level 2").count():
            break
    else:
        raise AssertionError("no offender of om.lon has a forwarded request and a meeting")
    expect(main).to_contain_text("Release and licence dates")
    checked.check("desk-om-offender")
