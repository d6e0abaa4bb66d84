"""Letters in a real browser: a VLO drafts the offer letter for a new case, previews its PDF,
marks it sent and sees it sent on the case page; a Welsh speaker's letter is drafted in Welsh.
Every page is checked by axe-core and photographed. Every person here is invented."""

from __future__ import annotations

from playwright.sync_api import expect

from api.web.clock import london_today
from tests.browser.conftest import Checked
from tests.browser.test_journeys import api, api_referral, fill_date, sign_in


def test_a_vlo_drafts_previews_and_sends_the_offer_letter(checked: Checked, server: str) -> None:
    made = api_referral(server, "Avery Lettertest", "Rowan Letterexample", days_ago=3)
    case_id = made["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    letters = page.locator("#letters")
    expect(letters).to_contain_text("No letters have been drafted")
    letters.get_by_role("button", name="Draft a letter").click()
    expect(page.get_by_role("heading", name="Which letter do you want to draft?")).to_be_visible()
    checked.check("letters-new")

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select which letter to draft")
    checked.check("letters-new-errors")
    summary.get_by_role("link", name="Select which letter to draft").click()
    expect(page.locator("#template")).to_be_focused()

    page.get_by_label("Key stage: parole review").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Key stage: parole review")).to_be_visible()
    expect(page.get_by_text("Reason the case is closing")).to_have_count(0)
    page.get_by_role("button", name="Draft the letter").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("parole hearing date")  # the use case's words
    checked.check("letters-new-parole-details")
    page.get_by_role("link", name="Choose another letter").click()
    page.get_by_label("Offer of the Victim Contact Scheme").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Draft the letter").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("drafted")
    expect(page.get_by_role("heading", name="Offer of the Victim Contact Scheme")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text(f"VCS/VLU-LON/{case_id}/1")
    expect(main).to_contain_text("Rowan Letterexample")
    expect(main).not_to_contain_text("7 Example Street")
    checked.check("letters-show")
    letter_url = page.url.split("?")[0]

    preview = page.get_by_role("link", name="Preview the PDF")
    pdf = page.request.get(preview.get_attribute("href") or "")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline;")
    assert pdf.headers["cache-control"] == "no-store"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("button", name="Mark as sent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the letter")
    checked.check("letters-send-errors")
    fill_date(page, "on", london_today())
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("marked as sent")
    expect(page.get_by_role("button", name="Mark as sent")).to_have_count(0)
    expect(page.get_by_role("button", name="Cancel this letter")).to_have_count(0)
    checked.check("letters-sent")
    assert page.url.startswith(letter_url)

    page.get_by_role("link", name="Back to the case").click()
    row = page.locator("#letters tr", has_text=f"VCS/VLU-LON/{case_id}/1")
    expect(row.locator(".govuk-tag")).to_have_text("Sent")
    checked.check("letters-case-section")


def test_a_welsh_speakers_letter_is_drafted_in_welsh_and_can_be_cancelled(
    checked: Checked, server: str
) -> None:
    received = london_today().isoformat()
    body = {
        "unit_code": "VLU-LON",
        "received_on": received,
        "offender": {"name": "Emrys Lettertest", "date_of_birth": "1981-02-03"},
        "offences": [{"description": "Robbery", "category": "violent"}],
        "sentence": {
            "date": received,
            "court": "Cardiff Crown Court",
            "type": "imprisonment",
            "length_months": 30,
        },
        "victims": [
            {
                "name": "Eleri Letterexample",
                "relationship": "direct",
                "language": "cy",
                "address": {"line1": "3 Example Lane", "town": "Cardiff", "postcode": "CF10 1AA"},
            }
        ],
    }
    case_id = api(server, "POST", "/api/v1/referrals", body, "wcu.met")["cases"][0]["id"]
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}/letters/new")
    page.get_by_label("Offer of the Victim Contact Scheme").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("As the case says (Welsh)")).to_be_checked()
    page.get_by_role("button", name="Draft the letter").click()
    expect(page.locator("main")).to_contain_text("Welsh")

    page.get_by_label("Why it must not go out (optional)").fill("Drafted twice by mistake")
    page.get_by_role("button", name="Cancel this letter").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("cancelled")
    expect(page.locator("main .govuk-tag")).to_have_text("Cancelled")
    checked.check("letters-cancelled")


def test_the_letters_to_print_page(checked: Checked) -> None:
    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto("/letters/print-run")
    expect(page.get_by_role("heading", name="Letters to print")).to_be_visible()
    checked.check("letters-print-run")
    fill_date(page, "date", london_today().replace(year=london_today().year - 5))
    page.get_by_role("button", name="Get the letters to print").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("drafted no letters")
    checked.check("letters-print-run-empty")
