"""A Witness Care officer corrects the victims' details on a referral their unit made, until
the Victim Liaison Unit acts on it.

The VLU acts on a referral when it allocates one of its cases to a Victim Liaison Officer, or
changes a case in any way (a contact attempt, a choice, a letter): from then on the VLU holds
the victim's details and the officer asks the VLU to correct them. Eligibility is decided by
the rules when the referral arrives, so it is not the VLU's act. The cases' versions are moved
on in the same transaction, so a correction and the VLU's first act can never both win.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.access import audit
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from vcs.core.tables import Case, Referral, Victim
from vcs.core.timeline import record_event
from vcs.referrals.correction_schemas import ReferralCorrection, VictimCorrection
from vcs.referrals.reads import get_referral_out
from vcs.referrals.schemas import ReferralOut

ACTED = (
    "The victim liaison unit has already started work on this referral ({what}); "
    "contact them to correct it"
)
FIELD_WORDS = {
    "name": "name",
    "date_of_birth": "date of birth",
    "address": "address",
    "email": "email address",
    "phone": "phone number",
    "language": "language",
}


async def correct_referral(
    actor: Actor, referral_id: int, data: ReferralCorrection, today: date
) -> ReferralOut:
    """Correct the victims' details sent on a referral, with a reason; refused (409) once the
    VLU has acted on it. Audited, and an event on each corrected victim's case."""
    async with write_transaction():
        await _own_referral(actor, referral_id)
        cases = {c["victim"]: c for c in await Case.select().where(Case.referral == referral_id)}
        for i, fix in enumerate(data.victims):
            if fix.victim_id not in cases:
                raise InvalidInput.on(
                    f"victims[{i}].victim_id", "This victim is not on the referral"
                )
            if fix.date_of_birth is not None and fix.date_of_birth > today:
                raise InvalidInput.on(f"victims[{i}].date_of_birth", "This date is in the future")
        for case in cases.values():
            await _claim_before_the_vlu(case)
        for fix in data.victims:
            fields = await _apply(fix)
            case_id = cases[fix.victim_id]["id"]
            await audit.record(
                actor,
                "correct_referral",
                "victim",
                fix.victim_id,
                f"referral {referral_id}: " + ", ".join(fields),
            )
            words = ", ".join(FIELD_WORDS[f] for f in fields)
            await record_event(
                case_id,
                "referral_corrected",
                today,
                actor,
                f"The Witness Care Unit corrected the victim's {words}: {data.reason}",
                {"fields": fields, "reason": data.reason},
            )
    return await get_referral_out(referral_id, today, show_contact_clock=False)


async def _own_referral(actor: Actor, referral_id: int) -> dict[str, Any]:
    row = await Referral.select().where(Referral.id == referral_id).first()
    if row is None:
        raise NotFound("There is no referral with this number")
    if actor.role is not Role.WCU or row["referring_unit"] != actor.unit_id:
        raise PermissionDenied("Only the Witness Care Unit that made a referral can correct it")
    return row


async def _claim_before_the_vlu(case: dict[str, Any]) -> None:
    """Move the case's version on if the VLU has not touched it, else refuse with why."""
    if case["assigned_to"] is not None:
        raise Conflict(ACTED.format(what="a Victim Liaison Officer has the case"))
    updated = (
        await Case.update({Case.version: Case.version + 1})
        .where(
            (Case.id == case["id"])
            & (Case.version == case["version"])
            & (Case.version == 1)
            & Case.assigned_to.is_null()
        )
        .returning(Case.id)
    )
    if not updated:
        raise Conflict(ACTED.format(what="the case has been worked on"))


async def _apply(fix: VictimCorrection) -> list[str]:
    victim = await Victim.select().where(Victim.id == fix.victim_id).first()
    assert victim is not None
    columns: dict[str, Any] = {}
    if fix.name is not None:
        columns["name"] = fix.name
    if fix.date_of_birth is not None:
        columns["date_of_birth"] = fix.date_of_birth
    if fix.address is not None:
        a = fix.address
        columns |= {"address_line1": a.line1, "address_line2": a.line2, "town": a.town}
        columns["postcode"] = a.postcode
    if fix.email is not None:
        columns["email"] = fix.email
    if fix.phone is not None:
        columns["phone"] = fix.phone
    if fix.language is not None:
        columns["language"] = fix.language.value
    changed = {k: v for k, v in columns.items() if victim[k] != v}
    if not changed:
        raise InvalidInput.on("victims", "These are the details already sent: nothing changed")
    await Victim.update(changed).where(Victim.id == fix.victim_id)  # type: ignore[arg-type]
    address = ("address_line1", "address_line2", "town", "postcode")
    return [
        f for f in FIELD_WORDS if f in changed or (f == "address" and set(address) & set(changed))
    ]
