"""Referrals from Witness Care Units: eligibility decided, a case and a clock for each victim.

Rules: the Victims' Code (a referral within 10 working days of sentence; first contact within 20
working days of the referral) and the Domestic Violence, Crime and Victims Act 2004, ss.35-45.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from deadlines import Clock
from vcs.access import audit
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Conflict, FieldProblem, InvalidInput, PermissionDenied
from vcs.core.tables import Case, Offender, Referral, Sentence, Unit, Victim
from vcs.core.timeline import record_event
from vcs.core.words import long_date
from vcs.referrals.checks import check_referral_dates
from vcs.referrals.eligibility import (
    EligibilityDecision,
    EligibilityStatus,
    OffenceFacts,
    SentenceFacts,
    decide_eligibility,
)
from vcs.referrals.reads import get_referral_out
from vcs.referrals.schemas import OffenderIn, ReferralCreate, ReferralOut, UnitChoice, VictimIn
from vcs.referrals.tables import Offence


def decide(data: ReferralCreate) -> EligibilityDecision:
    """Eligibility for the scheme under the rule set in force on the sentence date."""
    return decide_eligibility(
        [OffenceFacts(o.category, o.against_child, o.description, o.code) for o in data.offences],
        SentenceFacts(data.sentence.type, data.sentence.date, data.sentence.length_months),
        data.discretionary_reason,
    )


async def _find_offender(offender: OffenderIn) -> int | None:
    """The same offender: by CRN, PNC or prison number, or else by exact name and date of birth."""
    for column, value in (
        (Offender.crn, offender.crn),
        (Offender.pnc, offender.pnc),
        (Offender.prison_number, offender.prison_number),
    ):
        if value:
            row = await Offender.select(Offender.id).where(column == value).first()
            if row:
                return int(row["id"])
    rows = await Offender.select(Offender.id, Offender.name).where(
        Offender.date_of_birth == offender.date_of_birth
    )
    wanted = offender.name.casefold()
    return next((int(r["id"]) for r in rows if r["name"].casefold() == wanted), None)


async def _existing_cases(offender_id: int, data: ReferralCreate) -> list[dict[str, Any]]:
    """Open or closed cases of these victims for this offender and this sentence."""
    rows = await Case.select(Case.id, Case.victim.name, Case.victim.date_of_birth).where(
        (Case.offender == offender_id)
        & (Case.referral.sentence.sentenced_on == data.sentence.date)  # type: ignore[union-attr]
        & (Case.referral.sentence.type == data.sentence.type.value)  # type: ignore[union-attr]
    )
    found = []
    for i, victim in enumerate(data.victims):
        for row in rows:
            same_name = row["victim.name"].casefold() == victim.name.casefold()
            dob = row["victim.date_of_birth"]
            if same_name and (
                dob is None or victim.date_of_birth is None or dob == victim.date_of_birth
            ):
                found.append({"victim_index": i, "case_id": row["id"]})
    return found


def _victim_row(victim: VictimIn) -> Victim:
    address = victim.address
    return Victim(
        name=victim.name,
        relationship=victim.relationship.value,
        date_of_birth=victim.date_of_birth,
        address_line1=address.line1 if address else "",
        address_line2=address.line2 if address else "",
        town=address.town if address else "",
        postcode=address.postcode if address else "",
        email=victim.email or "",
        phone=victim.phone or "",
        language=victim.language.value,
    )


async def check_referral(actor: Actor, data: ReferralCreate, today: date) -> None:
    """Every refusal sending the referral would meet (a victim already referred for this
    offender and sentence, among others), without sending it: the check page shows them
    before the officer confirms."""
    await _refusals(actor, data, today)
    offender_id = await _find_offender(data.offender)
    if offender_id is not None:
        await _refuse_duplicates(offender_id, data)


async def _refusals(actor: Actor, data: ReferralCreate, today: date) -> dict[str, Any]:
    if actor.role is not Role.WCU or actor.unit_id is None:
        raise PermissionDenied("Only a Witness Care Unit can refer a case")
    check_referral_dates(data, today)
    unit = await Unit.select(Unit.id, Unit.kind).where(Unit.code == data.unit_code).first()
    if unit is None or unit["kind"] != "vlu":
        raise InvalidInput.on("unit_code", f"No Victim Liaison Unit has the code {data.unit_code}")
    return dict(unit)


async def _refuse_duplicates(offender_id: int, data: ReferralCreate) -> None:
    """Refuse a victim already referred for this offender and this sentence, naming each."""
    duplicates = await _existing_cases(offender_id, data)
    if duplicates:
        raise Conflict(
            "This victim has already been referred for this offender and sentence "
            f"(case {duplicates[0]['case_id']})",
            [
                FieldProblem(
                    f"victims[{d['victim_index']}]", f"Already referred as case {d['case_id']}"
                )
                for d in duplicates
            ],
            extra={"existing_case_ids": [d["case_id"] for d in duplicates]},
        )


async def create_referral(actor: Actor, data: ReferralCreate, today: date) -> ReferralOut:
    """Take a referral: decide eligibility, keep the referral and its clock, and open a case with
    its own first-contact clock for each victim (none when ineligible)."""
    unit = await _refusals(actor, data, today)
    decision = decide(data)
    received = data.received_on or today
    async with write_transaction():
        # Two identical referrals at once must not both get through.
        await serialise_on(
            f"referral:{data.offender.name.casefold()}:{data.offender.date_of_birth}"
        )
        offender_id = await _find_offender(data.offender)
        if offender_id is not None:
            await _refuse_duplicates(offender_id, data)
        else:
            offender = Offender(**data.offender.model_dump())
            await offender.save()
            offender_id = offender.id
        referral_id = await _store_referral(
            actor, data, decision, offender_id, unit["id"], received
        )
        if decision.status is not EligibilityStatus.INELIGIBLE:
            for victim in data.victims:
                await _open_case(
                    actor, referral_id, offender_id, unit["id"], victim, decision, received
                )
        await audit.record(actor, "create_referral", "referral", referral_id)
    return await get_referral_out(referral_id, today, show_contact_clock=True)


async def _store_referral(
    actor: Actor,
    data: ReferralCreate,
    decision: EligibilityDecision,
    offender_id: int,
    unit_id: int,
    received: date,
) -> int:
    sentence = Sentence(
        offender=offender_id,
        sentenced_on=data.sentence.date,
        court=data.sentence.court,
        type=data.sentence.type.value,
        length_months=data.sentence.length_months,
    )
    await sentence.save()
    referral = Referral(
        unit=unit_id,
        referring_unit=actor.unit_id,
        referred_by=actor.user_id,
        offender=offender_id,
        sentence=sentence.id,
        received_on=received,
        eligibility_status=decision.status.value,
        eligibility_reasons=list(decision.reasons),
        rules_version=decision.rules_version,
        contact_route=decision.route.value if decision.route else None,
        discretionary_reason=data.discretionary_reason or "",
        outcome=decision.outcome or "",
    )
    await referral.save()
    await Offence.insert(
        *[Offence(referral=referral.id, **o.model_dump(mode="json")) for o in data.offences]
    )
    clock = clocks.new_deadline(
        Clock.REFERRAL, data.sentence.date, unit_id=unit_id, referral=referral.id
    )
    clock.met_on = received
    await clock.save()
    return int(referral.id)


async def _open_case(
    actor: Actor,
    referral_id: int,
    offender_id: int,
    unit_id: int,
    victim: VictimIn,
    decision: EligibilityDecision,
    received: date,
) -> None:
    victim_row = _victim_row(victim)
    await victim_row.save()
    case = Case(
        referral=referral_id,
        victim=victim_row.id,
        offender=offender_id,
        unit=unit_id,
        eligibility_status=decision.status.value,
    )
    await case.save()
    clock = clocks.new_deadline(Clock.FIRST_CONTACT, received, unit_id=unit_id, case=case.id)
    await clock.save()
    await Case.update({Case.next_due: clock.due}).where(Case.id == case.id)
    await record_event(
        case.id,
        "referred",
        received,
        actor,
        f"Referred by Witness Care ({decision.status.value}); "
        f"first contact due {long_date(clock.due)}",
        {"eligibility": decision.status.value, "first_contact_due": clock.due.isoformat()},
    )


async def victim_liaison_units() -> list[UnitChoice]:
    """The Victim Liaison Units a Witness Care Unit can refer to, by name."""
    rows = await Unit.select(Unit.code, Unit.name, Unit.region).where(Unit.kind == "vlu")
    return sorted((UnitChoice(**r) for r in rows), key=lambda u: u.name)
