"""In a real browser: words shaped like a postcode wait for the VLO to confirm they are not a
victim's; an exclusion zone small enough to point to a home waits for a VLU manager, who approves
forwarding it as drawn on the request's page; then the VLO forwards it. Every page is checked by
axe-core. All people and places are invented."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from api.web.clock import london_today
from tests.browser.conftest import Checked
from tests.browser.test_conditions import ZONE_TYPE, banner, square_zone
from tests.browser.test_journeys import api_referral, fill_date, sign_in, sign_out


def test_a_pinpoint_zone_is_forwarded_after_a_managers_approval(
    checked: Checked, server: str, tmp_path: Path
) -> None:
    made = api_referral(server, "Parker Browsertest", "Ellis Example", days_ago=3)
    case_id = made["cases"][0]["id"]
    zone_file = tmp_path / "zone.geojson"
    zone_file.write_text(json.dumps(square_zone(-0.07, 51.52, 100)))
    page = checked.page

    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}/condition-requests/new")
    page.get_by_label(ZONE_TYPE).check()
    page.get_by_label("The victim's request in their own words").fill(
        "Keep him away from the gym at SE1 7PB."
    )
    page.get_by_label("Why the victim asks for it").fill("He waited outside the gym.")
    page.locator("#zone").set_input_files(str(zone_file))
    page.get_by_role("button", name="Save the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("looks like it holds a postcode")
    confirm = page.get_by_label("I have checked: these are not a victim's or their nominee's")
    expect(confirm).to_be_visible()
    checked.check("conditions-new-confirm")
    confirm.check()
    page.locator("#zone").set_input_files(str(zone_file))
    page.get_by_role("button", name="Save the request").click()
    banner(page, "saved as a draft")
    expect(page.locator("#could-point-home")).to_be_visible()
    checked.check("conditions-request-pinpoint")
    request_url = page.url.split("?")[0]

    forward = page.locator("section", has=page.locator("#step-forward"))
    forward.get_by_label("The prison governor (automatic release)").check()
    fill_date(page, "forward-on", london_today())
    forward.get_by_role("button", name="Forward the request").click()
    # The check says at once why it cannot go yet, before anyone confirms.
    expect(page.locator(".govuk-error-summary")).to_contain_text("wider zone")
    expect(page.get_by_role("button", name="Confirm and forward")).to_have_count(0)
    sign_out(checked)

    sign_in(checked, "manager.lon")
    page.goto(request_url)
    page.get_by_label("Why it may be forwarded as it is").fill(
        "The victim asks for this zone after talking through wider ones."
    )
    checked.check("conditions-request-approval")
    page.get_by_role("button", name="Approve forwarding as it is").click()
    banner(page, "Your approval is recorded")
    checked.check("conditions-request-approved")
    sign_out(checked)

    sign_in(checked, "vlo.lon1")
    page.goto(request_url)
    forward = page.locator("section", has=page.locator("#step-forward"))
    forward.get_by_label("The prison governor (automatic release)").check()
    fill_date(page, "forward-on", london_today())
    forward.get_by_role("button", name="Forward the request").click()
    checked.check("conditions-request-forward-check")
    page.get_by_role("button", name="Confirm and forward").click()
    banner(page, "Its wording is now frozen")
