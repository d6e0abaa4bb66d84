"""Dates as the service writes them in timeline entries and tasks: "6 December 2026"; release
points in words: "the half-way point"."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from letters import Language
from letters.dates import format_long_date


def long_date(day: date | str) -> str:
    """A date written out as people write it, never as 2026-12-06."""
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return format_long_date(value, Language.EN)


# The release points sentences use, by their share of the sentence, as people say them.
RELEASE_POINTS: dict[Fraction, str] = {
    Fraction(1, 4): "one-quarter point",
    Fraction(1, 3): "one-third point",
    Fraction(2, 5): "two-fifths point",
    Fraction(1, 2): "half-way point",
    Fraction(3, 5): "three-fifths point",
    Fraction(2, 3): "two-thirds point",
    Fraction(3, 4): "three-quarters point",
    Fraction(1, 1): "end of the sentence",
}


def release_point(share: Decimal | str) -> str:
    """A release point in words: 0.5 is "the half-way point", 0.6667 "the two-thirds point";
    a share no sentence uses is a percentage of the way through the sentence."""
    value = Decimal(str(share))
    near = Fraction(value).limit_denominator(12)
    for fraction, words in RELEASE_POINTS.items():
        if near == fraction and abs(Fraction(value) - fraction) < Fraction(1, 1000):
            return f"the {words}"
    percent = format((value * 100).normalize(), "f")
    return f"{percent}% of the way through the sentence"
