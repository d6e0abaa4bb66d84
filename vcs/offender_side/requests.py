"""Licence-condition requests through the door: as the offender manager sees them, and the one
read of a request that serves both its Victim Liaison Unit and the offender's offender manager.

An offender manager sees a request once it has been forwarded (never a draft), without the case
or the victim: built here from the request's own columns and the parts that hang on it
(`vcs.conditions.views.load_parts`), never from the victim's record. Every read is audited.
Their one write, an alternative proposal, sits beside the victim's request and never replaces
it (`vcs.conditions.steps.add_alternative`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.access import audit
from vcs.conditions import requests as unit_requests
from vcs.conditions import steps
from vcs.conditions.catalogue import CATALOGUE, POLICY_VERSION
from vcs.conditions.checks import can_read_as_unit, load_request, require_offender_manager
from vcs.conditions.tables import ConditionRequest
from vcs.conditions.views import RequestParts, load_parts
from vcs.conditions.zone_maps import zone_label
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.offender_side.schemas import (
    AlternativeIn,
    AlternativeOut,
    ConditionRequestOut,
    ConditionRequestView,
    LicenceConditionOut,
    LicenceConditionsOut,
)

# The request's own columns the offender side may read, and its VLO's (or unit's) name.
COLUMNS = (
    ConditionRequest.id,
    ConditionRequest.offender,
    ConditionRequest.type,
    ConditionRequest.policy_version,
    ConditionRequest.wording,
    ConditionRequest.details,
    ConditionRequest.justification,
    ConditionRequest.names,
    ConditionRequest.premises,
    ConditionRequest.needed_by,
    ConditionRequest.needed_for,
    ConditionRequest.status,
    ConditionRequest.victim_informed_on,
    ConditionRequest.withdrawn_on,
    ConditionRequest.withdrawal_reason,
    ConditionRequest.case.assigned_to.display_name,  # type: ignore[union-attr]
    ConditionRequest.case.unit.name,  # type: ignore[union-attr]
)


def forwarded_of(offender_id: int) -> Any:
    """The offender's requests an offender manager may see: forwarded or later, never a draft."""
    return (ConditionRequest.offender == offender_id) & (ConditionRequest.status != "draft")


def _view(r: dict[str, Any], part: RequestParts) -> ConditionRequestView:
    return ConditionRequestView(
        id=r["id"],
        offender_id=r["offender"],
        type=r["type"],
        title=CATALOGUE[r["type"]].title,
        cvl_code=CATALOGUE[r["type"]].cvl_code,
        licence_policy_versions=list(CATALOGUE[r["type"]].policy_versions),
        policy_version=r["policy_version"],
        wording=r["wording"],
        details=r["details"],
        justification=r["justification"],
        names=r["names"],
        premises=r["premises"],
        zone=part.zone,
        map=part.map,
        needed_by=r["needed_by"],
        needed_for=r["needed_for"],
        status=r["status"],
        forwarded=part.forwarded,
        alternatives=part.alternatives,
        decision=part.decision,
        victim_informed_on=r["victim_informed_on"],
        withdrawn_on=r["withdrawn_on"],
        withdrawal_reason=r["withdrawal_reason"],
        vlo=r["case.assigned_to.display_name"] or r["case.unit.name"],
    )


async def request_views(where: Any, limit: int = 1, offset: int = 0) -> list[ConditionRequestView]:
    """The requests as the offender manager sees them, oldest first, in a few queries."""
    rows: list[dict[str, Any]] = await (
        ConditionRequest.select(*COLUMNS)
        .where(where)
        .order_by(ConditionRequest.id)
        .limit(limit)
        .offset(offset)
        .output(load_json=True)
    )
    parts = await load_parts([r["id"] for r in rows], for_unit=False)
    return [_view(r, parts[r["id"]]) for r in rows]


async def count(where: Any) -> int:
    return int(await ConditionRequest.count().where(where))


async def forwarded_counts(offender_ids: list[int]) -> dict[int, int]:
    """How many requests (forwarded or later) each offender has."""
    rows = await ConditionRequest.select(ConditionRequest.offender).where(
        ConditionRequest.offender.is_in(offender_ids or [0]) & (ConditionRequest.status != "draft")
    )
    counts: dict[int, int] = {}
    for r in rows:
        counts[r["offender"]] = counts.get(r["offender"], 0) + 1
    return counts


async def read_request(
    actor: Actor, request_id: int, today: date
) -> ConditionRequestOut | ConditionRequestView:
    """One request: in full for its Victim Liaison Unit; for the offender's offender manager,
    without the case or the victim (their read is audited); refused to anyone else."""
    row = await load_request(request_id)
    if can_read_as_unit(actor, row):
        return await unit_requests.get_request(actor, request_id, today)
    require_offender_manager(actor, row)
    async with write_transaction():
        await audit.record(actor, "read_condition_request", "condition_request", request_id)
    [view] = await request_views(ConditionRequest.id == request_id)
    return view


async def propose_alternative(
    actor: Actor, request_id: int, data: AlternativeIn, today: date
) -> AlternativeOut:
    """The offender manager's alternative proposal beside a forwarded request: their own
    words, given back as they wrote them."""
    return await steps.add_alternative(actor, request_id, data, today)


async def licence_conditions(actor: Actor, request_id: int, today: date) -> LicenceConditionsOut:
    """The request as licence conditions with their Create and Vary a Licence codes: one
    condition per zone for a zone condition (each with its label on the map and the map to
    attach). For whoever may read the request (its unit; the offender manager once forwarded)."""
    request = await read_request(actor, request_id, today)
    kind = CATALOGUE[request.type]
    base = {
        "code": kind.cvl_code,
        "type": request.type,
        "text": request.wording,
        "policy_versions": list(kind.policy_versions),
        "needs_ppcs_approval": kind.needs_ppcs_approval,
    }
    zone = request.zone.geojson if request.zone else None
    parts = (
        (zone["coordinates"] if zone["type"] == "MultiPolygon" else [zone["coordinates"]])
        if zone
        else []
    )
    map_url = f"/api/v1/condition-requests/{request_id}/zone-map.pdf"
    conditions = [
        LicenceConditionOut(
            **base,
            zone=zone_label(i),
            zone_geojson={"type": "Polygon", "coordinates": rings},
            map_url=map_url,
        )
        for i, rings in enumerate(parts)
    ] or [LicenceConditionOut(**base, zone=None, zone_geojson=None, map_url=None)]
    return LicenceConditionsOut(
        request_id=request_id,
        status=request.status,
        catalogue_version=POLICY_VERSION,
        conditions=conditions,
    )
