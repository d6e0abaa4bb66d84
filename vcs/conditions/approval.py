"""A VLU manager's decision to forward, as drawn, a zone or premises that could point to a home
(the rule, and why it never stops a victim's request, are in `vcs.conditions.places`)."""

from __future__ import annotations

from datetime import date

from vcs.access import audit
from vcs.conditions.checks import (
    load_request,
    places_digest,
    require_status,
    require_vlu_manager_of_unit,
)
from vcs.conditions.places import approval_out, refresh_place_warnings, zone_of
from vcs.conditions.requests import get_request_out
from vcs.conditions.schemas import ConditionRequestOut, ForwardingApprovalIn
from vcs.conditions.tables import ForwardingApproval
from vcs.core.actors import Actor
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Conflict
from vcs.core.timeline import record_event


async def approve_forwarding(
    actor: Actor, request_id: int, data: ForwardingApprovalIn, today: date
) -> ConditionRequestOut:
    """A VLU manager approves forwarding, as drawn, a zone or premises that could point to a
    home, with the reason (kept in the unit: the offender side never sees it)."""
    seen = await load_request(request_id)
    require_vlu_manager_of_unit(actor, seen["unit"], seen["case.state"])
    require_status(seen, {"draft"}, "approved for forwarding")
    await refresh_place_warnings(actor, seen, "forwarding approval")
    async with write_transaction():
        await serialise_on(f"condition-request:{request_id}")
        row = await load_request(request_id)
        require_vlu_manager_of_unit(actor, row["unit"], row["case.state"])
        require_status(row, {"draft"}, "approved for forwarding")
        zone = await zone_of(request_id)
        state = approval_out(row, zone, None)
        if state is None:
            raise Conflict(
                "This request's zone and premises could not point to a home: the Victim Liaison "
                "Officer can forward it without approval"
            )
        await ForwardingApproval.delete().where(ForwardingApproval.request == request_id)
        await ForwardingApproval.insert(
            ForwardingApproval(
                request=request_id,
                approved_by=actor.username,
                approved_by_name=actor.display_name or actor.username,
                approved_on=today,
                reason=data.reason,
                sha256=places_digest(zone["geojson"] if zone else None, list(row["premises"])),
            )
        )
        await record_event(
            row["case"],
            "condition_forwarding_approved",
            today,
            actor,
            "A Victim Liaison Unit manager approved forwarding the request's zone or premises "
            "as drawn",
            {"request_id": request_id},
        )
        await audit.record(actor, "approve_forwarding", "condition_request", request_id)
    return await get_request_out(request_id, today)
