"""A Victim Liaison Officer draws an exclusion zone with the keyboard alone, on the map itself:
deletes the zone drawn before from the list of zones, moves the map under its cross with the
arrow keys, adds the corners with Enter, takes one back with Backspace, finishes with F and saves;
the saved zone has the corners where the cross was. Every page is checked by axe-core. All
people and places are invented."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect
from pyproj import Transformer
from shapely.geometry import shape

from tests.api.test_conditions import square
from tests.browser.conftest import Checked
from tests.browser.test_journeys import api, api_referral, sign_in
from tests.tile_server import TileServer


def _centre(page: Page) -> list[float]:
    found = page.evaluate("() => window.vcsZoneMap.getCenter()")
    return [float(found["lng"]), float(found["lat"])]


def _move(page: Page, key: str, times: int) -> None:
    """Press an arrow key on the map, each time waiting for the map to stop moving."""
    for _ in range(times):
        page.evaluate(
            "() => { window.vcsMoved = new Promise((done) =>"
            " window.vcsZoneMap.once('moveend', () => done(true))); }"
        )
        page.keyboard.press(key)
        assert page.evaluate("() => window.vcsMoved")


def test_a_vlo_draws_a_zone_with_the_keyboard_only(
    checked: Checked, server: str, tiles: TileServer
) -> None:
    made = api_referral(server, "Kit Keydrawn", "Lane Keyexample", days_ago=3)
    case_id = made["cases"][0]["id"]
    body: dict[str, Any] = {
        "type": "exclusion_zone",
        "details": "I do not want to see him near the park.",
        "justification": "He waited for the victim at the park's gates before the offence.",
        "zone": square(-0.05, 51.53, 1200),
    }
    request = api(server, "POST", f"/api/v1/cases/{case_id}/condition-requests", body, "vlo.lon1")
    rid = request["id"]

    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/condition-requests/{rid}/zones")
    the_map = page.locator("#zone-map")
    expect(the_map).to_have_attribute("data-ready", "true")
    said = page.locator("#zone-said")
    expect(page.get_by_role("heading", name="Drawing with the keyboard")).to_be_visible()
    expect(page.locator("#zone-keys-help")).to_contain_text("Enter: add a corner")
    expect(page.locator(".app-zone-crosshair")).to_be_visible()

    # The zone drawn before is deleted from the list of zones, with the keyboard.
    page.get_by_role("button", name="Delete Zone A").focus()
    page.keyboard.press("Enter")
    expect(said).to_have_text("Zone A deleted")
    expect(page.locator("path.leaflet-interactive")).to_have_count(0)
    expect(page.locator("#zone-list")).to_have_text("No zone is drawn yet.")
    expect(the_map).to_be_focused()

    # Four corners at the cross, the map moved under it with the arrow keys; a fifth added by
    # mistake and taken back; then the zone finished.
    corners = []
    for key in ("", "ArrowRight", "ArrowDown", "ArrowLeft"):
        if key:
            _move(page, key, 3)
        page.keyboard.press("Enter")
        corners.append(_centre(page))
        expect(said).to_have_text(f"Corner {len(corners)} added")
    _move(page, "ArrowUp", 1)
    page.keyboard.press("Enter")
    expect(said).to_have_text("Corner 5 added")
    page.keyboard.press("Backspace")
    expect(said).to_have_text("Corner 5 removed; 4 left")
    page.keyboard.press("f")
    expect(said).to_contain_text("Zone A finished: ")
    finished = re.search(r"Zone A finished: ([\d.]+) square kilometres", said.inner_text())
    assert finished, said.inner_text()
    expect(page.locator("path.leaflet-interactive")).to_have_count(1)
    expect(page.get_by_role("button", name="Redraw Zone A")).to_be_visible()
    checked.check("zones-drawn-by-keyboard")

    page.get_by_role("button", name="Save the zones").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The draft request is changed"
    )
    checked.check("zones-saved-by-keyboard")
    saved = api(server, "GET", f"/api/v1/condition-requests/{rid}", None, "vlo.lon1")
    zone = saved["zone"]["geojson"]
    assert zone["type"] == "Polygon" and len(zone["coordinates"]) == 1
    ring = zone["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    for corner in corners:
        assert any(abs(corner[0] - p[0]) < 1e-6 and abs(corner[1] - p[1]) < 1e-6 for p in ring), (
            corner
        )
    # The area said is the saved zone's, on the National Grid.
    to_grid = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    xs, ys = to_grid.transform([p[0] for p in ring], [p[1] for p in ring])
    area_km2 = (
        shape({"type": "Polygon", "coordinates": [list(zip(xs, ys, strict=True))]}).area / 1e6
    )
    assert abs(float(finished.group(1)) - area_km2) <= 0.05 * area_km2 + 0.005
    assert area_km2 > 0.1, "the arrow keys moved the map: a zone, not a point"

    # Back on the map, a redraw started and cancelled keeps the zone as it was.
    page.goto(f"/condition-requests/{rid}/zones")
    expect(the_map).to_have_attribute("data-ready", "true")
    page.get_by_role("button", name="Redraw Zone A").focus()
    page.keyboard.press("Enter")
    expect(said).to_contain_text("Redrawing Zone A")
    expect(the_map).to_be_focused()
    expect(page.locator("path.leaflet-interactive")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(said).to_have_text("Redrawing cancelled: the zone is kept as it was")
    expect(page.locator("path.leaflet-interactive")).to_have_count(1)
    assert page.input_value("#zones") != ""
