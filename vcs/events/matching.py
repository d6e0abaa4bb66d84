"""Matching an event to our offender by prison number (NOMS) or case reference number (CRN)."""

from __future__ import annotations

from piccolo.custom_types import Combinable

from vcs.core.tables import Offender
from vcs.events.schemas import CRN, NOMS, HmppsEvent


class Unreadable(Exception):
    """The message cannot be handled as it stands: parked with this reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def identifiers(noms: str | None, crn: str | None) -> tuple[str | None, str | None]:
    """The event's prison number and CRN, checked for their form; at least one is needed."""
    if noms is not None and not NOMS.match(noms):
        raise Unreadable("The prison number (NOMS) is not in the form A1234BC")
    if crn is not None and not CRN.match(crn):
        raise Unreadable("The case reference number (CRN) is not in the form X123456")
    if noms is None and crn is None:
        raise Unreadable("The event names no prison number (NOMS) or case reference number (CRN)")
    return noms, crn


async def offenders_for(noms: str | None, crn: str | None) -> list[int]:
    """Every offender of ours holding either identifier: one is a match; none or several wait
    for a manager in the review queue."""
    if noms and crn:
        where: Combinable = (Offender.prison_number == noms) | (Offender.crn == crn)
    elif noms or crn:
        where = Offender.prison_number == noms if noms else Offender.crn == crn
    else:
        return []
    rows = await Offender.select(Offender.id).where(where).order_by(Offender.id)
    return [int(r["id"]) for r in rows]


async def offenders_by_identifier(events: list[HmppsEvent]) -> dict[tuple[str, str], set[int]]:
    """Our offenders holding any prison number or CRN the events name, in one query:
    ("NOMS", number) and ("CRN", number) to their ids."""
    noms = {n for e in events if (n := e.identifier("NOMS"))}
    crns = {c for e in events if (c := e.identifier("CRN"))}
    if not noms and not crns:
        return {}
    rows = await Offender.select(Offender.id, Offender.prison_number, Offender.crn).where(
        Offender.prison_number.is_in(sorted(noms or {""}))
        | Offender.crn.is_in(sorted(crns or {""}))
    )
    found: dict[tuple[str, str], set[int]] = {}
    for r in rows:
        if r["prison_number"] in noms:
            found.setdefault(("NOMS", r["prison_number"]), set()).add(int(r["id"]))
        if r["crn"] in crns:
            found.setdefault(("CRN", r["crn"]), set()).add(int(r["id"]))
    return found
