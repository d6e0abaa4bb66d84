"""Exclusion zones: real shapes inside England and Wales, of a sensible size, measured in metres."""

from __future__ import annotations

import math
from typing import Any

import pytest

from vcs.conditions.zones import MAX_POINTS, check_zone, polygons_in_metres, zone_area_and_warnings
from vcs.core.errors import InvalidInput

LONDON = (-0.0700, 51.5200)  # Whitechapel


def square(centre: tuple[float, float], side_m: float) -> list[list[list[float]]]:
    """A closed square ring of about side_m metres around a point (longitude, latitude)."""
    lon, lat = centre
    dlat = side_m / 2 / 111_320
    dlon = side_m / 2 / (111_320 * math.cos(math.radians(lat)))
    corners = [
        [lon - dlon, lat - dlat],
        [lon + dlon, lat - dlat],
        [lon + dlon, lat + dlat],
        [lon - dlon, lat + dlat],
    ]
    return [[*corners, corners[0]]]


def refused(kind: str, coordinates: Any) -> tuple[str, str]:
    with pytest.raises(InvalidInput) as caught:
        check_zone(kind, coordinates)
    [problem] = caught.value.problems
    return problem.field, problem.message


def test_a_square_kilometre_in_london_is_accepted_without_warnings() -> None:
    zone = check_zone("Polygon", square(LONDON, 1000))
    assert zone.geojson["type"] == "Polygon"
    assert 0.97e6 < zone.area_m2 < 1.03e6  # measured on the British National Grid
    assert zone.warnings == ()


def test_several_zones_in_one_multipolygon() -> None:
    cardiff = (-3.18, 51.48)
    zone = check_zone("MultiPolygon", [square(LONDON, 800), square(cardiff, 600)])
    assert 0.95e6 < zone.area_m2 < 1.05e6
    assert zone.warnings == ()


def test_a_hole_is_allowed_inside_the_outline() -> None:
    outline = square(LONDON, 2000)[0]
    hole = square(LONDON, 500)[0][::-1]
    zone = check_zone("Polygon", [outline, hole])
    assert 3.6e6 < zone.area_m2 < 3.9e6


def test_altitude_is_dropped_and_the_stored_shape_is_plain() -> None:
    ring = [[*p, 12.5] for p in square(LONDON, 1000)[0]]
    zone = check_zone("Polygon", [ring])
    assert all(len(p) == 2 for p in zone.geojson["coordinates"][0])


def test_a_zone_small_enough_to_pinpoint_a_home_is_warned_about() -> None:
    zone = check_zone("Polygon", square(LONDON, 150))
    assert [w.code for w in zone.warnings] == ["pinpoint_small"]
    assert "point to where the victim lives" in zone.warnings[0].message


def test_a_narrow_strip_is_warned_about() -> None:
    lon, lat = LONDON
    dlat = 100 / 111_320 / 2  # 100 m wide, about 2 km long
    strip = [
        [
            [lon - 0.015, lat - dlat],
            [lon + 0.015, lat - dlat],
            [lon + 0.015, lat + dlat],
            [lon - 0.015, lat + dlat],
            [lon - 0.015, lat - dlat],
        ]
    ]
    zone = check_zone("Polygon", strip)
    assert [w.code for w in zone.warnings] == ["pinpoint_narrow"]
    assert zone_area_and_warnings(zone.geojson)[1] == zone.warnings


def test_each_part_of_a_multipolygon_is_checked_for_pinpointing() -> None:
    zone = check_zone("MultiPolygon", [square(LONDON, 1000), square((-0.2, 51.5), 100)])
    assert [w.code for w in zone.warnings] == ["pinpoint_small"]
    assert zone.warnings[0].message.startswith("Part 2 of the zone")


@pytest.mark.parametrize(
    ("kind", "coordinates", "field", "words"),
    [
        pytest.param(
            "Polygon",
            [[[-0.08, 51.51], [-0.06, 51.53], [-0.06, 51.51], [-0.08, 51.53], [-0.08, 51.51]]],
            "zone",
            "crosses itself",
            id="self-intersecting bow tie",
        ),
        pytest.param(
            "Polygon",
            [[[-0.08, 51.51], [-0.06, 51.51], [-0.06, 51.53], [-0.08, 51.53], [-0.081, 51.51]]],
            "zone.coordinates[0]",
            "not closed",
            id="unclosed",
        ),
        pytest.param(
            "Polygon", square((2.35, 48.86), 1000), "zone", "outside England and Wales", id="paris"
        ),
        pytest.param(
            "Polygon",
            square((-4.25, 55.86), 1000),
            "zone",
            "outside England and Wales",
            id="glasgow",
        ),
        pytest.param(
            "Polygon",
            square((-4.48, 54.15), 1000),
            "zone",
            "outside England and Wales",
            id="isle of man",
        ),
        pytest.param(
            "Polygon",
            square((-3.05, 55.0), 20_000),
            "zone",
            "Part of the zone lies outside",
            id="straddles the Scottish border",
        ),
        pytest.param(
            "Polygon",
            square((-1.5, 52.5), 40_000),
            "zone",
            "the most is 500 km²",
            id="absurdly large",
        ),
        pytest.param("Polygon", square(LONDON, 20), "zone", "too small to enforce", id="tiny"),
        pytest.param(
            "Polygon",
            [[[-0.08, 51.51], [-0.06, 51.51], [-0.08, 51.51]]],
            "zone.coordinates[0]",
            "at least four points",
            id="too few points",
        ),
        pytest.param(
            "Polygon",
            [[["-0.08", 51.51], [-0.06, 51.51], [-0.06, 51.53], ["-0.08", 51.51]]],
            "zone.coordinates[0][0]",
            "pair of numbers",
            id="numbers as strings",
        ),
        pytest.param(
            "Polygon",
            [[[True, 51.51], [-0.06, 51.51], [-0.06, 51.53], [True, 51.51]]],
            "zone.coordinates[0][0]",
            "pair of numbers",
            id="booleans",
        ),
        pytest.param(
            "Polygon",
            [[[-0.08], [-0.06, 51.51], [-0.06, 51.53], [-0.08]]],
            "zone.coordinates[0][0]",
            "pair of numbers",
            id="one number",
        ),
        pytest.param(
            "Polygon",
            [[[530000, 180000], [531000, 180000], [531000, 181000], [530000, 180000]]],
            "zone.coordinates[0][0]",
            "WGS84",
            id="metres instead of degrees",
        ),
        pytest.param(
            "Polygon",
            [[[10**400, 1], [1, 1], [1, 2], [10**400, 1]]],
            "zone.coordinates[0][0]",
            "longitude",
            id="overflowing number",
        ),
        pytest.param("Polygon", [], "zone.coordinates", "non-empty list", id="no rings"),
        pytest.param("Polygon", "square", "zone.coordinates", "non-empty list", id="not a list"),
        pytest.param(
            "MultiPolygon",
            square(LONDON, 1000),
            "zone.coordinates[0][0]",
            "at least four points",
            id="a polygon sent as a multipolygon",
        ),
        pytest.param(
            "MultiPolygon",
            [square(LONDON, 1000), square((-0.069, 51.52), 1000)],
            "zone",
            "overlap",
            id="overlapping parts",
        ),
        pytest.param(
            "Polygon",
            [square(LONDON, 1000)[0], square((-0.2, 51.5), 100)[0]],
            "zone",
            "hole in the zone lies outside",
            id="hole outside the outline",
        ),
        pytest.param(
            "MultiPolygon",
            [square(LONDON, 10)] * 21,
            "zone.coordinates",
            "the most is 20",
            id="too many parts",
        ),
    ],
)
def test_invalid_zones_are_refused_naming_the_field(
    kind: str, coordinates: Any, field: str, words: str
) -> None:
    got_field, message = refused(kind, coordinates)
    assert (got_field, words) == (field, words) and words in message, message


def test_too_many_points_are_refused() -> None:
    lon, lat = LONDON
    n = MAX_POINTS + 1
    ring = [
        [lon + 0.01 * math.cos(2 * math.pi * i / n), lat + 0.01 * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]
    field, message = refused("Polygon", [[*ring, ring[0]]])
    assert field == "zone.coordinates"
    assert f"more than {MAX_POINTS} points" in message


def test_a_circle_within_the_limit_is_fine() -> None:
    lon, lat = LONDON
    n = 360
    ring = [
        [lon + 0.01 * math.cos(2 * math.pi * i / n), lat + 0.01 * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]
    assert check_zone("Polygon", [[*ring, ring[0]]]).warnings == ()


def test_the_zone_in_metres_is_on_the_british_national_grid() -> None:
    zone = check_zone("Polygon", [square(LONDON, 1000)[0], square(LONDON, 200)[0]])
    [[outline, hole]] = polygons_in_metres(zone.geojson)
    xs = [x for x, _ in outline]
    ys = [y for _, y in outline]
    # Whitechapel is about TQ 34 81: easting 534,xxx, northing 181,xxx.
    assert 533_000 < min(xs) < max(xs) < 536_000
    assert 180_500 < min(ys) < max(ys) < 182_500
    assert math.isclose(max(xs) - min(xs), 1000, rel_tol=0.03)
    assert len(hole) == 5
