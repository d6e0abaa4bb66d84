"""The zones of a request as maps: each part of the request's zone is one zone, labelled "Zone
A", "Zone B"..., drawn over the configured basemap (`vcs.conditions.tiles`) for the decision
maker's map, the representation and the MAPPA pack, with its corners as grid references.
"""

from __future__ import annotations

import string
from typing import Any

from letters.zone_map import MapZone, draw_zones_map
from letters.zone_map_pdf import ZoneSummary
from vcs.conditions import tiles
from vcs.conditions.gridrefs import grid_reference
from vcs.conditions.zones import to_bng
from vcs.core.errors import NotFound

NO_BASEMAP_NOTE = "No basemap is configured: the zones are drawn over the 1 km National Grid."


def zone_label(index: int) -> str:
    """ "Zone A" to "Zone Z" (a request holds at most 20 zones)."""
    return f"Zone {string.ascii_uppercase[index]}"


def _polygons(geojson: dict[str, Any]) -> list[Any]:
    coordinates = geojson["coordinates"]
    return list(coordinates) if geojson["type"] == "MultiPolygon" else [coordinates]


def map_zones(geojson: dict[str, Any]) -> list[MapZone]:
    """Each part of a stored zone as a labelled zone to draw."""
    return [
        MapZone(zone_label(i), [[(float(p[0]), float(p[1])) for p in ring] for ring in rings])
        for i, rings in enumerate(_polygons(geojson))
    ]


def zone_summaries(geojson: dict[str, Any]) -> list[ZoneSummary]:
    """Each zone's label, area and outline corners as grid references."""
    summaries = []
    for i, rings in enumerate(_polygons(geojson)):
        area = to_bng({"type": "Polygon", "coordinates": rings}).area
        corners = tuple(grid_reference(p[0], p[1]) for p in rings[0][:-1])
        summaries.append(ZoneSummary(zone_label(i), float(area) / 1e6, corners))
    return summaries


def _read_tile(z: int, x: int, y: int) -> bytes | None:
    try:
        return tiles.fetch_tile(z, x, y)
    except NotFound:
        return None


def basemap_note() -> str:
    if not tiles.configured():
        return NO_BASEMAP_NOTE
    return f"Basemap: {tiles.attribution()}" if tiles.attribution() else ""


def draw_map(geojson: dict[str, Any], width: int = 1400, height: int = 1000) -> bytes:
    """Every zone of a request over the basemap (or the 1 km grid), as PNG. Blocking: it may
    fetch tiles; run it in a worker thread."""
    reader = _read_tile if tiles.configured() else None
    return draw_zones_map(
        map_zones(geojson), reader, tiles.attribution(), width=width, height=height
    )
