"""Release points in words: the share of the sentence a person would name, never a fraction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vcs.core.words import release_point


@pytest.mark.parametrize(
    ("share", "words"),
    [
        ("0.5", "the half-way point"),
        (Decimal("0.50"), "the half-way point"),
        ("0.6667", "the two-thirds point"),
        ("0.667", "the two-thirds point"),
        ("0.3333", "the one-third point"),
        ("0.4", "the two-fifths point"),
        ("0.25", "the one-quarter point"),
        ("0.75", "the three-quarters point"),
        ("1", "the end of the sentence"),
        ("0.45", "45% of the way through the sentence"),
        ("0.66", "66% of the way through the sentence"),  # not quite two thirds
        ("0.125", "12.5% of the way through the sentence"),
    ],
)
def test_a_release_point_in_words(share: str | Decimal, words: str) -> None:
    assert release_point(share) == words
