"""A Witness Care officer's search: the referrals their unit made, found by the victim's or the
offender's name, the offender's CRN, prison number or PNC, or the referral's number.

A Witness Care Unit sees of a referral what its referral pages show (the victims' names, the
offender, the sentence date and whether the Victim Liaison Unit accepted it) and nothing that
happened after that: no case, no officer, no contact detail.
"""

from __future__ import annotations

from typing import Any

from vcs.core.schemas import Page
from vcs.core.tables import Case
from vcs.core.words import long_date
from vcs.search import matching
from vcs.search.schemas import SearchHit

STATUS = {
    "statutory": "accepted",
    "discretionary": "accepted at discretion",
    "ineligible": "not eligible",
}


async def by_referral_number(scope: matching.Scope, query: str) -> list[matching.Match]:
    """The cases opened from the unit's referral with this number ("12" or "Referral 12")."""
    number = query.lower().removeprefix("referral").strip()
    if not number.isdigit() or int(number) >= 2**31:
        return []
    rows = await Case.select(Case.id, Case.referral).where(
        (Case.referral == int(number)) & scope.holds()
    )
    return [matching.Match(r["id"], "referral", r["referral"], 1.0) for r in rows]


async def page(found: list[matching.Match], limit: int, offset: int) -> Page[SearchHit]:
    """The referrals of the cases found, each once under its closest match, closest first."""
    rows = await _rows([m.case_id for m in found])
    best: dict[int, dict[str, Any]] = {}
    for match in found:
        row = rows.get(match.case_id)
        if row is not None:
            best.setdefault(row["referral"], row)
    referrals = list(best.values())
    hits = [_hit(r) for r in referrals[offset : offset + limit]]
    return Page[SearchHit](items=hits, total=len(referrals), limit=limit, offset=offset)


async def _rows(case_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = await Case.select(
        Case.id,
        Case.referral,
        Case.referral.eligibility_status,
        Case.referral.sentence.sentenced_on,  # type: ignore[union-attr]
        Case.victim.name,
        Case.offender.name,
        Case.unit.code,
        Case.unit.name,
    ).where(Case.id.is_in(case_ids or [0]))
    return {r["id"]: r for r in rows}


def _hit(row: dict[str, Any]) -> SearchHit:
    status = STATUS.get(row["referral.eligibility_status"], "waiting for a decision")
    sentenced = long_date(row["referral.sentence.sentenced_on"])
    detail = f"Offender {row['offender.name']}, sentenced {sentenced}, {status}"
    return SearchHit(
        kind="referral",
        id=row["referral"],
        case_id=None,
        label=f"Referral {row['referral']}: {row['victim.name']}",
        detail=detail,
        case_state=status,
        offender=row["offender.name"],
        offences=[],
        unit_code=row["unit.code"],
        unit_name=row["unit.name"],
        vlo=None,
        year_of_birth=None,
        postcode_district="",
    )
