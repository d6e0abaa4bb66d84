"""Which of a unit's cases a search matches, and how closely.

Names are compared by trigrams (runs of three letters) of their folded form
(`vcs.core.folding`), so a misspelt, partial or reordered name still matches. PostgreSQL ranks
with `pg_trgm` over `search_unit_name`, the distinct folded names of each unit that searches them
(its own unit, or the Witness Care Unit that referred it), then reads the closest names' cases
from `search_case_name`, so a search reads its unit's names only, each once; SQLite finds
candidates in an FTS5 trigram table and ranks them here with the same measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vcs.core.db import is_postgres
from vcs.core.folding import fold
from vcs.core.likeness import close_enough, closeness, trigrams
from vcs.core.tables import Case, Offender

CANDIDATES = 200  # the closest matches kept from each way of matching
_CASE_NUMBER = re.compile(r"^(?:case\s*)?(\d{1,9})$", re.IGNORECASE)
_IDENTIFIER = re.compile(r"^(?=.*\d)[A-Z0-9/]{4,20}$")


@dataclass(frozen=True)
class Scope:
    """Whose cases a search reaches: a Victim Liaison Unit's own cases, or the cases opened
    from the referrals a Witness Care Unit made (`referred` is True)."""

    unit_id: int
    referred: bool = False

    @property
    def sql(self) -> str:
        """The unit column of a case `c` that the scope compares with its unit."""
        if self.referred:
            return "(SELECT r.referring_unit FROM referral r WHERE r.id = c.referral)"
        return "c.unit"

    def holds(self) -> Any:
        """The same condition for a query on `Case`."""
        if self.referred:
            return Case.referral.referring_unit == self.unit_id
        return Case.unit == self.unit_id


@dataclass(frozen=True)
class Match:
    case_id: int
    kind: str  # victim | offender | case
    ref: int  # the victim's, the offender's or the case's id
    score: float


async def by_number(scope: Scope, query: str) -> list[Match]:
    """The case with this number ("1234" or "Case 1234"), if the unit holds it."""
    found = _CASE_NUMBER.match(query.strip())
    if not found or int(found.group(1)) >= 2**31:
        return []
    case_id = int(found.group(1))
    rows = await Case.select(Case.id).where((Case.id == case_id) & scope.holds())
    return [Match(r["id"], "case", r["id"], 1.0) for r in rows]


async def by_identifier(scope: Scope, query: str) -> list[Match]:
    """The unit's cases of the offender with this CRN, prison number or PNC number."""
    wanted = re.sub(r"\s+", "", query).upper()
    if not _IDENTIFIER.match(wanted):
        return []
    which = (Offender.crn == wanted) | (Offender.prison_number == wanted) | (Offender.pnc == wanted)
    offenders = [r["id"] for r in await Offender.select(Offender.id).where(which).limit(50)]
    if not offenders:
        return []
    rows = (
        await Case.select(Case.id, Case.offender)
        .where(Case.offender.is_in(offenders) & scope.holds())
        .limit(CANDIDATES)
    )
    return [Match(r["id"], "offender", r["offender"], 1.0) for r in rows]


# The unit's distinct names close to the query, each scored once; then each name's first cases.
# (A name's cases share its score, so the closest CANDIDATES overall are among them.)
_POSTGRES_NAMES = """
WITH close AS MATERIALIZED (
    SELECT n.name, greatest(similarity(n.name, {}), word_similarity({}, n.name)) AS score
    FROM search_unit_name n
    WHERE n.unit = {} AND %(referred)s n.referred AND n.kind = '%(kind)s'
      AND (n.name %% {} OR {} <%% n.name)
)
SELECT s.case_id, s.ref, close.score FROM close CROSS JOIN LATERAL (
    SELECT c.case_id, c.ref FROM search_case_name c
    WHERE c.unit = {} AND %(referred)s c.referred AND c.kind = '%(kind)s' AND c.name = close.name
    ORDER BY c.case_id LIMIT %(limit)d
) AS s
ORDER BY close.score DESC, s.case_id LIMIT %(limit)d
"""
_SQLITE_NAMES = """
SELECT c.id AS case_id, s.ref AS ref, s.name AS name
FROM search_name s JOIN vcs_case c ON c.%(column)s = s.ref
WHERE search_name MATCH {} AND s.kind = '%(kind)s' AND %(scope)s = {}
ORDER BY s.rank LIMIT %(limit)d
"""
_NAMED = {"victim": ("victim", "v"), "offender": ("offender", "o")}


async def by_name(scope: Scope, query: str, whose: str) -> list[Match]:
    """The unit's cases whose victim's (or offender's) name is close to the query, closest
    first."""
    folded = " ".join(fold(query).split())
    grams = sorted({g for g in trigrams(folded) if g.strip() and len(g.strip()) == 3})
    if not grams:
        return []
    column, kind = _NAMED[whose]
    shape = {"table": whose, "column": column, "kind": kind, "limit": CANDIDATES}
    if is_postgres():
        shape["referred"] = "" if scope.referred else "NOT"
        rows: list[dict[str, Any]] = await Case.raw(
            _POSTGRES_NAMES % shape, folded, folded, scope.unit_id, folded, folded, scope.unit_id
        )
        return [Match(r["case_id"], whose, r["ref"], float(r["score"])) for r in rows]
    either = " OR ".join(f'"{g}"' for g in grams)
    shape["scope"] = scope.sql
    rows = await Case.raw(_SQLITE_NAMES % shape, either, scope.unit_id)
    return [
        Match(r["case_id"], whose, r["ref"], closeness(folded, r["name"]))
        for r in rows
        if close_enough(folded, r["name"])
    ]
