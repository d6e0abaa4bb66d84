"""Victims' Code compliance, case by case: for each entitlement a victim has (the offer of the
scheme, first contact, information at key stages, representations on licence conditions,
statements), whether it was delivered, when, and the reason for any departure.

Victims and Prisoners Act 2024, s.5 (in force 29 January 2025): the agencies keep under review
their compliance with the Victims' Code, which needs a record of each entitlement and the reason
for any departure. The compliance report (`vcs.reports.scheme`) counts the records by unit,
entitlement and reason. The reasons a person reads are the words below.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.casework.lifecycle import check_not_future
from vcs.casework.lock import claim_case
from vcs.casework.schemas import Departure, Entitlement, EntitlementIn, EntitlementOut
from vcs.casework.tables import EntitlementRecord
from vcs.casework.unit_scope import case_in_unit
from vcs.core.actors import Actor
from vcs.core.db import page_total, write_transaction
from vcs.core.errors import InvalidInput
from vcs.core.schemas import Page
from vcs.core.timeline import record_event

ENTITLEMENT_WORDS: dict[str, str] = {
    Entitlement.OFFER: "The offer of the Victim Contact Scheme",
    Entitlement.FIRST_CONTACT: "First contact",
    Entitlement.KEY_STAGE_INFORMATION: "Information at the key stages of the sentence",
    Entitlement.REPRESENTATIONS: "Representations on licence conditions",
    Entitlement.STATEMENTS: "Making a statement (to the Parole Board or the tribunal)",
}
DEPARTURE_WORDS: dict[str, str] = {
    Departure.VICTIM_DECLINED: "The victim chose not to have it",
    Departure.COULD_NOT_CONTACT: "The victim could not be contacted",
    Departure.LATE_REFERRAL: "The referral reached the unit late",
    Departure.INFORMATION_LATE: "The information reached the unit late",
    Departure.OPERATIONAL: "Operational reasons in the unit",
    Departure.OTHER: "Another reason (see the notes)",
}


def _out(row: dict[str, Any]) -> EntitlementOut:
    departure = row["departure"] or None
    return EntitlementOut(
        id=row["id"],
        case_id=row["case"],
        entitlement=row["entitlement"],
        entitlement_words=ENTITLEMENT_WORDS[row["entitlement"]],
        delivered=row["delivered"],
        on=row["on"],
        departure=departure,
        departure_words=DEPARTURE_WORDS[departure] if departure else None,
        notes=row["notes"],
        recorded_by=row["recorded_by"],
    )


async def record_entitlement(
    actor: Actor, case_id: int, data: EntitlementIn, today: date
) -> EntitlementOut:
    """Record whether an entitlement was delivered and when; one not delivered needs the reason
    for the departure (a late one may give it). Victims and Prisoners Act 2024, s.5."""
    check_not_future(data.on, today)
    if not data.delivered and data.departure is None:
        raise InvalidInput.on("departure", "Say why the entitlement was not delivered")
    if data.departure is Departure.OTHER and not data.notes.strip():
        raise InvalidInput.on("notes", "Say what the other reason was")
    async with write_transaction():
        await claim_case(actor, case_id, data.version)
        row = EntitlementRecord(
            case=case_id,
            entitlement=data.entitlement.value,
            delivered=data.delivered,
            on=data.on,
            departure=data.departure.value if data.departure else "",
            notes=data.notes,
            recorded_by=actor.username,
        )
        await row.save()
        what = ENTITLEMENT_WORDS[data.entitlement]
        summary = f"{what}: {'delivered' if data.delivered else 'not delivered'}"
        if data.departure:
            summary += f" ({DEPARTURE_WORDS[data.departure].lower()})"
        await record_event(
            case_id,
            "entitlement_recorded",
            data.on,
            actor,
            summary,
            {"entitlement": data.entitlement.value, "delivered": data.delivered},
        )
        saved = await EntitlementRecord.select().where(EntitlementRecord.id == row.id).first()
    assert saved is not None
    return _out(saved)


async def list_entitlements(
    actor: Actor, case_id: int, limit: int, offset: int
) -> Page[EntitlementOut]:
    """The case's entitlement records, oldest first."""
    await case_in_unit(actor, case_id)
    where = EntitlementRecord.case == case_id
    rows = (
        await EntitlementRecord.select()
        .where(where)
        .order_by(EntitlementRecord.on)
        .order_by(EntitlementRecord.id)
        .limit(limit)
        .offset(offset)
    )
    return Page[EntitlementOut](
        items=[_out(r) for r in rows],
        total=await page_total(len(rows), limit, offset, EntitlementRecord.count().where(where)),
        limit=limit,
        offset=offset,
    )
