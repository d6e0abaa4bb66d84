"""Documents of a licence-condition request as they leave the Victim Liaison Unit: the map file
as the offender manager gets it, the exclusion zone drawn as a map, and the representation to
the decision maker (printed from the exact copy forwarded). Read by the request's Victim
Liaison Unit and by the offender's offender manager (never a draft); none carries a victim's
contact details. Every document produced or read is audited.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from letters.maps import zone_svg as draw_zone
from letters.representation import MapFile, Representation, render_representation_pdf
from letters.zone_map_pdf import ZoneMapDocument, render_zone_map_pdf
from vcs.access import audit
from vcs.conditions import documents as unit_documents
from vcs.conditions import tiles
from vcs.conditions.catalogue import CATALOGUE, DECISION_MAKERS, NEEDED_FOR
from vcs.conditions.checks import can_read_as_unit, load_request, require_offender_manager
from vcs.conditions.tables import ConditionRequest, ConditionZone, ForwardedCopy
from vcs.conditions.zone_maps import basemap_note, draw_map, zone_summaries
from vcs.conditions.zones import polygons_in_metres
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, NotFound
from vcs.offender_side import facts


async def _readable(actor: Actor, request_id: int) -> dict[str, Any]:
    """The request, for its Victim Liaison Unit or the offender's offender manager."""
    row = await load_request(request_id)
    if not can_read_as_unit(actor, row):
        require_offender_manager(actor, row)
    return row


async def map_file(actor: Actor, request_id: int) -> tuple[str, bytes]:
    """The map file (its media type and bytes): as supplied for the request's own Victim
    Liaison Unit; for the offender manager, the copy rebuilt from its picture alone, as it goes
    to the decision maker. Audited."""
    row = await _readable(actor, request_id)
    if can_read_as_unit(actor, row):
        return await unit_documents.read_map(actor, request_id)
    stored = await unit_documents.offender_side_map(request_id)
    if stored is None:
        raise NotFound("No map is attached to this request")
    async with write_transaction():
        await audit.record(actor, "read_map", "condition_request", request_id, stored["sha256"])
    return stored["media_type"], bytes(stored["content"])


async def zone_map_svg(actor: Actor, request_id: int) -> str:
    """The exclusion zone drawn from its own geometry (outline, scale bar, north arrow; no
    tiles). Audited as a document produced."""
    await _readable(actor, request_id)
    zone = await (
        ConditionZone.select().where(ConditionZone.request == request_id).output(load_json=True)
    ).first()
    if zone is None:
        raise NotFound("This request has no exclusion zone")
    svg = draw_zone(polygons_in_metres(zone["geojson"]), title=f"Exclusion zone {request_id}")
    async with write_transaction():
        await audit.record(actor, "produce_zone_map", "condition_request", request_id)
    return svg


async def _representation(request_id: int, copy: dict[str, Any]) -> Representation:
    c = copy["content"]
    names = await (
        ConditionRequest.select(
            ConditionRequest.case.unit.name,  # type: ignore[union-attr]
            ConditionRequest.case.assigned_to.display_name,  # type: ignore[union-attr]
        )
        .where(ConditionRequest.id == request_id)
        .first()
    )
    assert names is not None
    stored_map = await unit_documents.offender_side_map(request_id)
    offender = c["offender"]
    kind = CATALOGUE[c["type"]]
    png = await asyncio.to_thread(draw_map, c["zone"], 1200, 860) if c["zone"] else None
    notes: tuple[str, ...] = ()
    if c["zone"]:
        summaries = zone_summaries(c["zone"])
        corners = [
            f"{z.label}: {z.area_km2:.2f} km²; corners {'; '.join(z.corners)}" for z in summaries
        ]
        notes = (*corners, basemap_note())
    return Representation(
        reference=f"VCS/CR/{request_id:06d}",
        unit_name=names["case.unit.name"],
        vlo_name=names["case.assigned_to.display_name"] or names["case.unit.name"],
        decision_maker=DECISION_MAKERS[copy["decision_maker"]],
        forwarded_on=copy["forwarded_on"],
        offender_name=offender["name"],
        offender_identifiers=tuple(
            (label, offender[key])
            for label, key in (("CRN", "crn"), ("Prison number", "prison_number"), ("PNC", "pnc"))
            if offender.get(key)
        ),
        condition_code=c["type"],
        condition_title=c["title"],
        wording=c["wording"],
        policy_version=c["policy_version"],
        victim_words=c["details"],
        justification=c["justification"],
        names=tuple(c["names"]),
        premises=tuple(c["premises"]),
        needs_ppcs_approval=CATALOGUE[c["type"]].needs_ppcs_approval,
        needed_by=date.fromisoformat(c["needed_by"]) if c["needed_by"] else None,
        needed_for=NEEDED_FOR[c["needed_for"]],
        cvl_code=kind.cvl_code,
        licence_policies=kind.policy_versions,
        zone_png=png,
        zone_notes=tuple(n for n in notes if n),
        map_file=MapFile(stored_map["media_type"], bytes(stored_map["content"]))
        if stored_map
        else None,
    )


async def representation_pdf(actor: Actor, request_id: int) -> bytes:
    """The representation to the decision maker, printed from the exact copy forwarded.
    Audited as a document produced."""
    await _readable(actor, request_id)
    copy = await (
        ForwardedCopy.select()
        .where(ForwardedCopy.request == request_id)
        .output(load_json=True)
        .first()
    )
    if copy is None:
        raise Conflict("This request has not been forwarded yet: there is no representation")
    representation = await _representation(request_id, copy)
    pdf = await asyncio.to_thread(render_representation_pdf, representation)
    async with write_transaction():
        await audit.record(
            actor, "produce_representation", "condition_request", request_id, copy["sha256"]
        )
    return pdf


async def _zone_geojson(request_id: int) -> dict[str, Any]:
    """The zone as forwarded (frozen), or as drawn while the request is a draft."""
    copy = await (
        ForwardedCopy.select(ForwardedCopy.content)
        .where(ForwardedCopy.request == request_id)
        .output(load_json=True)
        .first()
    )
    if copy is not None and copy["content"].get("zone"):
        zone: dict[str, Any] = copy["content"]["zone"]
        return zone
    stored = await (
        ConditionZone.select().where(ConditionZone.request == request_id).output(load_json=True)
    ).first()
    if stored is None:
        raise NotFound("This request has no zone")
    drawn: dict[str, Any] = stored["geojson"]
    return drawn


async def zone_map_pdf(actor: Actor, request_id: int) -> bytes:
    """The decision maker's map of the request's zones: every zone over the basemap, scale bar,
    north arrow, labels, corners as grid references, the standard wording and the Create and
    Vary a Licence code; a clean PDF carrying only its title. Audited as a document produced."""
    row = await _readable(actor, request_id)
    geojson = await _zone_geojson(request_id)
    offender = await facts.offender(row["offender"])
    kind = CATALOGUE[row["type"]]
    png = await asyncio.to_thread(draw_map, geojson)
    document = ZoneMapDocument(
        title=f"Map for licence condition VCS/CR/{request_id:06d}",
        reference=f"VCS/CR/{request_id:06d}",
        offender_name=offender.name,
        condition_title=kind.title,
        cvl_code=kind.cvl_code,
        policy_versions=kind.policy_versions,
        wording=row["wording"],
        map_png=png,
        zones=zone_summaries(geojson),
        basemap_note=basemap_note(),
    )
    pdf = await asyncio.to_thread(render_zone_map_pdf, document)
    async with write_transaction():
        await audit.record(actor, "produce_zone_map_pdf", "condition_request", request_id)
    return pdf


async def zone_map_png(actor: Actor, request_id: int) -> bytes:
    """Every zone of the request over the basemap (or the 1 km grid), as shown on its page."""
    await _readable(actor, request_id)
    geojson = await _zone_geojson(request_id)
    png = await asyncio.to_thread(draw_map, geojson, 960, 680)
    async with write_transaction():
        await audit.record(actor, "produce_zone_map", "condition_request", request_id)
    return png


def basemap_configured() -> bool:
    """Whether the maps are drawn over a basemap (else over the 1 km National Grid)."""
    return tiles.configured()
