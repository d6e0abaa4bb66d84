"""Licence-condition requests as their Victim Liaison Unit sees them, built in a few queries for a
whole page; and the parts every view of a request is made of (its zone, map, forwarded copy,
alternatives and decision), loaded once for many requests.

The offender manager's view is built by the offender side's door
(`vcs.offender_side.requests`) from the same parts, never from the victim's record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from vcs.access.people import display_names
from vcs.conditions.catalogue import CATALOGUE, DECISION_MAKERS
from vcs.conditions.documents import ensure_map_copies
from vcs.conditions.places import approvals_of
from vcs.conditions.schemas import (
    AlternativeOut,
    ConditionRequestOut,
    DecisionOut,
    ForwardedOut,
    MapOut,
    ZoneOut,
    ZoneWarningOut,
)
from vcs.conditions.tables import (
    ConditionAlternative,
    ConditionDecision,
    ConditionMap,
    ConditionMapCopy,
    ConditionRequest,
    ConditionZone,
    ForwardedCopy,
)
from vcs.core import clocks
from vcs.core.tables import Deadline

BASE_URL = "/api/v1/condition-requests"
REQUEST_COLUMNS = (
    *ConditionRequest.all_columns(),
    ConditionRequest.case.victim.name,  # type: ignore[union-attr]
    ConditionRequest.case.assigned_to.display_name,  # type: ignore[union-attr]
    ConditionRequest.case.unit.name,  # type: ignore[union-attr]
)


async def request_rows(where: Any, limit: int = 1, offset: int = 0) -> list[dict[str, Any]]:
    """Requests with the names their unit's views need, oldest first."""
    rows: list[dict[str, Any]] = await (
        ConditionRequest.select(*REQUEST_COLUMNS)
        .where(where)
        .order_by(ConditionRequest.id)
        .limit(limit)
        .offset(offset)
        .output(load_json=True)
    )
    return rows


async def _by_request(table: Any, ids: list[int], *columns: Any) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    if not ids:
        return found
    rows = await (
        table.select(*columns)
        .where(table.request.is_in(ids))
        .order_by(table.id)
        .output(load_json=True)
    )
    for row in rows:
        found[row["request"]].append(row)
    return found


def _zone(request_id: int, rows: list[dict[str, Any]], for_unit: bool) -> ZoneOut | None:
    """The zone; its warnings (that it could point to a home) for the unit only: the offender
    side is never told why a zone is drawn as it is."""
    if not rows:
        return None
    z = rows[0]
    return ZoneOut(
        geojson=z["geojson"],
        area_km2=round(z["area_m2"] / 1e6, 4),
        warnings=[ZoneWarningOut(**w) for w in z["warnings"]] if for_unit else [],
        svg_url=f"{BASE_URL}/{request_id}/zone.svg",
    )


def _map(request_id: int, rows: list[dict[str, Any]]) -> MapOut | None:
    """The map file: for the unit the original, for the offender side the copy rebuilt for it."""
    if not rows:
        return None
    m = rows[0]
    return MapOut(
        media_type=m["media_type"],
        size_bytes=m["size_bytes"],
        sha256=m["sha256"],
        url=f"{BASE_URL}/{request_id}/map",
    )


def _forwarded(request_id: int, rows: list[dict[str, Any]]) -> ForwardedOut | None:
    if not rows:
        return None
    f = rows[0]
    return ForwardedOut(
        decision_maker=f["decision_maker"],
        decision_maker_name=DECISION_MAKERS[f["decision_maker"]],
        on=f["forwarded_on"],
        sha256=f["sha256"],
        representation_url=f"{BASE_URL}/{request_id}/representation.pdf",
    )


def _decision(rows: list[dict[str, Any]]) -> DecisionOut | None:
    if not rows:
        return None
    d = rows[0]
    return DecisionOut(
        outcome=d["outcome"],
        on=d["decided_on"],
        final_wording=d["final_wording"],
        reason=d["reason"],
    )


def _alternative(a: dict[str, Any]) -> AlternativeOut:
    return AlternativeOut(
        id=a["id"],
        text=a["text"],
        reason=a["reason"],
        proposed_by=a["proposed_by_name"],
        proposed_on=a["proposed_on"],
    )


@dataclass(frozen=True)
class RequestParts:
    """What hangs on one request, each part in the shape every reader sees."""

    zone: ZoneOut | None
    map: MapOut | None
    forwarded: ForwardedOut | None
    alternatives: list[AlternativeOut]
    decision: DecisionOut | None


async def load_parts(ids: list[int], *, for_unit: bool) -> dict[int, RequestParts]:
    """The zone, map (its description, not its bytes), forwarded copy (its digest, not its
    content), alternatives and decision of each request. `for_unit` gives the Victim Liaison
    Unit's parts (the zone's warnings, the original map); otherwise the offender side's (no
    warnings, the map rebuilt for it)."""
    if not for_unit:
        await ensure_map_copies(ids)  # maps attached before copies were made
    zones = await _by_request(ConditionZone, ids, *ConditionZone.all_columns())
    stored = ConditionMap if for_unit else ConditionMapCopy
    maps = await _by_request(
        stored, ids, stored.id, stored.request, stored.media_type, stored.size_bytes, stored.sha256
    )
    copies = await _by_request(
        ForwardedCopy,
        ids,
        ForwardedCopy.id,
        ForwardedCopy.request,
        ForwardedCopy.decision_maker,
        ForwardedCopy.forwarded_on,
        ForwardedCopy.sha256,
    )
    alternatives = await _by_request(ConditionAlternative, ids, *ConditionAlternative.all_columns())
    decisions = await _by_request(ConditionDecision, ids, *ConditionDecision.all_columns())
    return {
        i: RequestParts(
            zone=_zone(i, zones[i], for_unit),
            map=_map(i, maps[i]),
            forwarded=_forwarded(i, copies[i]),
            alternatives=[_alternative(a) for a in alternatives[i]],
            decision=_decision(decisions[i]),
        )
        for i in ids
    }


async def build_views(rows: list[dict[str, Any]], today: date) -> list[ConditionRequestOut]:
    """Each request as its Victim Liaison Unit sees it: with its zone, map, forwarded copy,
    alternatives and decision, the case, the victim's name, the forwarding clock and whether
    forwarding waits for a VLU manager's approval."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    parts = await load_parts(ids, for_unit=True)
    zones = await _by_request(ConditionZone, ids, *ConditionZone.all_columns())
    approvals = await approvals_of(rows, zones)
    clock_ids = [r["deadline"] for r in rows if r["deadline"]]
    clock_rows = await Deadline.select().where(Deadline.id.is_in(clock_ids)) if clock_ids else []
    clock_by_id = {c["id"]: c for c in clock_rows}
    names = await display_names(r["created_by"] for r in rows)
    views: list[ConditionRequestOut] = []
    for r in rows:
        part = parts[r["id"]]
        clock = clock_by_id.get(r["deadline"])
        views.append(
            ConditionRequestOut(
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
                case_id=r["case"],
                victim_name=r["case.victim.name"],
                created_on=r["created_on"],
                created_by=r["created_by"],
                created_by_name=names.get(r["created_by"], r["created_by"]),
                version=r["version"],
                forwarding_deadline=clocks.deadline_out(clock, today) if clock else None,
                forwarding_approval=approvals.get(r["id"]),
            )
        )
    return views


async def count_requests(where: Any) -> int:
    return int(await ConditionRequest.count().where(where))
