"""Exclusion zones: GeoJSON checked, measured on the British National Grid, drawn from itself.

A victim may ask for the offender "not to enter the area as defined by the attached map" (HMPPS
licence conditions policy). The area comes as a GeoJSON Polygon or MultiPolygon in WGS84
longitude and latitude (RFC 7946). It must be a real shape (closed rings, no outline crossing
itself, parts not overlapping), lie wholly inside England and Wales, and be of a sensible size.

Sizes (chosen here, and shown to the VLO with every zone):
- refused above MAX_AREA_KM2 (500 km²): an exclusion zone must be no wider than the risk needs,
  and a zone the size of a county is not a map a licence can enforce;
- refused below MIN_AREA_M2 (1,000 m², about a 30 m square): too small to enforce;
- a warning, not a refusal, when any part is under PINPOINT_AREA_M2 (0.05 km², about a 225 m
  square) or narrower than PINPOINT_WIDTH_M (200 m) at its narrowest: the offender sees the map,
  and so small a zone could point to the victim's home. Several wider zones are usual.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon

from vcs.core.errors import InvalidInput

MAX_POINTS = 2000
MAX_PARTS = 20
MAX_RINGS = 20  # an outline and its holes
MAX_AREA_KM2 = 500.0
MIN_AREA_M2 = 1_000.0
PINPOINT_AREA_M2 = 50_000.0
PINPOINT_WIDTH_M = 200.0

# England and Wales as a simplified outline drawn for this service (some sixty corners typed by
# hand, not taken from a surveyed or published boundary), kept a little out to sea so that a
# coastal zone is not refused; on land it runs roughly along the border with Scotland. The Isle
# of Man, the Channel Islands, Scotland and Ireland lie outside it. (longitude, latitude), WGS84.
ENGLAND_AND_WALES: Polygon = shapely.from_wkt(
    """POLYGON ((
    -2.04 55.81, -1.60 55.85, -1.25 55.40, -1.10 54.95, -0.75 54.65, -0.40 54.52, 0.10 54.15,
    0.35 53.60, 0.50 53.20, 0.60 52.97, 1.35 53.05, 1.85 52.85, 1.95 52.45, 1.75 52.00,
    1.45 51.75, 1.55 51.40, 1.50 51.15, 1.10 50.93, 0.35 50.68, -0.80 50.65, -1.30 50.52,
    -1.95 50.53, -2.45 50.45, -3.40 50.52, -3.60 50.15, -4.80 50.15, -5.20 49.90, -5.80 50.00,
    -6.55 49.80, -6.55 50.05, -5.85 50.20, -5.20 50.55, -4.70 51.05, -4.80 51.25, -5.20 51.55,
    -5.60 51.70, -5.45 51.95, -5.20 52.10, -4.95 52.75, -4.80 53.30, -4.60 53.48, -4.30 53.48,
    -3.60 53.38, -3.25 53.50, -3.15 53.80, -3.35 54.05, -3.75 54.50, -3.60 54.72, -3.48 54.84,
    -3.20 54.955, -3.05 54.985, -3.03 55.05, -2.85 55.12, -2.65 55.20, -2.50 55.30, -2.35 55.37,
    -2.20 55.45, -2.25 55.55, -2.25 55.65, -2.15 55.70, -2.04 55.81
    ))"""
)

PolygonsBng = list[list[list[tuple[float, float]]]]


@dataclass(frozen=True)
class ZoneWarning:
    code: str  # pinpoint_small | pinpoint_narrow
    message: str


@dataclass(frozen=True)
class CheckedZone:
    """A zone that passed every check: its GeoJSON as stored, its size and any warnings."""

    geojson: dict[str, Any]
    area_m2: float
    warnings: tuple[ZoneWarning, ...]


class _Problem(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


@cache
def _to_bng() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def _position(value: Any, where: str) -> list[float]:
    numbers = value if isinstance(value, list) and len(value) in (2, 3) else None
    if numbers is None or any(
        isinstance(n, bool) or not isinstance(n, int | float) for n in numbers
    ):
        raise _Problem(where, "must be a [longitude, latitude] pair of numbers")
    try:
        lon, lat = float(numbers[0]), float(numbers[1])
    except OverflowError:
        raise _Problem(where, "is not a longitude and latitude") from None
    if not (math.isfinite(lon) and math.isfinite(lat) and abs(lon) <= 180 and abs(lat) <= 90):
        raise _Problem(where, "is not a longitude and latitude (WGS84, in degrees)")
    return [lon, lat]


def _list(value: Any, where: str, what: str, most: int) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise _Problem(where, f"must be a non-empty list of {what}")
    if len(value) > most:
        raise _Problem(where, f"has {len(value)} {what}; the most is {most}")
    return value


def _polygon(value: Any, where: str, budget: list[int]) -> list[list[list[float]]]:
    rings = []
    for i, ring in enumerate(_list(value, where, "rings", MAX_RINGS)):
        at = f"{where}[{i}]"
        if not isinstance(ring, list) or len(ring) < 4:
            raise _Problem(at, "a ring needs at least four points, the last the same as the first")
        budget[0] -= len(ring)
        if budget[0] < 0:
            raise _Problem("zone.coordinates", f"The zone has more than {MAX_POINTS} points")
        points = [_position(p, f"{at}[{j}]") for j, p in enumerate(ring)]
        if points[0] != points[-1]:
            raise _Problem(at, "is not closed: its last point must be the same as its first")
        rings.append(points)
    return rings


def _parse(kind: str, coordinates: Any) -> dict[str, Any]:
    budget = [MAX_POINTS]
    if kind == "Polygon":
        return {"type": kind, "coordinates": _polygon(coordinates, "zone.coordinates", budget)}
    parts = _list(coordinates, "zone.coordinates", "polygons", MAX_PARTS)
    polygons = [_polygon(p, f"zone.coordinates[{i}]", budget) for i, p in enumerate(parts)]
    return {"type": kind, "coordinates": polygons}


def _validity_message(reason: str) -> str:
    name, _, place = reason.partition("[")
    near = f" near longitude {place.rstrip(']').replace(' ', ', latitude ')}" if place else ""
    if "Self-intersection" in name:
        return f"The zone's outline crosses itself, or two of its parts overlap,{near}"
    if "Hole lies outside shell" in name:
        return f"A hole in the zone lies outside its outline{near}"
    if "Too few points" in name:
        return f"A ring of the zone needs at least three different corners{near}"
    return f"The zone is not a valid shape ({name.strip()}){near}"


def _parts(geometry: Any) -> list[Polygon]:
    return list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]


def to_bng(geojson: dict[str, Any]) -> Any:
    """The zone's shape in metres on the British National Grid (EPSG:27700)."""

    def project(xy: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return np.column_stack(_to_bng().transform(xy[:, 0], xy[:, 1]))

    return shapely.transform(shapely.geometry.shape(geojson), project)


def _width_m(part: Polygon) -> float:
    """The short side of the smallest rectangle around the part: its narrowest width."""
    corners = list(shapely.oriented_envelope(part).exterior.coords)
    sides = [math.dist(corners[i], corners[i + 1]) for i in range(2)]
    return min(sides)


def _warnings(bng: Any) -> tuple[ZoneWarning, ...]:
    found = []
    parts = _parts(bng)
    for i, part in enumerate(parts):
        name = f"Part {i + 1} of the zone" if len(parts) > 1 else "The zone"
        if part.area < PINPOINT_AREA_M2:
            found.append(
                ZoneWarning(
                    "pinpoint_small",
                    f"{name} covers only {part.area / 1e6:.3f} km² (under "
                    f"{PINPOINT_AREA_M2 / 1e6:g} km²): so small a zone could point to where the "
                    "victim lives. Consider a wider zone, or several.",
                )
            )
        elif _width_m(part) < PINPOINT_WIDTH_M:
            found.append(
                ZoneWarning(
                    "pinpoint_narrow",
                    f"{name} is only {_width_m(part):.0f} m wide at its narrowest (under "
                    f"{PINPOINT_WIDTH_M:g} m): so narrow a zone could point to the "
                    "victim's street.",
                )
            )
    return tuple(found)


def check_zone(kind: str, coordinates: Any) -> CheckedZone:
    """Check an exclusion zone (GeoJSON Polygon or MultiPolygon, WGS84) and measure it.

    Rule: the HMPPS standard condition "not to enter the area as defined by the attached map";
    the map must be a real, enforceable area in England and Wales that does not pinpoint the
    victim's home. Raises InvalidInput naming the coordinate at fault.
    """
    try:
        geojson = _parse(kind, coordinates)
    except _Problem as problem:
        raise InvalidInput.on(problem.where, problem.message) from None
    geometry = shapely.geometry.shape(geojson)
    reason = shapely.is_valid_reason(geometry)
    if reason != "Valid Geometry":
        raise InvalidInput.on("zone", _validity_message(reason))
    if not ENGLAND_AND_WALES.contains(geometry):
        some = ENGLAND_AND_WALES.intersects(geometry)
        where = "Part of the zone lies" if some else "The zone lies"
        raise InvalidInput.on("zone", f"{where} outside England and Wales")
    bng = to_bng(geojson)
    if bng.area > MAX_AREA_KM2 * 1e6:
        raise InvalidInput.on(
            "zone",
            f"The zone covers {bng.area / 1e6:,.0f} km²; the most is {MAX_AREA_KM2:g} km². "
            "An exclusion zone should be no wider than the risk needs.",
        )
    if bng.area < MIN_AREA_M2:
        raise InvalidInput.on(
            "zone",
            f"The zone covers only {bng.area:,.0f} m², too small to enforce "
            f"(the least is {MIN_AREA_M2:,.0f} m²)",
        )
    return CheckedZone(geojson, float(bng.area), _warnings(bng))


def zone_area_and_warnings(geojson: dict[str, Any]) -> tuple[float, tuple[ZoneWarning, ...]]:
    """The size and warnings of a stored zone."""
    bng = to_bng(geojson)
    return float(bng.area), _warnings(bng)


def polygons_in_metres(geojson: dict[str, Any]) -> PolygonsBng:
    """A stored zone as plain coordinates in metres (outline, then holes), for drawing."""
    drawn: PolygonsBng = []
    for part in _parts(to_bng(geojson)):
        rings: Sequence[Any] = [part.exterior, *part.interiors]
        drawn.append([[(float(x), float(y)) for x, y in ring.coords] for ring in rings])
    return drawn
