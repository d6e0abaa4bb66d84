"""Charts for the managers' report pages, drawn as SVG from plain numbers.

Accessible by construction: each chart is an `img` named by its <title> and described by its
<desc>; every bar carries its number as text; meaning never rests on colour alone (a bar over
the target is also hatched and the legend says so; the overdue part of a caseload is hatched
and counted in words). Presentation attributes only, no <style>, so the pages' Content
Security Policy (style-src 'self') holds. Text is escaped; nothing here knows of tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = 'font-family="Arial, sans-serif"'
BLUE, RED, BLACK, GREY = "#1d70b8", "#d4351c", "#0b0c0c", "#b1b4b6"
WIDTH = 640


@dataclass(frozen=True)
class MonthBar:
    """One month: its label ("Jan 2026"), its value (None: nothing to show) and a note
    printed under the label ("67% in time")."""

    label: str
    value: float | None
    note: str = ""


@dataclass(frozen=True)
class CaseloadBar:
    """One officer: name, open cases and how many of them have a clock overdue."""

    label: str
    open_cases: int
    overdue: int


def _text(x: float, y: float, words: str, *, size: int = 14, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}" fill="{BLACK}" '
        f'text-anchor="{anchor}">{escape(words)}</text>'
    )


def _hatch(pattern_id: str, colour: str) -> str:
    return (
        f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{colour}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/></pattern>'
    )


def _open(chart_id: str, height: float, title: str, description: str, defs: str = "") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"<defs>{defs}</defs>"
    )


def nice_ceiling(value: float) -> tuple[float, float]:
    """An axis top at or above `value` and a tick step dividing it in at most 6 steps."""
    if value <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (0.1, 0.2, 0.5, 1, 2, 5, 10):
        step = factor * magnitude
        if value / step <= 6:
            return math.ceil(value / step) * step, step
    return math.ceil(value / magnitude) * magnitude, magnitude  # pragma: no cover


def _number(value: float) -> str:
    return f"{value:g}"


def timeliness_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[MonthBar],
    target: float,
    measure: str = "Median working days taken",
) -> str:
    """Bars per month of the median days taken, against a dashed target line. A bar over the
    target is red and hatched, and the legend says what that means."""
    left, right, top, bottom, height = 48.0, 16.0, 48.0, 56.0, 320.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [b.value for b in bars if b.value is not None]
    axis_top, step = nice_ceiling(max([target * 1.2, *values]))

    def y(value: float) -> float:
        return top + plot_h * (1 - value / axis_top)

    over = f"{chart_id}-over"
    parts = [_open(chart_id, height, title, description, _hatch(over, RED))]
    parts.append(_text(left, 18, measure, size=14))
    parts.append(f'<rect x="{left:.1f}" y="26" width="14" height="14" fill="url(#{over})"/>')
    parts.append(_text(left + 20, 38, "Hatched red: median over the target", size=13))
    for i in range(round(axis_top / step) + 1):
        tick = i * step
        parts.append(
            f'<line x1="{left:.1f}" y1="{y(tick):.1f}" x2="{WIDTH - right:.1f}" '
            f'y2="{y(tick):.1f}" stroke="{GREY}" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y(tick) + 4, _number(tick), size=12, anchor="end"))
    band = plot_w / max(len(bars), 1)
    for i, bar in enumerate(bars):
        centre = left + band * (i + 0.5)
        parts.append(_text(centre, top + plot_h + 18, bar.label, size=12, anchor="middle"))
        if bar.note:
            parts.append(_text(centre, top + plot_h + 34, bar.note, size=11, anchor="middle"))
        if bar.value is None:
            parts.append(_text(centre, top + plot_h - 6, "none", size=11, anchor="middle"))
            continue
        fill = f"url(#{over})" if bar.value > target else BLUE
        width = min(band * 0.6, 48.0)
        parts.append(
            f'<rect x="{centre - width / 2:.1f}" y="{y(bar.value):.1f}" width="{width:.1f}" '
            f'height="{y(0) - y(bar.value):.1f}" fill="{fill}"/>'
        )
        parts.append(_text(centre, y(bar.value) - 5, _number(bar.value), size=12, anchor="middle"))
    parts.append(
        f'<line x1="{left:.1f}" y1="{y(target):.1f}" x2="{WIDTH - right:.1f}" '
        f'y2="{y(target):.1f}" stroke="{BLACK}" stroke-width="2" stroke-dasharray="8 4"/>'
    )
    label = f"Target: {_number(target)} working days"
    parts.append(_text(WIDTH - right, y(target) - 6, label, size=13, anchor="end"))
    return "".join([*parts, "</svg>"])


def caseload_chart(chart_id: str, title: str, description: str, bars: Sequence[CaseloadBar]) -> str:
    """A horizontal bar of open cases per officer; the part with a clock overdue hatched, and
    both numbers written beside the bar."""
    label_w, row_h, top, right = 190.0, 30.0, 48.0, 150.0
    height = top + row_h * max(len(bars), 1) + 16
    plot_w = WIDTH - label_w - right
    axis_top, _ = nice_ceiling(max([1, *(b.open_cases for b in bars)]))
    overdue = f"{chart_id}-overdue"
    parts = [_open(chart_id, height, title, description, _hatch(overdue, BLACK))]
    parts.append(f'<rect x="0" y="12" width="14" height="14" fill="{BLUE}"/>')
    parts.append(_text(20, 24, "Open cases", size=13))
    parts.append(f'<rect x="130" y="12" width="14" height="14" fill="url(#{overdue})"/>')
    parts.append(_text(150, 24, "Hatched: of which a clock is overdue", size=13))
    if not bars:
        parts.append(_text(0, top + 18, "No officers and no open cases", size=13))
    for i, bar in enumerate(bars):
        row_y = top + row_h * i
        name = bar.label if len(bar.label) <= 26 else bar.label[:25] + "…"
        parts.append(_text(label_w - 8, row_y + 19, name, size=13, anchor="end"))
        open_w = plot_w * bar.open_cases / axis_top
        late_w = plot_w * bar.overdue / axis_top
        parts.append(
            f'<rect x="{label_w:.1f}" y="{row_y + 5:.1f}" width="{open_w:.1f}" height="20" '
            f'fill="{BLUE}"/>'
        )
        if bar.overdue:
            parts.append(
                f'<rect x="{label_w:.1f}" y="{row_y + 5:.1f}" width="{late_w:.1f}" '
                f'height="20" fill="url(#{overdue})"/>'
            )
        words = f"{bar.open_cases} open, {bar.overdue} overdue"
        parts.append(_text(label_w + open_w + 6, row_y + 19, words, size=13))
    return "".join([*parts, "</svg>"])
