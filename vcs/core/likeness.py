"""How alike a typed name and a stored name are, by trigrams (runs of three letters), the
measure PostgreSQL's `pg_trgm` uses, so that a misspelt, partial or reordered name is still
found. Both names are compared as folded (`vcs.core.folding`)."""

from __future__ import annotations

import re

SIMILAR = 0.3  # pg_trgm's default similarity threshold
WITHIN = 0.6  # pg_trgm's default word-similarity threshold


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in re.findall(r"\w+", text):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def closeness(query: str, name: str) -> float:
    """The larger of the two names' similarity and the share of the query's trigrams found in
    the name (a partial name such as a surname alone)."""
    asked, held = trigrams(query), trigrams(name)
    if not asked or not held:
        return 0.0
    shared = len(asked & held)
    return max(shared / len(asked | held), shared / len(asked))


def close_enough(query: str, name: str) -> bool:
    """Whether the name is close enough to count as found: pg_trgm's own thresholds."""
    asked, held = trigrams(query), trigrams(name)
    shared = len(asked & held)
    return bool(asked) and (shared / len(asked | held) >= SIMILAR or shared / len(asked) >= WITHIN)
