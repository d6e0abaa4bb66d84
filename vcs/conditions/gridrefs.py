"""Ordnance Survey National Grid references for the corners of a zone, both ways.

A grid reference names a point by its 100 km square (two letters, "TQ") and its easting and
northing within it ("30080 80760", to the metre). The projection between longitude and latitude
(WGS84) and the British National Grid (OSGB36, EPSG:27700) is pyproj's; the letters are the
Ordnance Survey's lettering of the 500 km and 100 km squares ("A guide to coordinate systems in
Great Britain", Ordnance Survey).
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from pyproj import Transformer

from vcs.core.errors import InvalidInput

LETTERS = "ABCDEFGHJKLMNOPQRSTUVWXYZ"  # the grid's 25 letters: no I
GRID_REF = re.compile(r"^\s*([A-HJ-Z]{2})\s*(\d+)\s*(\d+)?\s*$", re.IGNORECASE)
LAT_LON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,\s]\s*(-?\d+(?:\.\d+)?)\s*$")
MAX_LINES = 2100  # a zone holds at most 2,000 points
EXAMPLES = '"TQ 30080 80760", or a latitude and longitude such as "51.5079, -0.1280"'


@cache
def _to_grid() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


@cache
def _from_grid() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def _square(easting: float, northing: float) -> str:
    e, n = int(easting // 100_000), int(northing // 100_000)
    if not (0 <= e < 7 and 0 <= n < 13):
        raise ValueError("outside the National Grid")
    first = LETTERS[(19 - n) - (19 - n) % 5 + (e + 10) // 5]
    second = LETTERS[(19 - n) * 5 % 25 + e % 5]
    return first + second


def grid_reference(lon: float, lat: float) -> str:
    """A point as a 10-figure grid reference (to the metre), such as "TQ 30080 80760"."""
    easting, northing = _to_grid().transform(lon, lat)
    square = _square(easting, northing)
    return f"{square} {round(easting) % 100_000:05d} {round(northing) % 100_000:05d}"


def point_grid_reference(point: list[float]) -> str:
    """A GeoJSON [longitude, latitude] position as a grid reference, or words saying it lies
    off the National Grid."""
    try:
        return grid_reference(point[0], point[1])
    except ValueError:
        return "off the National Grid"


def _from_square(square: str, east: str, north: str) -> tuple[float, float]:
    first, second = (LETTERS.index(c) for c in square.upper())
    e100 = ((first - 2) % 5) * 5 + second % 5
    n100 = (19 - (first // 5) * 5) - second // 5
    if len(east) != len(north) or not 1 <= len(east) <= 5:
        raise ValueError("the easting and northing must have the same number of figures")
    unit = 10 ** (5 - len(east))
    return e100 * 100_000 + int(east) * unit, n100 * 100_000 + int(north) * unit


def parse_position(text: str, field: str, line: int | None = None) -> list[float]:
    """A corner typed as a grid reference ("TQ 30080 80760", "TQ3008080760") or as a latitude
    and longitude ("51.5079, -0.1280"), as [longitude, latitude]. Raises InvalidInput naming
    the field (and the line), without repeating what was typed."""
    where = f"Line {line}: " if line else ""
    grid = GRID_REF.match(text)
    if grid:
        square, east, north = grid.groups()
        if north is None:  # written without a space: split the figures in half
            east, north = east[: len(east) // 2], east[len(east) // 2 :]
        try:
            easting, northing = _from_square(square, east, north)
        except ValueError as problem:
            raise InvalidInput.on(
                field, f"{where}the grid reference is not usable: {problem}"
            ) from None
        lon, lat = _from_grid().transform(easting, northing)
        return [round(lon, 7), round(lat, 7)]
    pair = LAT_LON.match(text)
    if pair:
        lat, lon = float(pair.group(1)), float(pair.group(2))
        if math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180:
            return [lon, lat]
    raise InvalidInput.on(field, f"{where}each corner must be a grid reference such as {EXAMPLES}")


def zone_from_corners(text: str, field: str = "corners") -> dict[str, Any]:
    """Zones typed as their corners, one corner a line, a blank line between zones: a GeoJSON
    Polygon (one zone) or MultiPolygon (several), each outline closed. The shape itself is then
    checked like any zone (`vcs.conditions.zones.check_zone`)."""
    zones: list[list[list[float]]] = [[]]
    for number, line in enumerate(text.splitlines()[:MAX_LINES], start=1):
        if not line.strip():
            if zones[-1]:
                zones.append([])
            continue
        zones[-1].append(parse_position(line, field, number))
    zones = [corners for corners in zones if corners]
    if not zones:
        raise InvalidInput.on(field, "Type the corners of at least one zone")
    for i, corners in enumerate(zones):
        if len(corners) < 3:
            raise InvalidInput.on(field, f"Zone {i + 1} needs at least three corners")
        if corners[0] != corners[-1]:
            corners.append(list(corners[0]))
    if len(zones) == 1:
        return {"type": "Polygon", "coordinates": [zones[0]]}
    return {"type": "MultiPolygon", "coordinates": [[corners] for corners in zones]}


# The 1 km grid lines drawn when no basemap is configured: asked for the map's visible box, at
# most GRID_MAX_DEGREES of latitude and of longitude wide (about 55 km by 60 km, some 3,600
# grid crossings), so no request can make the service compute a country's grid.
GRID_MAX_DEGREES = (0.5, 0.9)  # latitude, longitude
GRID_AREA = (-9.0, 49.75, 2.0, 61.0)  # west, south, east, north: where the National Grid is used
GRID_SIZE = (700_000, 1_300_000)  # the National Grid's extent in metres, east and north


def grid_lines(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    """The National Grid's 1 km lines across a box of longitudes and latitudes, as a GeoJSON
    MultiLineString in longitude and latitude: each line of equal easting or northing is a
    straight line on the Ordnance Survey's maps and a slight curve on the web map, so it is
    given a point at every kilometre. Lines outside the National Grid's area are left out.
    Raises InvalidInput naming `west`/`south` when the box is empty or too wide."""
    if not (west < east):
        raise InvalidInput.on("west", "The box's west edge must lie west of its east edge")
    if not (south < north):
        raise InvalidInput.on("south", "The box's south edge must lie south of its north edge")
    if north - south > GRID_MAX_DEGREES[0] or east - west > GRID_MAX_DEGREES[1]:
        raise InvalidInput.on(
            "west",
            "The box is too wide for a 1 km grid: from west to east at most "
            f"{GRID_MAX_DEGREES[1]:g} degrees of longitude, from south to north at most "
            f"{GRID_MAX_DEGREES[0]:g} of latitude",
        )
    west, south = max(west, GRID_AREA[0]), max(south, GRID_AREA[1])
    east, north = min(east, GRID_AREA[2]), min(north, GRID_AREA[3])
    if west >= east or south >= north:
        return {"type": "MultiLineString", "coordinates": []}
    # The box's edges in grid metres: its corners and the middles of its edges.
    lons = [west, (west + east) / 2, east, east, east, (west + east) / 2, west, west]
    lats = [south, south, south, (south + north) / 2, north, north, north, (south + north) / 2]
    eastings, northings = _to_grid().transform(lons, lats)
    first_e = max(0, math.floor(min(eastings) / 1000))
    last_e = min(GRID_SIZE[0] // 1000, math.ceil(max(eastings) / 1000))
    first_n = max(0, math.floor(min(northings) / 1000))
    last_n = min(GRID_SIZE[1] // 1000, math.ceil(max(northings) / 1000))
    kms_e = [k * 1000 for k in range(first_e, last_e + 1)]
    kms_n = [k * 1000 for k in range(first_n, last_n + 1)]
    xs: list[float] = []
    ys: list[float] = []
    for fixed in kms_e:  # the lines of equal easting, south to north
        xs += [float(fixed)] * len(kms_n)
        ys += [float(k) for k in kms_n]
    for fixed in kms_n:  # the lines of equal northing, west to east
        xs += [float(k) for k in kms_e]
        ys += [float(fixed)] * len(kms_e)
    all_lons, all_lats = _from_grid().transform(xs, ys)  # one call: fast
    points = [[round(x, 6), round(y, 6)] for x, y in zip(all_lons, all_lats, strict=True)]
    lines = [points[i : i + len(kms_n)] for i in range(0, len(kms_e) * len(kms_n), len(kms_n))]
    start = len(kms_e) * len(kms_n)
    lines += [points[i : i + len(kms_e)] for i in range(start, len(points), len(kms_e))]
    return {"type": "MultiLineString", "coordinates": [line for line in lines if len(line) > 1]}
