"""The report charts: well-formed, accessible SVG whose bars and labels say the numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from letters.charts import CaseloadBar, MonthBar, caseload_chart, nice_ceiling, timeliness_chart

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [
    MonthBar("Jan 2026", 9.0, "67% in time"),
    MonthBar("Feb 2026", 12.5, "50% in time"),
    MonthBar("Mar 2026", None, "none"),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    """The drawn bars: rectangles in the plot, not the legend's swatches."""
    return [r for r in root.iter(f"{SVG}rect") if r.get("height") not in ("14", "8", None)]


def test_a_timeliness_chart_is_named_described_and_labelled() -> None:
    root = parse(timeliness_chart("chart-r", "Referrals on time", "Median per month", MONTHS, 10))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-r-title chart-r-desc"
    assert root.find(f"{SVG}title").text == "Referrals on time"  # type: ignore[union-attr]
    assert root.find(f"{SVG}title").get("id") == "chart-r-title"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Median per month"  # type: ignore[union-attr]
    words = texts(root)
    for label in ("Jan 2026", "Feb 2026", "Mar 2026", "67% in time", "9", "12.5", "none"):
        assert label in words
    assert "Target: 10 working days" in words
    assert "Hatched red: median over the target" in words


def test_a_bar_over_the_target_is_hatched_as_well_as_red() -> None:
    root = parse(timeliness_chart("c", "t", "d", MONTHS, 10))
    drawn = bars(root)
    assert len(drawn) == 2  # March has no value: no bar, the word "none"
    assert drawn[0].get("fill") == "#1d70b8"
    assert drawn[1].get("fill") == "url(#c-over)"
    pattern = root.find(f".//{SVG}pattern")
    assert pattern is not None and pattern.get("id") == "c-over"
    assert pattern.find(f"{SVG}line") is not None  # the hatching


def test_bar_heights_are_proportional_to_the_values() -> None:
    root = parse(timeliness_chart("c", "t", "d", MONTHS, 10))
    first, second = (float(b.get("height", "0")) for b in bars(root))
    assert second / first == pytest.approx(12.5 / 9.0, rel=0.01)
    target = next(line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray"))
    first_bar = bars(root)[0]
    top = float(first_bar.get("y", "0")) + float(first_bar.get("height", "0"))
    assert (top - float(target.get("y1", "0"))) / first == pytest.approx(10 / 9.0, rel=0.01)


def test_no_styles_so_the_page_policy_holds_and_text_is_escaped() -> None:
    tricky = [MonthBar("<b>&", 3.0, '"quoted"')]
    svg = timeliness_chart("c", "A <title> & more", "desc <x>", tricky, 10)
    assert "<style" not in svg and "style=" not in svg
    root = parse(svg)
    assert "<b>&" in texts(root) and '"quoted"' in texts(root)
    assert root.find(f"{SVG}title").text == "A <title> & more"  # type: ignore[union-attr]


def test_a_caseload_chart_writes_both_numbers_beside_each_bar() -> None:
    people = [CaseloadBar("Priya Demo", 12, 3), CaseloadBar("Tom Sample", 4, 0)]
    root = parse(caseload_chart("load", "Open cases per VLO", "Two officers", people))
    assert root.get("aria-labelledby") == "load-title load-desc"
    assert texts(root) == [
        "Open cases",
        "Hatched: of which a clock is overdue",
        "Priya Demo",
        "12 open, 3 overdue",
        "Tom Sample",
        "4 open, 0 overdue",
    ]
    drawn = bars(root)
    widths = [float(b.get("width", "0")) for b in drawn]
    # Priya's open bar, her hatched overdue part (a quarter of it), Tom's open bar.
    assert [b.get("fill") for b in drawn] == ["#1d70b8", "url(#load-overdue)", "#1d70b8"]
    assert widths[1] / widths[0] == pytest.approx(3 / 12)
    assert widths[2] / widths[0] == pytest.approx(4 / 12)


def test_a_long_name_is_shortened_and_no_officers_is_said_in_words() -> None:
    root = parse(caseload_chart("c", "t", "d", [CaseloadBar("A" * 40, 1, 0)]))
    assert "A" * 25 + "…" in texts(root)
    empty = parse(caseload_chart("c", "t", "d", []))
    assert "No officers and no open cases" in texts(empty)


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [
        (0, 1, 1),
        (12, 12, 2),
        (12.5, 15, 5),
        (24, 25, 5),
        (7, 8, 2),
        (130, 150, 50),
        (0.3, 0.3, 0.05),
    ],
)
def test_the_axis_has_a_round_top_and_at_most_six_steps(
    value: float, top: float, step: float
) -> None:
    found_top, found_step = nice_ceiling(value)
    assert (found_top, found_step) == pytest.approx((top, step))
    assert found_top >= value and round(found_top / found_step) <= 6


def test_ids_are_unique_per_chart_so_two_charts_share_a_page() -> None:
    one = timeliness_chart("a", "t", "d", MONTHS, 10)
    two = timeliness_chart("b", "t", "d", MONTHS, 20)
    ids = re.findall(r'\sid="([^"]+)"', one + two)
    assert len(ids) == len(set(ids))
