"""An offender manager's search: their own offenders (those the offender pages show them), found
by a name (misspelt, partial or reordered, with or without accents) or by CRN, prison number or
PNC number.

Only offenders' records are read, through the door's projection (`facts.managed_by`): never a
victim's. A victim's name typed here finds nothing, and no result holds anything of a victim.
"""

from __future__ import annotations

import re

from vcs.access import audit
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import InvalidInput, PermissionDenied
from vcs.core.folding import fold
from vcs.core.likeness import close_enough, closeness
from vcs.core.schemas import Page
from vcs.offender_side import facts
from vcs.offender_side.schemas import OffenderFound

LONGEST_QUERY = 100
MOST_OFFENDERS = 5000  # far beyond any offender manager's caseload


def _check_query(query: str) -> str:
    text = " ".join(query.split())
    if not text:
        raise InvalidInput.on("q", "Enter the offender's name, CRN, prison number or PNC number")
    if len(text) > LONGEST_QUERY or any(ord(c) < 32 for c in text):
        raise InvalidInput.on("q", f"Enter at most {LONGEST_QUERY} letters and numbers")
    return text


def _score(offender: facts.OffenderFacts, text: str) -> float:
    """1 for the offender's CRN, prison number or PNC; else how close the name is (0: not)."""
    number = re.sub(r"\s+", "", text).upper()
    if number in {offender.crn, offender.prison_number, offender.pnc}:
        return 1.0
    typed, name = " ".join(fold(text).split()), fold(offender.name)
    return closeness(typed, name) if close_enough(typed, name) else 0.0


async def search_offenders(
    actor: Actor, query: str, limit: int, offset: int
) -> Page[OffenderFound]:
    """The offender manager's own offenders whose name is close to the query, or whose CRN,
    prison number or PNC number it is; closest first. Audited, without what was typed."""
    if actor.role is not Role.OFFENDER_MANAGER:
        raise PermissionDenied("Only an offender manager searches their offenders")
    text = _check_query(query)
    mine, _ = await facts.managed_by(actor.user_id, MOST_OFFENDERS, 0)
    scored = sorted(((_score(o, text), o) for o in mine), key=lambda s: (-s[0], s[1].name))
    found = [o for score, o in scored if score > 0]
    async with write_transaction():
        await audit.record(actor, "search_offenders", "offender", None)
    return Page[OffenderFound](
        items=[_found(o) for o in found[offset : offset + limit]],
        total=len(found),
        limit=limit,
        offset=offset,
    )


def _found(offender: facts.OffenderFacts) -> OffenderFound:
    numbers = [
        f"CRN {offender.crn}" if offender.crn else "",
        f"prison number {offender.prison_number}" if offender.prison_number else "",
        f"PNC {offender.pnc}" if offender.pnc else "",
    ]
    return OffenderFound(
        kind="offender",
        id=offender.id,
        label=offender.name,
        detail=", ".join(n for n in numbers if n) or "No identifier recorded",
    )
