"""A map of an exclusion zone drawn from its own geometry: outline, scale bar, north arrow.

Licence policy has the offender "not to enter the area as defined by the attached map"; the
attached map is drawn here as SVG from the zone's coordinates in metres on the British National
Grid (EPSG:27700), whose grid north is within a few degrees of true north across England and
Wales. No map tiles are fetched: nothing leaves the service to draw it, and nothing but the zone
(no homes, no streets) is shown. Pure: coordinates in, SVG text out, the same text every time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

__all__ = ["Point", "Polygon", "Ring", "nice_scale_length", "zone_svg"]

Point = tuple[float, float]
Ring = Sequence[Point]
Polygon = Sequence[Ring]  # the outline first, then any holes

ZONE_COLOUR = "#d4351c"
MIN_SPAN_M = 200.0  # the narrowest stretch of ground a map shows, so a tiny zone stays visible
PADDING = 0.15  # blank ground around the zone, as a share of its width or height


def nice_scale_length(span_m: float) -> float:
    """The longest 1, 2 or 5 times a power of ten metres that fits in a quarter of the span."""
    if not math.isfinite(span_m) or span_m <= 0:
        raise ValueError("the map's span must be a positive number of metres")
    target = span_m / 4
    power = 10 ** math.floor(math.log10(target))
    return float(max(step * power for step in (1, 2, 5) if step * power <= target))


def _scale_label(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def _check(polygons: Sequence[Polygon]) -> None:
    if not polygons:
        raise ValueError("a zone map needs at least one polygon")
    for polygon in polygons:
        if not polygon:
            raise ValueError("every polygon needs an outline")
        for ring in polygon:
            if len(ring) < 4:
                raise ValueError("every ring needs at least four points")
            for x, y in ring:
                if not (math.isfinite(x) and math.isfinite(y)):
                    raise ValueError("coordinates must be finite numbers of metres")


class _Frame:
    """Where ground coordinates land on the drawing: north up, the same scale both ways."""

    def __init__(self, polygons: Sequence[Polygon], left: float, top: float, side: float):
        xs = [x for polygon in polygons for ring in polygon for x, _ in ring]
        ys = [y for polygon in polygons for ring in polygon for _, y in ring]
        self.span = max(max(xs) - min(xs), max(ys) - min(ys), MIN_SPAN_M) * (1 + 2 * PADDING)
        self.centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
        self.left, self.top, self.side = left, top, side
        self.px_per_m = side / self.span

    def at(self, point: Point) -> str:
        x = self.left + self.side / 2 + (point[0] - self.centre[0]) * self.px_per_m
        y = self.top + self.side / 2 - (point[1] - self.centre[1]) * self.px_per_m
        return f"{x:.1f} {y:.1f}"


def _path(polygons: Sequence[Polygon], frame: _Frame) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [frame.at(p) for p in ring]
            parts.append("M " + " L ".join(points) + " Z")
    return " ".join(parts)


def _scale_bar(frame: _Frame, x: float, y: float) -> str:
    metres = nice_scale_length(frame.span)
    half = metres * frame.px_per_m / 2
    return (
        f'<g id="scale-bar" font-size="13">'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{half:.1f}" height="6" fill="#000"/>'
        f'<rect x="{x + half:.1f}" y="{y:.1f}" width="{half:.1f}" height="6" fill="#fff" '
        f'stroke="#000"/>'
        f'<text x="{x:.1f}" y="{y - 5:.1f}">0</text>'
        f'<text x="{x + 2 * half:.1f}" y="{y - 5:.1f}" text-anchor="middle">'
        f"{_scale_label(metres)}</text></g>"
    )


def _north_arrow(x: float, y: float) -> str:
    return (
        f'<g id="north-arrow"><path d="M {x:.1f} {y:.1f} l 10 30 l -10 -8 l -10 8 Z" '
        f'fill="#000"/><text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle" '
        f'font-size="16" font-weight="bold">N</text></g>'
    )


def zone_svg(polygons: Sequence[Polygon], *, title: str = "Exclusion zone", size: int = 600) -> str:
    """Draw a zone as an SVG map: its outline in red, a scale bar and a north arrow, on blank
    ground. `polygons` are in metres on the British National Grid, each an outline and its
    holes. Raises ValueError for an empty zone, a ring of fewer than four points or a
    coordinate that is not a finite number."""
    _check(polygons)
    margin, header = 24.0, 40.0
    side = size - 2 * margin
    height = size + header + 40
    frame = _Frame(polygons, margin, header, side)
    label = escape(title)
    description = escape(
        f"{title}: the area inside the red line. Grid north is up; the scale bar shows "
        f"{_scale_label(nice_scale_length(frame.span))}."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{height:.0f}" '
        f'viewBox="0 0 {size} {height:.0f}" role="img" aria-labelledby="map-title map-desc" '
        f'font-family="Liberation Sans, DejaVu Sans, sans-serif">'
        f'<title id="map-title">{label}</title><desc id="map-desc">{description}</desc>'
        f'<rect width="100%" height="100%" fill="#fff"/>'
        f'<text x="{margin:.0f}" y="26" font-size="18" font-weight="bold">{label}</text>'
        f'<rect x="{margin:.1f}" y="{header:.1f}" width="{side:.1f}" height="{side:.1f}" '
        f'fill="#f8f8f8" stroke="#505a5f"/>'
        f'<path id="zone" d="{_path(polygons, frame)}" fill="{ZONE_COLOUR}" fill-opacity="0.2" '
        f'fill-rule="evenodd" stroke="{ZONE_COLOUR}" stroke-width="3" stroke-linejoin="round"/>'
        f"{_north_arrow(margin + side - 24, header + 30)}"
        f"{_scale_bar(frame, margin + 16, header + side - 18)}"
        f'<text x="{margin:.0f}" y="{header + side + 26:.1f}" font-size="13">'
        "The area inside the red line. Grid north is up (British National Grid).</text>"
        "</svg>"
    )
