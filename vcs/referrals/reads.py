"""Reading referrals: one referral with its clocks and the cases it opened, and a unit's
referrals, newest first. A Witness Care Unit sees whether each referral was accepted and
nothing after that (the first-contact clock is the Victim Liaison Unit's business)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from deadlines.ages import is_under_18
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.errors import NotFound, PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import Case, Deadline, Referral
from vcs.referrals.schemas import ReferralCaseOut, ReferralEligibility, ReferralOut, ReferralSummary


async def get_referral(actor: Actor, referral_id: int, today: date) -> ReferralOut:
    """A referral, for the Witness Care Unit that made it or the VLU it was made to."""
    row = (
        await Referral.select(Referral.unit, Referral.referring_unit)
        .where(Referral.id == referral_id)
        .first()
    )
    if row is None:
        raise NotFound("There is no referral with this number")
    if actor.role is Role.WCU and row["referring_unit"] == actor.unit_id:
        return await get_referral_out(referral_id, today, show_contact_clock=False)
    if actor.does_casework and row["unit"] == actor.unit_id:
        return await get_referral_out(referral_id, today, show_contact_clock=True)
    raise PermissionDenied("This referral belongs to another unit")


async def get_referral_out(
    referral_id: int, today: date, *, show_contact_clock: bool
) -> ReferralOut:
    r = (
        await Referral.select(
            *Referral.all_columns(),
            Referral.unit.code,
            Referral.unit.name,
            Referral.referring_unit.code,
            Referral.referring_unit.name,
            Referral.offender.name,
            Referral.sentence.sentenced_on,
            Referral.sentence.type,
        )
        .where(Referral.id == referral_id)
        .output(load_json=True)
        .first()
    )
    assert r is not None
    cases = (
        await Case.select(Case.id, Case.victim, Case.victim.name, Case.victim.date_of_birth)
        .where(Case.referral == referral_id)
        .order_by(Case.id)
    )
    # Two indexed lookups (an OR across a join would scan every clock).
    referral_clock = await Deadline.select().where(Deadline.referral == referral_id).first()
    assert referral_clock is not None
    case_ids = [c["id"] for c in cases]
    case_clocks = await Deadline.select().where(Deadline.case.is_in(case_ids)) if case_ids else []
    by_case = {d["case"]: d for d in case_clocks if d["clock"] == "first_contact"}
    return ReferralOut(
        id=r["id"],
        unit_code=r["unit.code"],
        unit_name=r["unit.name"],
        referring_unit_code=r["referring_unit.code"],
        referring_unit_name=r["referring_unit.name"],
        received_on=r["received_on"],
        offender_name=r["offender.name"],
        sentence_date=r["sentence.sentenced_on"],
        sentence_type=r["sentence.type"],
        eligibility=ReferralEligibility(
            status=r["eligibility_status"],
            reasons=r["eligibility_reasons"],
            rules_version=r["rules_version"],
            contact_route=r["contact_route"],
            outcome=r["outcome"] or None,
        ),
        referral_deadline=clocks.deadline_out(referral_clock, today),
        cases=[
            ReferralCaseOut(
                id=c["id"],
                victim_id=c["victim"],
                victim_name=c["victim.name"],
                under_18=is_under_18(c["victim.date_of_birth"], today),
                first_contact_deadline=clocks.deadline_out(by_case[c["id"]], today)
                if show_contact_clock
                else None,
            )
            for c in cases
        ],
    )


async def list_referrals(
    actor: Actor, today: date, limit: int, offset: int
) -> Page[ReferralSummary]:
    """A unit's referrals, newest first: those a Witness Care Unit made (whether each was
    accepted, and nothing after that), or those a Victim Liaison Unit received."""
    if actor.role is Role.WCU and actor.unit_id is not None:
        where = Referral.referring_unit == actor.unit_id
    elif actor.does_casework and actor.unit_id is not None:
        where = Referral.unit == actor.unit_id
    else:
        raise PermissionDenied("Only a Witness Care Unit or a Victim Liaison Unit has referrals")
    rows = await (
        Referral.select(
            *Referral.all_columns(),
            Referral.offender.name,
            Referral.sentence.sentenced_on,
            Referral.unit.code,
            Referral.unit.name,
            Referral.referring_unit.code,
            Referral.referring_unit.name,
        )
        .where(where)
        .order_by(Referral.received_on, Referral.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    ids = [r["id"] for r in rows] or [0]
    clock_of = {
        d["referral"]: d for d in await Deadline.select().where(Deadline.referral.is_in(ids))
    }
    opened = Counter(
        c["referral"] for c in await Case.select(Case.referral).where(Case.referral.is_in(ids))
    )
    return Page[ReferralSummary](
        items=[_summary(r, clock_of[r["id"]], opened[r["id"]], today) for r in rows],
        total=await Referral.count().where(where),
        limit=limit,
        offset=offset,
    )


def _summary(
    r: dict[str, Any], clock: dict[str, Any], cases_opened: int, today: date
) -> ReferralSummary:
    return ReferralSummary(
        id=r["id"],
        received_on=r["received_on"],
        offender_name=r["offender.name"],
        sentence_date=r["sentence.sentenced_on"],
        unit_code=r["unit.code"],
        unit_name=r["unit.name"],
        referring_unit_code=r["referring_unit.code"],
        referring_unit_name=r["referring_unit.name"],
        eligibility_status=r["eligibility_status"],
        cases_opened=cases_opened,
        referral_deadline=clocks.deadline_out(clock, today),
    )
