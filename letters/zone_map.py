"""The map of a request's zones for the decision maker: every zone over the basemap, with its
label, a scale bar, a north arrow and the basemap's attribution. Pure: zones and a way to read
tiles in, PNG bytes out (the tiles come from the caller, who fetches and caches them).

The picture is in Web Mercator (EPSG:3857), the projection of the basemap's tiles, at the
largest zoom level at which every zone fits; the zones are projected with pyproj, distances for
the scale bar measured on the ellipsoid (pyproj's Geod), and the tiles composed with Pillow. With
no basemap the zones are drawn over the 1 km squares of the British National Grid, and the map
says so: nothing pretends to be a basemap.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont
from pyproj import Geod, Transformer

from letters.maps import nice_scale_length

__all__ = ["MapZone", "TileReader", "draw_zones_map"]

LonLat = tuple[float, float]
TileReader = Callable[[int, int, int], bytes | None]  # (z, x, y) -> the tile's image, or None
TILE = 256
HALF_WORLD = 20037508.342789244  # metres: half the Web Mercator world's width
ZONE_RGB = (212, 53, 28)  # GOV.UK red
MIN_SPAN_M = 300.0
NO_BASEMAP = "No basemap is configured: zones drawn over the 1 km National Grid"
GRID_M = 1000.0


@dataclass(frozen=True)
class MapZone:
    """One zone: its label ("Zone A") and its rings in WGS84, the outline first then holes."""

    label: str
    rings: Sequence[Sequence[LonLat]]


@cache
def _mercator() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


@cache
def _grid_to_mercator() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:3857", always_xy=True)


@cache
def _to_grid() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


class _View:
    """Where Web Mercator metres land on the picture at one zoom level."""

    def __init__(self, bounds: tuple[float, float, float, float], width: int, height: int):
        left, bottom, right, top = bounds
        span_x, span_y = max(right - left, MIN_SPAN_M), max(top - bottom, MIN_SPAN_M)
        self.zoom = 19
        while self.zoom > 0 and (
            span_x * 1.3 > width * self.metres_per_px(self.zoom)
            or span_y * 1.3 > height * self.metres_per_px(self.zoom)
        ):
            self.zoom -= 1
        self.scale = self.metres_per_px(self.zoom)
        self.width, self.height = width, height
        centre_x, centre_y = (left + right) / 2, (bottom + top) / 2
        # the picture's top-left corner in world pixels at this zoom
        self.origin_x = (centre_x + HALF_WORLD) / self.scale - width / 2
        self.origin_y = (HALF_WORLD - centre_y) / self.scale - height / 2

    @staticmethod
    def metres_per_px(zoom: int) -> float:
        return float(2 * HALF_WORLD / (TILE * 2**zoom))

    def at(self, x: float, y: float) -> tuple[float, float]:
        return (
            (x + HALF_WORLD) / self.scale - self.origin_x,
            (HALF_WORLD - y) / self.scale - self.origin_y,
        )

    def ground(self, px: float, py: float) -> tuple[float, float]:
        return (
            (px + self.origin_x) * self.scale - HALF_WORLD,
            HALF_WORLD - (py + self.origin_y) * self.scale,
        )


def _projected(zones: Sequence[MapZone]) -> list[list[list[tuple[float, float]]]]:
    transform = _mercator().transform
    return [[[transform(lon, lat) for lon, lat in ring] for ring in zone.rings] for zone in zones]


def _paste_tiles(picture: Image.Image, view: _View, read: TileReader) -> bool:
    """Lay the basemap's tiles under the picture; False if not one tile could be had."""
    count, any_tile = 2**view.zoom, False
    first_x, first_y = math.floor(view.origin_x / TILE), math.floor(view.origin_y / TILE)
    last_x = math.floor((view.origin_x + view.width) / TILE)
    last_y = math.floor((view.origin_y + view.height) / TILE)
    for ty in range(max(first_y, 0), min(last_y, count - 1) + 1):
        for tx in range(first_x, last_x + 1):
            content = read(view.zoom, tx % count, ty)
            if not content:
                continue
            with Image.open(io.BytesIO(content)) as tile:
                tile_rgb = tile.convert("RGB")
            offset = (round(tx * TILE - view.origin_x), round(ty * TILE - view.origin_y))
            picture.paste(tile_rgb, offset)
            any_tile = True
    return any_tile


def _draw_grid(draw: ImageDraw.ImageDraw, view: _View) -> None:
    """The 1 km squares of the British National Grid across the picture, lightly."""
    to_grid = Transformer.from_crs("EPSG:3857", "EPSG:27700", always_xy=True).transform
    corners = [view.ground(px, py) for px in (0, view.width) for py in (0, view.height)]
    grid = [to_grid(x, y) for x, y in corners]
    east = [e for e, _ in grid]
    north = [n for _, n in grid]
    back = _grid_to_mercator().transform
    steps = 20
    e0, e1 = math.floor(min(east) / GRID_M), math.ceil(max(east) / GRID_M)
    n0, n1 = math.floor(min(north) / GRID_M), math.ceil(max(north) / GRID_M)
    if (e1 - e0) * (n1 - n0) > 40_000:
        return  # too far out for kilometre squares to mean anything
    for e in range(e0, e1 + 1):
        line = [
            back(e * GRID_M, min(north) + (max(north) - min(north)) * i / steps)
            for i in range(steps + 1)
        ]
        draw.line([view.at(x, y) for x, y in line], fill=(177, 180, 182), width=1)
    for n in range(n0, n1 + 1):
        line = [
            back(min(east) + (max(east) - min(east)) * i / steps, n * GRID_M)
            for i in range(steps + 1)
        ]
        draw.line([view.at(x, y) for x, y in line], fill=(177, 180, 182), width=1)


def _draw_zones(picture: Image.Image, view: _View, zones: Sequence[MapZone]) -> None:
    overlay = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    shade = ImageDraw.Draw(overlay)
    outline = ImageDraw.Draw(picture)
    font = _font(30)
    for zone, rings in zip(zones, _projected(zones), strict=True):
        points = [[view.at(x, y) for x, y in ring] for ring in rings]
        shade.polygon(points[0], fill=(*ZONE_RGB, 70))
        for hole in points[1:]:
            shade.polygon(hole, fill=(0, 0, 0, 0))
        for ring in points:
            outline.line([*ring, ring[0]], fill=ZONE_RGB, width=5, joint="curve")
        centre_x = sum(x for x, _ in points[0][:-1]) / (len(points[0]) - 1)
        centre_y = sum(y for _, y in points[0][:-1]) / (len(points[0]) - 1)
        shade.text(
            (centre_x, centre_y),
            zone.label,
            font=font,
            fill=(11, 12, 12, 255),
            anchor="mm",
            stroke_width=3,
            stroke_fill=(255, 255, 255, 255),
        )
    picture.paste(Image.alpha_composite(picture.convert("RGBA"), overlay).convert("RGB"))


def _draw_scale_bar(draw: ImageDraw.ImageDraw, view: _View) -> None:
    """A scale bar measured on the ground (the ellipsoid) along the picture's foot."""
    left, y = 24, view.height - 36
    lon0, lat0 = _mercator().transform(*view.ground(left, y), direction="INVERSE")
    lon1, lat1 = _mercator().transform(*view.ground(view.width - 24, y), direction="INVERSE")
    _, _, ground_m = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)
    px_per_m = (view.width - 48) / ground_m
    metres = nice_scale_length(ground_m)
    length = metres * px_per_m
    draw.rectangle([left - 8, y - 30, left + length + 40, y + 18], fill=(255, 255, 255))
    draw.rectangle([left, y, left + length / 2, y + 10], fill=(11, 12, 12))
    draw.rectangle(
        [left + length / 2, y, left + length, y + 10],
        fill=(255, 255, 255),
        outline=(11, 12, 12),
        width=2,
    )
    label = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    font = _font(22)
    draw.text((left, y - 4), "0", font=font, fill=(11, 12, 12), anchor="ls")
    draw.text((left + length, y - 4), label, font=font, fill=(11, 12, 12), anchor="ms")


def _draw_north_arrow(draw: ImageDraw.ImageDraw, view: _View) -> None:
    x, y = view.width - 40, 30
    draw.rectangle([x - 22, y - 12, x + 22, y + 62], fill=(255, 255, 255))
    draw.polygon([(x, y + 12), (x + 14, y + 56), (x, y + 44), (x - 14, y + 56)], fill=(11, 12, 12))
    draw.text((x, y + 4), "N", font=_font(20), fill=(11, 12, 12), anchor="ms")


def _draw_caption(draw: ImageDraw.ImageDraw, view: _View, text: str) -> None:
    if not text:
        return
    font = _font(18)
    box = draw.textbbox((view.width - 6, view.height - 4), text, font=font, anchor="rd")
    draw.rectangle([box[0] - 4, box[1] - 3, box[2] + 4, box[3] + 3], fill=(255, 255, 255))
    draw.text((view.width - 6, view.height - 4), text, font=font, fill=(11, 12, 12), anchor="rd")


def draw_zones_map(
    zones: Sequence[MapZone],
    read_tile: TileReader | None,
    attribution: str = "",
    *,
    width: int = 1400,
    height: int = 1000,
) -> bytes:
    """Every zone on one map (PNG): over the basemap's tiles when `read_tile` is given and has
    them, else over the 1 km National Grid with a note saying that no basemap is configured.
    Raises ValueError when there is no zone or a ring has fewer than four points."""
    if not zones or any(len(ring) < 4 for zone in zones for ring in zone.rings):
        raise ValueError("a map needs at least one zone, each ring at least four points")
    projected = _projected(zones)
    xs = [x for zone in projected for ring in zone for x, _ in ring]
    ys = [y for zone in projected for ring in zone for _, y in ring]
    view = _View((min(xs), min(ys), max(xs), max(ys)), width, height)
    picture = Image.new("RGB", (width, height), (243, 242, 241))
    draw = ImageDraw.Draw(picture)
    basemap = read_tile is not None and _paste_tiles(picture, view, read_tile)
    if not basemap:
        _draw_grid(draw, view)
    _draw_zones(picture, view, zones)
    draw = ImageDraw.Draw(picture)
    _draw_north_arrow(draw, view)
    _draw_scale_bar(draw, view)
    _draw_caption(draw, view, attribution if basemap else NO_BASEMAP)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=False)
    return out.getvalue()


def zone_corners_grid(rings: Sequence[Sequence[LonLat]]) -> list[tuple[float, float]]:
    """A zone's outline corners in metres on the British National Grid (the last, which closes
    the ring, left out)."""
    transform = _to_grid().transform
    return [transform(lon, lat) for lon, lat in rings[0][:-1]]
