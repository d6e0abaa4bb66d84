"""Zone maps drawn from the geometry itself: outline, scale bar, north arrow, no tiles."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from letters.maps import nice_scale_length, zone_svg

SVG = "{http://www.w3.org/2000/svg}"
# A 1 km square in east London on the British National Grid (metres).
SQUARE = [
    [
        (534000.0, 181000.0),
        (535000.0, 181000.0),
        (535000.0, 182000.0),
        (534000.0, 182000.0),
        (534000.0, 181000.0),
    ]
]
HOLE = [(534400.0, 181400.0), (534600.0, 181400.0), (534600.0, 181600.0), (534400.0, 181400.0)]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own drawing, not untrusted input)


def _zone_points(root: ET.Element) -> list[tuple[float, float]]:
    path = root.find(f"{SVG}path[@id='zone']")
    assert path is not None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.attrib["d"])]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def test_the_map_is_well_formed_svg_with_outline_scale_bar_and_north_arrow() -> None:
    root = _parse(zone_svg([SQUARE], title="Exclusion zone 1"))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Exclusion zone 1"  # type: ignore[union-attr]
    assert root.find(f"{SVG}g[@id='north-arrow']") is not None
    scale = root.find(f"{SVG}g[@id='scale-bar']")
    assert scale is not None
    labels = [t.text for t in scale.iter(f"{SVG}text")]
    # 1 km zone, 1.3 km shown: a quarter is 325 m, so the bar is 200 m.
    assert labels == ["0", "200 m"]
    assert "N" in [t.text for t in root.iter(f"{SVG}text")]


def test_north_is_up_and_the_scale_is_the_same_both_ways() -> None:
    points = _zone_points(_parse(zone_svg([SQUARE])))
    (x0, y0), (x1, y1), (x2, y2) = points[0], points[1], points[2]
    assert x1 > x0 and y1 == y0  # east is to the right
    assert y2 < y1 and x2 == x1  # north is up (SVG y grows downwards)
    assert math.isclose(x1 - x0, y1 - y2)


def test_the_bar_length_matches_the_drawing_scale() -> None:
    root = _parse(zone_svg([SQUARE]))
    zone_width_px = _zone_points(root)[1][0] - _zone_points(root)[0][0]  # 1000 m
    bar = root.find(f"{SVG}g[@id='scale-bar']")
    assert bar is not None
    bar_px = sum(float(r.attrib["width"]) for r in bar.iter(f"{SVG}rect"))
    assert math.isclose(bar_px / zone_width_px, 200 / 1000, rel_tol=0.01)


def test_holes_and_several_parts_are_drawn_as_one_even_odd_shape() -> None:
    far = [[(x + 3000, y) for x, y in SQUARE[0]]]
    root = _parse(zone_svg([[SQUARE[0], HOLE], far]))
    path = root.find(f"{SVG}path[@id='zone']")
    assert path is not None
    assert path.attrib["fill-rule"] == "evenodd"
    assert path.attrib["d"].count("M ") == 3
    label = root.find(f"{SVG}g[@id='scale-bar']")
    assert label is not None and "1 km" in ET.tostring(label, encoding="unicode")


def test_nothing_is_fetched_from_anywhere() -> None:
    svg = zone_svg([SQUARE])
    for external in ("http://", "https://", "href", "<image", "url("):
        assert external not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_title_is_escaped() -> None:
    root = _parse(zone_svg([SQUARE], title='Zone <A> & "B"'))
    assert root.find(f"{SVG}title").text == 'Zone <A> & "B"'  # type: ignore[union-attr]


def test_the_same_zone_always_gives_the_same_map() -> None:
    assert zone_svg([SQUARE]) == zone_svg([SQUARE])


def test_a_tiny_zone_is_still_drawn_at_a_readable_scale() -> None:
    tiny = [
        [(534000.0, 181000.0), (534010.0, 181000.0), (534010.0, 181010.0), (534000.0, 181000.0)]
    ]
    root = _parse(zone_svg([tiny]))
    label = root.find(f"{SVG}g[@id='scale-bar']")
    assert label is not None and "50 m" in ET.tostring(label, encoding="unicode")


@pytest.mark.parametrize(
    ("span", "length"),
    [(1300, 200), (4000, 1000), (400, 100), (260, 50), (13000, 2000), (90_000, 20_000)],
)
def test_nice_scale_lengths(span: float, length: float) -> None:
    assert nice_scale_length(span) == length


@pytest.mark.parametrize(
    "polygons",
    [
        [],
        [[]],
        [[[(0.0, 0.0), (1.0, 0.0), (0.0, 0.0)]]],
        [[[(0.0, 0.0), (math.nan, 0.0), (1.0, 1.0), (0.0, 0.0)]]],
        [[[(0.0, 0.0), (math.inf, 0.0), (1.0, 1.0), (0.0, 0.0)]]],
    ],
)
def test_impossible_zones_are_refused(polygons: list[list[list[tuple[float, float]]]]) -> None:
    with pytest.raises(ValueError):
        zone_svg(polygons)


def test_a_span_must_be_positive() -> None:
    with pytest.raises(ValueError):
        nice_scale_length(0)
