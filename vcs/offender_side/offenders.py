"""What an offender manager may know of their offenders' victims: whether victims are in the
scheme and opted in, the VLO's name and the licence-condition requests (never a draft); never a
victim's address, phone, email, date of birth or nominated contact (the 2006 probation rule that
victim details are not kept with or shown in offender records). Built from the door's
projections (`vcs.offender_side.facts`); every read is audited.
"""

from __future__ import annotations

from datetime import date

from vcs.access import audit
from vcs.core.actors import Actor, Role
from vcs.core.db import write_transaction
from vcs.core.errors import PermissionDenied
from vcs.core.schemas import Page
from vcs.offender_side import facts, requests
from vcs.offender_side.schemas import ConditionRequestView, OffenderListItem, VictimSummary

MOST_REQUESTS = 200


async def require_offender_reader(actor: Actor, offender_id: int) -> facts.OffenderFacts:
    """The offender manager assigned to the offender, or a VLU with a case for them."""
    offender = await facts.offender(offender_id)
    if actor.role is Role.OFFENDER_MANAGER and offender.offender_manager == actor.user_id:
        return offender
    if actor.does_casework and await facts.unit_has_case(actor.unit_id, offender_id):
        return offender
    raise PermissionDenied("You are not this offender's offender manager")


async def victim_summary(actor: Actor, offender_id: int, today: date) -> VictimSummary:
    """Whether the offender's victims are in the scheme and opted in, whom to contact, and
    their licence-condition requests: nothing that could locate a victim. Audited."""
    summary = await summary_of(actor, offender_id)
    async with write_transaction():
        await audit.record(actor, "read_victim_summary", "offender", offender_id)
    return summary


async def summary_of(actor: Actor, offender_id: int) -> VictimSummary:
    """`victim_summary` without its audit entry (the offender page records one for all)."""
    offender = await require_offender_reader(actor, offender_id)
    victims = await facts.victims_of([offender_id])
    vlos = list(dict.fromkeys(v.vlo for v in victims))
    views = await requests.request_views(requests.forwarded_of(offender_id), MOST_REQUESTS)
    return VictimSummary(
        offender_id=offender_id,
        offender_name=offender.name,
        victims_in_scheme=len(victims),
        opted_in=sum(v.opted_in for v in victims),
        vlo=vlos[0] if vlos else None,
        vlos=vlos,
        requests=views,
    )


async def offender_condition_requests(
    actor: Actor, offender_id: int, today: date, limit: int, offset: int
) -> Page[ConditionRequestView]:
    """The offender's licence-condition requests (forwarded or later), oldest first. Audited."""
    await require_offender_reader(actor, offender_id)
    where = requests.forwarded_of(offender_id)
    views = await requests.request_views(where, limit, offset)
    async with write_transaction():
        await audit.record(actor, "read_condition_requests", "offender", offender_id)
    return Page[ConditionRequestView](
        items=views, total=await requests.count(where), limit=limit, offset=offset
    )


async def my_offenders(actor: Actor, limit: int, offset: int) -> Page[OffenderListItem]:
    """The offender manager's own offenders, by name, with their victims' counts."""
    if actor.role is not Role.OFFENDER_MANAGER:
        raise PermissionDenied("Only an offender manager has offenders")
    offenders, total = await facts.managed_by(actor.user_id, limit, offset)
    ids = [o.id for o in offenders]
    victims = await facts.victims_of(ids)
    counts = await requests.forwarded_counts(ids)
    async with write_transaction():
        await audit.record(actor, "read_offender_list", "offender", None)
    return Page[OffenderListItem](
        items=[
            OffenderListItem(
                id=o.id,
                name=o.name,
                crn=o.crn,
                prison_number=o.prison_number,
                victims_in_scheme=sum(1 for v in victims if v.offender_id == o.id),
                opted_in=sum(1 for v in victims if v.offender_id == o.id and v.opted_in),
                condition_requests=counts.get(o.id, 0),
            )
            for o in offenders
        ],
        total=total,
        limit=limit,
        offset=offset,
    )
