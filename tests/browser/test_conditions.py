"""A Victim Liaison Officer's licence-condition requests in a real browser: an exclusion zone
drawn from a GeoJSON file, forwarded to the decision maker, decided and the victim told; a
no-contact request changed and kept; then the offender manager reads the forwarded request
without any of the victim's details. Every page is checked by axe-core. All people and places
are invented."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from api.web.clock import london_today
from tests.api.test_conditions import square
from tests.browser.conftest import Checked
from tests.browser.test_journeys import (
    api_referral,
    fill_date,
    name_offender_manager,
    sign_in,
    sign_out,
)

ZONE_TYPE = "Not to enter the area defined by the attached map (exclusion zone)"
NO_CONTACT_TYPE = "No contact with the named victim and/or family members"
# The smallest PNG there is: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def square_zone(lon: float, lat: float, side_m: float) -> dict[str, Any]:
    """A GeoJSON Feature: a square of about side_m metres around a point (synthetic)."""
    geometry = square(lon, lat, side_m)
    return {"type": "Feature", "properties": {"name": "Synthetic zone"}, "geometry": geometry}


def banner(page: Page, words: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(words)


def test_a_vlo_takes_an_exclusion_zone_to_the_decision_and_tells_the_victim(
    checked: Checked, server: str, tmp_path: Path
) -> None:
    made = api_referral(server, "Quinn Browsertest", "Rowan Example", days_ago=3)
    case_id = made["cases"][0]["id"]
    zone_file = tmp_path / "zone.geojson"
    zone_file.write_text(json.dumps(square_zone(-0.07, 51.52, 1200)))
    bad_file = tmp_path / "bad.geojson"
    bad_file.write_text('{"type": "Point", "coordinates": [-0.07, 51.52]}')
    map_file = tmp_path / "map.png"
    map_file.write_bytes(PNG)
    today = london_today()

    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/cases/{case_id}")
    section = page.locator("#condition-requests")
    expect(section).to_contain_text("No licence-condition requests")
    checked.check("conditions-case-empty")
    section.get_by_role("button", name="Record a licence-condition request").click()
    expect(page.get_by_role("heading", name="Record a licence-condition request")).to_be_visible()
    checked.check("conditions-new")

    # A file that is not a polygon is named on the file field.
    page.get_by_label(ZONE_TYPE).check()
    page.get_by_label("The victim's request in their own words").fill(
        "I don't want to run into him near my work or my sister's."
    )
    page.get_by_label("Why the victim asks for it").fill(
        "The offender followed the victim around this area for months."
    )
    page.locator("#zone").set_input_files(str(bad_file))
    page.get_by_role("button", name="Save the request").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Polygon or MultiPolygon")
    expect(page.locator("#zone-error")).to_contain_text("exclusion zone file")
    checked.check("conditions-new-errors")
    summary.get_by_role("link").first.click()
    expect(page.locator("#zone")).to_be_focused()

    page.locator("#zone").set_input_files(str(zone_file))
    page.get_by_role("button", name="Save the request").click()
    banner(page, "saved as a draft")
    expect(page.get_by_role("heading", name=ZONE_TYPE)).to_be_visible()
    zone_map = page.get_by_role("img", name=re.compile("^Map of 1 zone"))
    expect(zone_map).to_be_visible()
    assert zone_map.evaluate("img => img.complete && img.naturalWidth > 0")
    page.get_by_text("The zones' corners as grid references").click()
    expect(page.locator("main")).to_contain_text("Zone A: outline")
    expect(page.locator("main")).to_contain_text("TQ ")
    checked.check("conditions-request-draft")
    request_url = page.url.split("?")[0]
    request_id = int(request_url.rsplit("/", 1)[1])

    page.get_by_role("link", name="Attach a map").click()
    expect(page.get_by_role("heading", name="Attach a map")).to_be_visible()
    checked.check("conditions-map")
    page.get_by_label("Map file").set_input_files(str(map_file))
    page.get_by_role("button", name="Attach the map").click()
    banner(page, "The map is attached")
    expect(page.get_by_role("link", name="The map attached (PNG, 1 KB)")).to_be_visible()

    # Forward: the form asks who decides and when.
    forward = page.locator("section", has=page.locator("#step-forward"))
    forward.get_by_role("button", name="Forward the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the decision maker")
    checked.check("conditions-forward-errors")
    forward = page.locator("section", has=page.locator("#step-forward"))
    forward.get_by_label("The prison governor (automatic release)").check()
    fill_date(page, "forward-on", today)
    forward.get_by_role("button", name="Forward the request").click()
    expect(page.get_by_role("heading", name="Check before forwarding the request")).to_be_visible()
    expect(page.locator("main")).to_contain_text("The prison governor")
    checked.check("conditions-forward-check")
    page.get_by_role("button", name="Change who decides").click()
    expect(page.get_by_label("The prison governor (automatic release)")).to_be_checked()
    page.locator("section", has=page.locator("#step-forward")).get_by_role(
        "button", name="Forward the request"
    ).click()
    page.get_by_role("button", name="Confirm and forward").click()
    banner(page, "Its wording is now frozen")
    expect(page.locator("#steps")).to_contain_text("The prison governor")
    expect(page.get_by_role("button", name="Forward the request")).to_have_count(0)
    expect(
        page.get_by_role("link", name="The representation to the decision maker (PDF)")
    ).to_be_visible()
    checked.check("conditions-request-forwarded")

    page.get_by_label("Granted", exact=True).check()
    fill_date(page, "decision-on", today)
    page.get_by_role("button", name="Record the decision").click()
    banner(page, "The decision is recorded")
    expect(page.locator("#steps")).to_contain_text("Decision: Granted")
    checked.check("conditions-request-decided")

    fill_date(page, "informed-on", today)
    page.get_by_role("button", name="Record that the victim was told").click()
    banner(page, "the victim was told the decision")
    expect(page.locator("main form")).to_have_count(0)
    checked.check("conditions-request-finished")

    # A no-contact request: drafted, changed, nearly deleted, kept.
    page.goto(f"/cases/{case_id}/condition-requests/new")
    page.get_by_label(NO_CONTACT_TYPE).check()
    page.get_by_label("The victim's request in their own words").fill(
        "I do not want him to contact me or my brother."
    )
    page.get_by_label("Why the victim asks for it").fill(
        "He sent messages to the victim's family during the trial."
    )
    page.get_by_label("Names").fill("Rowan Example\nLee Example")
    page.get_by_role("button", name="Save the request").click()
    banner(page, "saved as a draft")
    expect(page.locator("main")).to_contain_text(
        "Not to seek to approach or communicate with Rowan Example and Lee Example"
    )
    page.get_by_role("link", name="Change the draft").click()
    expect(page.get_by_role("heading", name="Change the draft request")).to_be_visible()
    checked.check("conditions-edit")
    page.get_by_label("Names").fill("Rowan Example\nLee Example\nSam Example")
    page.get_by_role("button", name="Save the changes").click()
    banner(page, "The draft request is changed")
    expect(page.locator("main")).to_contain_text("Lee Example and Sam Example")
    page.get_by_role("link", name="Delete this draft").click()
    expect(page.get_by_role("heading", name="Are you sure")).to_be_visible()
    checked.check("conditions-delete")
    page.get_by_role("link", name="No, keep it").click()

    page.goto(f"/cases/{case_id}")
    rows = page.locator("#condition-requests tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Victim told")
    expect(rows.nth(1)).to_contain_text("Draft")
    checked.check("conditions-case")
    sign_out(checked)

    # The offender's manager reads the forwarded request: never the victim's details.
    name_offender_manager(server, case_id)
    sign_in(checked, "om.lon")
    page.goto(f"/condition-requests/{request_id}")
    expect(page.get_by_role("heading", name=ZONE_TYPE)).to_be_visible()
    main = page.locator("main")
    for detail in ("Rowan Example", "7 Example Street", "E2 7AA", "07700 900456"):
        expect(main).not_to_contain_text(detail)
    expect(page.get_by_role("button", name="Record the decision")).to_have_count(0)
    checked.check("conditions-request-offender-manager")
