"""A Victim Liaison Officer draws two exclusion zones with the mouse on a map whose tiles come
from a local tile server (through the service), saves them, and the saved zones are the ones
drawn; the request is forwarded and the decision maker's map shows both over the basemap. Every
page is checked by axe-core. All people and places are invented."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from api.web.clock import london_today
from tests.api.test_conditions import square
from tests.browser.conftest import Checked
from tests.browser.test_journeys import api, api_referral, sign_in
from tests.tile_server import TILE_RGB, TileServer

ZONE_RED = (212, 53, 28)


def _box(page: Page) -> dict[str, float]:
    box = page.locator("#zone-map").bounding_box()
    assert box is not None
    return box


def _lat_lng(page: Page, x: float, y: float) -> list[float]:
    """The longitude and latitude under a point of the map (pixels from its top left)."""
    found = page.evaluate("([x, y]) => window.vcsZoneMap.containerPointToLatLng([x, y])", [x, y])
    return [float(found["lng"]), float(found["lat"])]


def _draw_rectangle(page: Page, left: float, top: float, right: float, bottom: float) -> None:
    box = _box(page)
    page.get_by_role("button", name="Draw Rectangle").click()
    page.mouse.click(box["x"] + left, box["y"] + top)
    page.mouse.click(box["x"] + right, box["y"] + bottom)


def _draw_triangle(page: Page, corners: list[tuple[float, float]]) -> None:
    box = _box(page)
    page.get_by_role("button", name="Draw Polygons").click()
    for x, y in corners:
        page.mouse.click(box["x"] + x, box["y"] + y, delay=50)
        page.wait_for_timeout(150)  # not a double click
    page.locator(".leaflet-pm-toolbar .action-finish:visible").click()


PIXEL = [0.0, 0.0]  # the size of a screen pixel on the map, in degrees of longitude and latitude


def _close(a: list[float], b: list[float]) -> bool:
    """The same place to within a pixel and a half (where the mouse clicked)."""
    return abs(a[0] - b[0]) <= 1.5 * PIXEL[0] and abs(a[1] - b[1]) <= 1.5 * PIXEL[1]


def test_a_vlo_draws_two_zones_with_the_mouse_and_the_map_goes_to_the_decision_maker(
    checked: Checked, server: str, tiles: TileServer
) -> None:
    made = api_referral(server, "Quinn Mapdrawn", "Rowan Mapexample", days_ago=3)
    case_id = made["cases"][0]["id"]
    body: dict[str, Any] = {
        "type": "exclusion_zone",
        "details": "I do not want to see him near my work or my sister's.",
        "justification": "He followed the victim around these streets before the offence.",
        "zone": square(-0.07, 51.52, 1200),
    }
    request = api(server, "POST", f"/api/v1/cases/{case_id}/condition-requests", body, "vlo.lon1")
    rid = request["id"]

    page = checked.page
    sign_in(checked, "vlo.lon1")
    page.goto(f"/condition-requests/{rid}")
    page.get_by_role("link", name="Draw or change the zones on a map").click()
    expect(page.get_by_role("heading", name="Draw the zones")).to_be_visible()
    expect(page.locator("#zone-map")).to_have_attribute("data-ready", "true")
    expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()
    assert tiles.requests, "the tiles came from the local tile server"
    assert not any("secret-key" in t or "127.0.0.1" in t for t in [page.content()])
    checked.check("zones-draw")

    # The zone drawn before is removed: the removal tool, then a click on the zone.
    box = _box(page)
    middle = (box["width"] / 2, box["height"] / 2)
    page.get_by_role("button", name="Remove Layers").click()
    page.mouse.click(box["x"] + middle[0], box["y"] + middle[1])
    page.get_by_role("button", name="Remove Layers").click()
    expect(page.locator("path.leaflet-interactive")).to_have_count(0)

    # Two zones drawn with the mouse: a rectangle and a triangle, apart from each other.
    left, top, right, bottom = 90.0, 60.0, 270.0, 240.0
    _draw_rectangle(page, left, top, right, bottom)
    triangle = [(box["width"] - 220, 80.0), (box["width"] - 60, 100.0), (box["width"] - 150, 280.0)]
    _draw_triangle(page, triangle)
    expect(page.locator("path.leaflet-interactive")).to_have_count(2)
    status = page.locator("#zone-status")
    expect(status).to_contain_text("Zone A:")
    expect(status).to_contain_text("Zone B:")
    origin, step = _lat_lng(page, 0, 0), _lat_lng(page, 1, 1)
    PIXEL[:] = [abs(step[0] - origin[0]), abs(step[1] - origin[1])]
    assert 0 < PIXEL[0] < 2e-4, "about 10 m a pixel: a zone of streets, not of counties"
    expected_rectangle = [_lat_lng(page, x, y) for x, y in ((left, top), (right, bottom))]
    expected_triangle = [_lat_lng(page, x, y) for x, y in triangle]
    checked.check("zones-drawn")

    page.get_by_role("button", name="Save the zones").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The draft request is changed"
    )
    saved = api(server, "GET", f"/api/v1/condition-requests/{rid}", None, "vlo.lon1")
    zone = saved["zone"]["geojson"]
    assert zone["type"] == "MultiPolygon" and len(zone["coordinates"]) == 2
    rings = [part[0] for part in zone["coordinates"]]
    rectangle = next(r for r in rings if len(r) == 5)
    drawn_triangle = next(r for r in rings if len(r) == 4)
    lons = sorted({round(p[0], 6) for p in rectangle})
    lats = sorted({round(p[1], 6) for p in rectangle})
    assert _close(
        [lons[0], lats[-1]],
        [min(p[0] for p in expected_rectangle), max(p[1] for p in expected_rectangle)],
    )
    assert _close(
        [lons[-1], lats[0]],
        [max(p[0] for p in expected_rectangle), min(p[1] for p in expected_rectangle)],
    )
    for corner in expected_triangle:
        assert any(_close(corner, point) for point in drawn_triangle[:-1]), corner
    expect(page.locator("img.app-zone-map")).to_be_visible()
    checked.check("zones-saved")

    # Forwarded, the decision maker's map shows both zones over the basemap.
    forward = {"decision_maker": "prison_governor", "on": london_today().isoformat()}
    api(server, "POST", f"/api/v1/condition-requests/{rid}/forward", forward, "vlo.lon1")
    response = page.request.get(f"/condition-requests/{rid}/zone-map.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Zone A" in text and "Zone B" in text and "Basemap: Test tiles" in text
    assert "0f9a20f4-35c7-4c77-8af8-f200f153fa11" in "".join(text.split())
    document = pdfium.PdfDocument(pdf)
    image = np.asarray(document[0].render(scale=2).to_pil().convert("RGB"), dtype=int)
    document.close()
    assert (np.abs(image - np.array(TILE_RGB)).max(axis=2) <= 3).sum() > 50_000
    assert (np.abs(image - np.array(ZONE_RED)).max(axis=2) <= 20).sum() > 1000
