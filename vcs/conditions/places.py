"""Zones and places that could point to a home: forwarded only with a VLU manager's decision.

An exclusion zone smaller than 0.05 km² or narrower than 200 m (`vcs.conditions.zones`), or a
premises condition naming the road where a victim or their nominee lives (found by the screen,
`vcs.offender_side.screening`), could show the offender manager (and through them the offender)
where a victim lives. Such a request is not forwarded until a manager of the case's Victim
Liaison Unit has approved forwarding it as drawn, with a reason, recorded on the case's timeline
and in the audit trail. The approval holds for the zone and premises as approved: changing them
needs a new one.

The law (Domestic Violence, Crime and Victims Act 2004; Victims' Code) says nobody may stop a
victim's request reaching the decision maker. So the manager's decision is only about whether the
zone or premises *as drawn* may go, never whether the request goes: the VLO is told why and what
to change (a wider zone, several zones, premises without the victim's road) and can forward the
changed request without anyone's approval; the manager can approve, never refuse; the request
stays a draft in the VLO's caseload with its forwarding clock running, so it is never silently
dropped. The offender side is never told why (no warning, no hint): it sees the zone and premises
only once forwarded, and the decision maker receives them like any other.
"""

from __future__ import annotations

from typing import Any

from vcs.conditions.checks import (
    READERS,
    WHAT_TO_CHANGE,
    place_warnings,
    places_digest,
    request_text,
)
from vcs.conditions.schemas import ForwardingApprovalOut
from vcs.conditions.tables import ConditionRequest, ConditionZone, ForwardingApproval
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.core.errors import Refused
from vcs.offender_side.screening import screen


async def zone_of(request_id: int) -> dict[str, Any] | None:
    zone: dict[str, Any] | None = await (
        ConditionZone.select()
        .where(ConditionZone.request == request_id)
        .output(load_json=True)
        .first()
    )
    return zone


def approval_out(
    row: dict[str, Any], zone: dict[str, Any] | None, approval: dict[str, Any] | None
) -> ForwardingApprovalOut | None:
    """Why the request's zone or premises could point to a home and any manager's approval
    that still holds; None when neither."""
    warnings = [*(zone["warnings"] if zone else []), *row["place_warnings"]]
    drawn = places_digest(zone["geojson"] if zone else None, list(row["premises"]))
    holds = approval is not None and approval["sha256"] == drawn
    if not warnings and not holds:
        return None
    kept = approval if holds else None
    return ForwardingApprovalOut(
        needed=bool(warnings) and not holds,
        reasons=[w["message"] for w in warnings],
        what_to_change=WHAT_TO_CHANGE if warnings else "",
        approved=holds,
        approved_by=kept["approved_by_name"] if kept else None,
        approved_on=kept["approved_on"] if kept else None,
        reason=kept["reason"] if kept else "",
    )


async def approvals_of(
    rows: list[dict[str, Any]], zones: dict[int, list[dict[str, Any]]]
) -> dict[int, ForwardingApprovalOut | None]:
    """`approval_out` for each request of a page, in one query."""
    ids = [r["id"] for r in rows] or [0]
    approvals = {
        a["request"]: a
        for a in await ForwardingApproval.select().where(ForwardingApproval.request.is_in(ids))
    }
    return {
        r["id"]: approval_out(r, next(iter(zones.get(r["id"], [])), None), approvals.get(r["id"]))
        for r in rows
    }


async def refresh_place_warnings(actor: Actor, row: dict[str, Any], what: str) -> None:
    """Screen the request again as it stands (victims' details may have changed since it was
    drafted): refuse it if it now holds anyone's contact details, and keep what the screen found
    about the premises. Outside the caller's write, like the screen's audited reads."""
    screened = await screen(
        actor, row["offender"], request_text(row), readers=READERS, what=what, warn_on=()
    )
    found = place_warnings(screened)
    if found != row["place_warnings"]:
        async with write_transaction():
            await ConditionRequest.update({ConditionRequest.place_warnings: found}).where(
                ConditionRequest.id == row["id"]
            )
        row["place_warnings"] = found


async def require_forwardable(row: dict[str, Any]) -> None:
    """Inside the forwarding write: refuse, saying why and what to change, a request whose zone
    or premises could point to a home and has no manager's approval that still holds."""
    zone = await zone_of(row["id"])
    approval = (
        await ForwardingApproval.select().where(ForwardingApproval.request == row["id"]).first()
    )
    state = approval_out(row, zone, approval)
    if state and state.needed:
        raise Refused(
            "The request's zone or premises could point to where a victim lives: "
            + " ".join(f"{r.rstrip('.')}." for r in state.reasons)
            + " "
            + WHAT_TO_CHANGE,
            extra={"needs": "vlu_manager_approval"},
        )
