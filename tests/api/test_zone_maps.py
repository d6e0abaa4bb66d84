"""Zones drawn on a map and the maps that leave the service: the licence conditions with their
Create and Vary a Licence codes, the decision maker's PDF map (rasterised and checked pixel by
pixel for the zones and the scale bar, over tiles from a local tile server), the basemap's tiles
through the service (the key never sent to the browser), the honest no-basemap state, and zones
typed as grid references. All people and places are invented."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader
from pyproj import Transformer

from tests.api.test_conditions import (
    REQUESTS,
    assign_om,
    case_and_offender,
    create,
    forward,
    pdf_text,
    square,
)
from tests.api.test_pages import signed_in
from tests.fixtures import World, run
from tests.tile_server import EDGE_RGB, TILE_RGB, TileServer, tile_server  # noqa: F401
from vcs.conditions import tiles
from vcs.conditions.tables import ConditionZone

TWO_ZONES = {
    "type": "MultiPolygon",
    "coordinates": [
        square(-0.10, 51.52, 1500)["coordinates"],
        square(-0.06, 51.515, 1000)["coordinates"],
    ],
}
ZONE_RED = (212, 53, 28)
PDF = {"Accept": "application/pdf"}
MAPPA = {"category": 2, "level": 2, "from": "2026-01-05"}


@pytest.fixture
def basemap(tile_server: TileServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[TileServer]:  # noqa: F811
    """The service configured with the local tile server as its basemap."""
    configured = dataclasses.replace(
        tiles.settings, map_tiles_url=tile_server.url, map_attribution="Test tiles"
    )
    monkeypatch.setattr(tiles, "settings", configured)
    tiles._cache.clear()
    yield tile_server
    tiles._cache.clear()


def forwarded_two_zones(world: World, kind: str = "exclusion_zone") -> tuple[int, int, int]:
    """A request with two zones, forwarded; the offender's offender manager assigned. Returns
    the request, its case and the offender."""
    case_id, offender_id = case_and_offender(world)
    made = create(world, case_id, type=kind, zone=TWO_ZONES)
    assert made.status_code == 201, made.text
    rid = int(made.json()["id"])
    assert forward(world, rid).status_code == 200
    assign_om(world, offender_id)
    return rid, case_id, offender_id


def test_licence_conditions_carry_the_codes_and_one_condition_per_zone(world: World) -> None:
    rid, _, _ = forwarded_two_zones(world)
    for user in ("vlo", "om"):
        response = world.get(user, f"{REQUESTS}/{rid}/licence-conditions")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["request_id"] == rid and body["status"] == "forwarded"
        assert [c["zone"] for c in body["conditions"]] == ["Zone A", "Zone B"]
        for condition in body["conditions"]:
            assert condition["code"] == "0f9a20f4-35c7-4c77-8af8-f200f153fa11"
            assert condition["type"] == "exclusion_zone"
            assert condition["policy_versions"] == ["1.0", "2.0", "2.1", "3.0", "4.0"]
            assert condition["text"].startswith("Not to enter the area as defined by the attached")
            assert condition["map_url"] == f"{REQUESTS}/{rid}/zone-map.pdf"
            assert condition["zone_geojson"]["type"] == "Polygon"
        assert body["conditions"][0]["zone_geojson"]["coordinates"] == TWO_ZONES["coordinates"][0]
    for user, status in (("vlo_other", 403), ("om_other", 403), ("wcu", 403)):
        assert world.get(user, f"{REQUESTS}/{rid}/licence-conditions").status_code == status
    assert world.client.get(f"{REQUESTS}/{rid}/licence-conditions").status_code == 401


def test_a_restriction_zone_and_an_event_exclusion_have_their_hmpps_wording(world: World) -> None:
    case_id, _ = case_and_offender(world)
    made = create(world, case_id, type="restriction_zone")
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    assert made.json()["cvl_code"] == "005d70e4-a247-4f82-b8b3-6d294a0f5051"
    assert made.json()["wording"] == (
        "Not to leave the area as defined by the attached map without the prior approval of "
        "your supervising officer."
    )
    [condition] = world.get("vlo", f"{REQUESTS}/{rid}/licence-conditions").json()["conditions"]
    assert condition["policy_versions"] == ["4.0"]
    missing = create(world, case_id, type="event_exclusion")
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"wording"}
    event = create(world, case_id, type="event_exclusion", wording="the Riverside Festival")
    assert event.status_code == 201, event.text
    assert event.json()["wording"] == (
        "Not to enter the area as defined by the attached map, during the period that the "
        "Riverside Festival takes place, including all occasions that the event takes place, "
        "without the prior permission of your supervising officer."
    )
    changed = world.request(
        "PATCH", "vlo", f"{REQUESTS}/{event.json()['id']}", json={"details": "Changed."}
    )
    assert changed.status_code == 200, changed.text
    assert "the Riverside Festival takes place" in changed.json()["wording"]
    nothing = create(world, case_id, type="no_contact", zone=None, names=["Sam Example"])
    [plain] = world.get("vlo", f"{REQUESTS}/{nothing.json()['id']}/licence-conditions").json()[
        "conditions"
    ]
    assert plain["code"] == "4858cd8b-bca6-4f11-b6ee-439e27216d7d" and plain["map_url"] is None


def _page_image(pdf: bytes, page: int = 0) -> Any:
    """The page rasterised at 144 dpi, as an array of RGB pixels."""
    document = pdfium.PdfDocument(pdf)
    try:
        return np.asarray(document[page].render(scale=2).to_pil().convert("RGB"), dtype=int)
    finally:
        document.close()


def _count(image: Any, rgb: tuple[int, int, int], within: int = 12) -> int:
    return int((np.abs(image - np.array(rgb)).max(axis=2) <= within).sum())


def _longest_black_run(image: Any) -> int:
    """The longest run of solid black pixels along any row."""
    black = image.sum(axis=2) < 60
    longest = 0
    for row in black[np.flatnonzero(black.sum(axis=1) >= 40)]:
        edges = np.diff(np.concatenate(([0], row.astype(int), [0])))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        longest = max(longest, int((ends - starts).max()))
    return longest


def test_the_decision_makers_map_draws_every_zone_over_the_basemap(
    world: World, basemap: TileServer
) -> None:
    rid, _, offender_id = forwarded_two_zones(world)
    response = world.get("om", f"{REQUESTS}/{rid}/zone-map.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert dict(reader.metadata or {}) == {"/Title": f"Map for licence condition VCS/CR/{rid:06d}"}
    assert "/Metadata" not in reader.trailer["/Root"]
    text = pdf_text(response.content).replace("\n", " ")
    for words in (
        "Not to enter the area as defined by the attached map",
        "0f9a20f4-35c7-4c77-8af8-f200f153fa11",
        "Zone A",
        "Zone B",
        "Basemap: Test tiles",
        "TQ ",
    ):
        assert words in text, words
    assert basemap.requests and all("key=secret-key" in r for r in basemap.requests)
    image = _page_image(response.content)
    assert _count(image, ZONE_RED, 20) > 2000, "the zones' red outlines"
    assert _count(image, TILE_RGB, 3) > 50_000, "the basemap's tiles"
    # The scale bar's black half: a run of solid black along a row (no text is that long).
    assert _longest_black_run(image) >= 60, "the scale bar"
    # The same map in the representation and in the MAPPA meeting pack.
    representation = world.get("om", f"{REQUESTS}/{rid}/representation.pdf").content
    assert "Zone B:" in pdf_text(representation)
    assert any(
        _count(_page_image(representation, page), TILE_RGB, 3) > 20_000
        and _count(_page_image(representation, page), ZONE_RED, 20) > 1000
        for page in range(len(PdfReader(BytesIO(representation)).pages))
    )
    assert world.put("manager", f"/api/v1/offenders/{offender_id}/mappa", MAPPA).status_code == 200
    meeting = world.post(
        "manager",
        "/api/v1/mappa-meetings",
        {"offender_id": offender_id, "level": 2, "on": "2026-01-26"},
    )
    assert meeting.status_code == 201, meeting.text
    pack = world.get(
        "om", f"/api/v1/mappa-meetings/{meeting.json()['id']}/pack", headers=PDF
    ).content
    text = pdf_text(pack).replace("\n", " ")
    assert "Maps of the zones requested" in text and "Zone B:" in text
    assert "0f9a20f4-35c7-4c77-8af8-f200f153fa11" in "".join(text.split())
    assert any(
        _count(_page_image(pack, page), TILE_RGB, 3) > 20_000
        for page in range(len(PdfReader(BytesIO(pack)).pages))
    )


def test_with_no_basemap_the_maps_and_the_page_say_so(world: World) -> None:
    assert not tiles.configured()
    rid, case_id, _ = forwarded_two_zones(world)
    response = world.get("vlo", f"{REQUESTS}/{rid}/zone-map.pdf")
    text = pdf_text(response.content).replace("\n", " ")
    assert "No basemap is configured" in text
    image = _page_image(response.content)
    assert _count(image, ZONE_RED, 20) > 2000
    assert _count(image, TILE_RGB, 3) == 0
    pages = signed_in(world, "vlo")
    draft = int(create(world, case_id).json()["id"])
    page = pages.get(f"/condition-requests/{draft}/zones")
    assert page.status_code == 200
    assert "No basemap is configured" in page.text and 'data-tiles=""' in page.text
    assert "MultiPolygon" in page.text or "Polygon" in page.text  # England and Wales's outline
    assert pages.get("/map-tiles/12/2046/1361.png").status_code == 404


def test_tiles_come_through_the_service_and_the_key_stays_there(
    world: World, basemap: TileServer
) -> None:
    assert world.client.get("/map-tiles/12/2046/1361.png", follow_redirects=False).status_code in (
        302,
        303,
        401,
    )
    pages = signed_in(world, "vlo")
    first = pages.get("/map-tiles/12/2046/1361.png")
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    assert Image.open(BytesIO(first.content)).getpixel((128, 128)) == TILE_RGB
    assert pages.get("/map-tiles/12/2046/1361.png").content == first.content
    assert len(basemap.requests) == 1, "cached"
    assert pages.get("/map-tiles/12/99999/1361.png").status_code == 422
    assert pages.get("/map-tiles/12/2046/abc.png").status_code == 404
    case_id, _ = case_and_offender(world)
    draft = int(create(world, case_id).json()["id"])
    page = pages.get(f"/condition-requests/{draft}/zones")
    assert "/map-tiles/{z}/{x}/{y}.png" in page.text
    assert "secret-key" not in page.text and "127.0.0.1" not in page.text
    assert signed_in(world, "om").get("/map-tiles/12/2046/1361.png").status_code == 403


def test_zones_typed_as_grid_references_are_saved_as_two_zones(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = int(create(world, case_id).json()["id"])
    pages = signed_in(world, "vlo")
    version = run(ConditionZone.select().where(ConditionZone.request == rid).first())
    assert version is not None
    corners = "TQ 30000 80000\nTQ 31000 80000\nTQ 31000 81000\nTQ 30000 81000\n\n"
    corners += "51.5200, -0.0700\n51.5200, -0.0550\n51.5300, -0.0550\n"
    saved = pages.post(f"/condition-requests/{rid}/zones", {"corners": corners, "version": "1"})
    assert saved.status_code == 303, saved.text
    stored = run(
        ConditionZone.select().where(ConditionZone.request == rid).output(load_json=True).first()
    )
    assert stored["geojson"]["type"] == "MultiPolygon"
    first, second = stored["geojson"]["coordinates"]
    assert len(first[0]) == 5 and len(second[0]) == 4
    assert second[0][0] == [-0.07, 51.52]
    assert 0.95e6 < stored["area_m2"] - 0 < 1.05e6 + 1.2e6
    shown = pages.get(f"/condition-requests/{rid}")
    assert "TQ 30000 80000" in shown.text and "Zone B" in shown.text
    assert "Licence condition code" in shown.text


BAD_ZONES = [
    ({"corners": "TQ 3000 800\n"}, "corners", "same number of figures"),
    ({"corners": "somewhere near the park\n"}, "corners", "grid reference such as"),
    ({"corners": "TQ 30000 80000\nTQ 31000 80000\n"}, "corners", "at least three corners"),
    ({"zones": "{not json"}, "zones", "could not be read"),
    ({}, "corners", "Draw at least one zone"),
    ({"zones": json.dumps({"type": "Point", "coordinates": [0, 51]})}, "zones", "Only areas"),
]


def test_bad_zones_are_refused_naming_the_field_and_nothing_is_written(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = int(create(world, case_id).json()["id"])
    before = run(ConditionZone.select().where(ConditionZone.request == rid).first())
    pages = signed_in(world, "vlo")
    for form, field, words in BAD_ZONES:
        response = pages.post(f"/condition-requests/{rid}/zones", {**form, "version": "1"})
        assert response.status_code == 422, (form, response.status_code)
        assert f'href="#{field}"' in response.text and words in response.text, form
        summary = response.text.split("govuk-error-summary", 1)[1].split("</ul>", 1)[0]
        assert "near the park" not in summary
    assert run(ConditionZone.select().where(ConditionZone.request == rid).first()) == before


def test_a_drawing_is_checked_as_it_is_drawn(world: World) -> None:
    case_id, _ = case_and_offender(world)
    rid = int(create(world, case_id).json()["id"])
    pages = signed_in(world, "vlo")
    drawing: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": square(-0.10, 51.52, 1000)},
            {"type": "Feature", "properties": {}, "geometry": square(-0.07, 51.52, 150)},
        ],
    }
    checked = pages.post(f"/condition-requests/{rid}/zones/check", {"zones": json.dumps(drawing)})
    assert checked.status_code == 200, checked.text
    body = checked.json()
    assert [z["label"] for z in body["zones"]] == ["Zone A", "Zone B"]
    assert 0.9 < body["zones"][0]["area_km2"] < 1.1
    assert any("Part 2 of the zone" in w for w in body["warnings"])
    outside = {"type": "Polygon", "coordinates": square(2.35, 48.85, 1000)["coordinates"]}
    refused = pages.post(f"/condition-requests/{rid}/zones/check", {"zones": json.dumps(outside)})
    assert "outside England and Wales" in refused.json()["problem"]


def test_the_grid_drawn_without_a_basemap_is_the_1_km_national_grid(world: World) -> None:
    pages = signed_in(world, "vlo")
    box = {"west": "-0.13", "south": "51.49", "east": "-0.07", "north": "51.53"}
    response = pages.get("/map-grid", params=box)
    assert response.status_code == 200, response.text
    grid = response.json()
    assert grid["type"] == "MultiLineString"
    to_grid = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    eastings: set[int] = set()
    northings: set[int] = set()
    for line in grid["coordinates"]:
        xs, ys = to_grid.transform([p[0] for p in line], [p[1] for p in line])
        if max(xs) - min(xs) < 0.5:  # a line of equal easting, a whole kilometre
            assert abs(xs[0] / 1000 - round(xs[0] / 1000)) < 0.001
            eastings.add(round(xs[0]))
            # not a meridian: the National Grid's north is not true north away from 2° W
            assert abs(line[0][0] - line[-1][0]) > 1e-4
        else:
            assert max(ys) - min(ys) < 0.5, "each line is one easting or one northing"
            assert abs(ys[0] / 1000 - round(ys[0] / 1000)) < 0.001
            northings.add(round(ys[0]))
    box_e, box_n = to_grid.transform([-0.13, -0.07], [51.49, 51.53])
    assert sorted(eastings) == list(range(min(eastings), max(eastings) + 1000, 1000))
    assert sorted(northings) == list(range(min(northings), max(northings) + 1000, 1000))
    assert min(eastings) <= box_e[0] and max(eastings) >= box_e[1], "the lines cross the box"
    assert min(northings) <= box_n[0] and max(northings) >= box_n[1]
    assert 4 <= len(eastings) <= 8 and 4 <= len(northings) <= 8

    # Off the National Grid (the mid-Atlantic): no lines.
    far = {"west": "-30.5", "south": "45.0", "east": "-30.0", "north": "45.2"}
    assert pages.get("/map-grid", params=far).json()["coordinates"] == []


def test_the_grid_refuses_boxes_too_wide_or_wrong_and_is_for_vlu_staff(world: World) -> None:
    box = {"west": "-0.13", "south": "51.49", "east": "-0.07", "north": "51.53"}
    anonymous = world.client.get("/map-grid", params=box, follow_redirects=False)
    assert anonymous.status_code in (302, 303, 401)
    pages = signed_in(world, "vlo")
    wide = {"west": "-3.0", "south": "51.0", "east": "0.0", "north": "53.0"}
    refused = pages.get("/map-grid", params=wide)
    assert refused.status_code == 422 and "too wide" in refused.text and "west" in refused.text
    upside_down = {"west": "-0.1", "south": "51.6", "east": "-0.05", "north": "51.5"}
    refused = pages.get("/map-grid", params=upside_down)
    assert refused.status_code == 422 and "south" in refused.text
    bad = {"west": "-0.1", "south": "951.5", "east": "-0.05", "north": "51.6"}
    refused = pages.get("/map-grid", params=bad)
    assert refused.status_code == 400 and "south" in refused.text and "951.5" not in refused.text
    for odd in ("nan", "inf", "-0.1e400"):
        refused = pages.get("/map-grid", params={**upside_down, "west": odd, "south": "51.5"})
        assert refused.status_code in (400, 422) and "west" in refused.text, odd
    missing = pages.get("/map-grid", params={"west": "-0.1"})
    assert missing.status_code == 400
    assert signed_in(world, "om").get("/map-grid", params=box).status_code == 403
