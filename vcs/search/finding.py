"""The search use case: a Victim Liaison Unit's own cases found by victim, offender or number.

VLOs and VLU managers search their unit's cases; a Witness Care officer searches the referrals
their unit made (`vcs.search.referred`), and sees of them only what the referral pages show.
National managers and everyone else are refused, since a search reaches victims' names; an
offender manager searches their own offenders through the offender side's door
(`vcs.offender_side.offender_search`), never here. The results show
the year of birth and the postcode district (not the address) so that two victims of the same
name can be told apart; showing them is a read of the victims' details, so it is audited (which
victims were shown, never what was typed).

What was typed stays out of the logs (the access log holds the route, never the query string)
and out of the audit trail. A search arrives as `GET ?q=` so the results page can be bookmarked
and gone back to; the browser's history of a VLU's own machine is the only other place it lands,
and the pages send no referrer to other sites.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.access import audit
from vcs.casework.unit_scope import require_casework
from vcs.core.actors import Actor, Role
from vcs.core.db import read_transaction
from vcs.core.errors import InvalidInput
from vcs.core.schemas import Page
from vcs.core.tables import Case
from vcs.referrals.tables import Offence
from vcs.search import matching, referred
from vcs.search.schemas import SearchHit

LONGEST_QUERY = 100


def check_query(query: str) -> str:
    text = " ".join(query.split())
    if not text:
        raise InvalidInput.on("q", "Enter a name, case number, CRN, prison number or PNC number")
    if len(text) > LONGEST_QUERY or any(ord(c) < 32 for c in text):
        raise InvalidInput.on("q", f"Enter at most {LONGEST_QUERY} letters and numbers")
    return text


async def matches(scope: matching.Scope, query: str) -> list[matching.Match]:
    """Every way of matching, best first; each case once, under its best match."""
    found = [
        *await (referred.by_referral_number if scope.referred else matching.by_number)(
            scope, query
        ),
        *await matching.by_identifier(scope, query),
        *await matching.by_name(scope, query, "victim"),
        *await matching.by_name(scope, query, "offender"),
    ]
    best: dict[int, matching.Match] = {}
    for match in sorted(found, key=lambda m: (-m.score, m.case_id)):
        best.setdefault(match.case_id, match)
    return list(best.values())


async def search(actor: Actor, query: str, limit: int, offset: int) -> Page[SearchHit]:
    """The actor's unit's cases matching the query, closest first; for a Witness Care
    officer, the referrals their unit made."""
    if actor.role is Role.WCU and actor.unit_id is not None:
        return await _referrals(actor.unit_id, check_query(query), limit, offset)
    unit_id = require_casework(actor)
    text = check_query(query)
    async with read_transaction():
        found = await matches(matching.Scope(unit_id), text)
        shown = found[offset : offset + limit]
        details = await _details([m.case_id for m in shown])
    kept = [m for m in shown if m.case_id in details]
    hits = [_hit(m, details[m.case_id]) for m in kept]
    if hits:
        victims = ", ".join(str(details[m.case_id]["victim"]) for m in kept)
        await audit.record(actor, "search_victims", "victim", None, f"victims shown: {victims}")
    return Page[SearchHit](items=hits, total=len(found), limit=limit, offset=offset)


async def _referrals(unit_id: int, text: str, limit: int, offset: int) -> Page[SearchHit]:
    """A Witness Care Unit's referrals matching the query, closest first."""
    async with read_transaction():
        found = await matches(matching.Scope(unit_id, referred=True), text)
        return await referred.page(found, limit, offset)


async def _details(case_ids: list[int]) -> dict[int, dict[str, Any]]:
    if not case_ids:
        return {}
    rows = await Case.select(
        Case.id,
        Case.state,
        Case.referral,
        Case.victim,
        Case.victim.name,
        Case.victim.date_of_birth,
        Case.victim.postcode,
        Case.offender.name,
        Case.unit.code,
        Case.unit.name,
        Case.assigned_to.display_name,
        Case.assigned_to.username,
    ).where(Case.id.is_in(case_ids))
    offences = await Offence.select(Offence.referral, Offence.description).where(
        Offence.referral.is_in(sorted({r["referral"] for r in rows}))
    )
    by_referral: dict[int, list[str]] = {}
    for offence in sorted(offences, key=lambda o: o["description"]):
        by_referral.setdefault(offence["referral"], []).append(offence["description"])
    return {r["id"]: {**r, "offences": by_referral.get(r["referral"], [])} for r in rows}


def _hit(match: matching.Match, row: dict[str, Any]) -> SearchHit:
    born: date | None = row["victim.date_of_birth"]
    district = (row["victim.postcode"] or "").split(" ")[0].upper()
    vlo = row["assigned_to.display_name"] or row["assigned_to.username"]
    parts = [f"Case {row['id']}", f"offender {row['offender.name']}"]
    if row["offences"]:
        parts.append("; ".join(row["offences"]))
    parts += [f"VLO {vlo}" if vlo else "not allocated", row["unit.name"] or "its unit"]
    if born:
        parts.append(f"born {born.year}")
    if district:
        parts.append(f"postcode {district}")
    if row["state"] == "closed":
        parts.append("closed")
    return SearchHit(
        kind=match.kind,
        id=match.ref,
        case_id=row["id"],
        label=row["victim.name"],
        detail=", ".join(parts),
        case_state=row["state"],
        offender=row["offender.name"],
        offences=row["offences"],
        unit_code=row["unit.code"],
        unit_name=row["unit.name"],
        vlo=vlo or None,
        year_of_birth=born.year if born else None,
        postcode_district=district,
    )
