"""Documents of a licence-condition request: the map file supplied with it, the zone drawn as a
map, and the representation to the decision maker. Every document produced or read is audited.

They are read by the request's Victim Liaison Unit and by the offender's offender manager (never
a draft); none carries a victim's contact details. A map file is kept twice: the original, which
only the Victim Liaison Unit ever reads (each read audited), and a copy rebuilt from its picture
alone (`vcs.offender_side.files`), which is all the offender manager, the decision maker (the
representation) and anyone else outside the unit receive. The copy is made when the map is
attached (a file that cannot be rebuilt is refused then), or, for a map attached before copies
were made, the first time the offender side needs it.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date
from typing import Any

from letters.maps import zone_svg as draw_zone
from letters.representation import MapFile, Representation, render_representation_pdf
from vcs.access import audit
from vcs.conditions.catalogue import CATALOGUE, DECISION_MAKERS, NEEDED_FOR
from vcs.conditions.checks import (
    can_read_as_unit,
    load_request,
    require_offender_manager,
    require_status,
    require_vlo_of_unit,
)
from vcs.conditions.schemas import MapOut
from vcs.conditions.tables import (
    ConditionMap,
    ConditionMapCopy,
    ConditionRequest,
    ConditionZone,
    ForwardedCopy,
)
from vcs.conditions.zones import polygons_in_metres
from vcs.core.actors import Actor
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import Conflict, InvalidInput, NotFound
from vcs.core.timeline import record_event
from vcs.core.uploads import check_map_file
from vcs.offender_side.files import RebuiltFile, rebuild_map

BASE_URL = "/api/v1/condition-requests"


async def _readable(actor: Actor, request_id: int) -> dict[str, Any]:
    row = await load_request(request_id)
    if not can_read_as_unit(actor, row):
        require_offender_manager(actor, row)
    return row


def _copy_row(request_id: int, copy: RebuiltFile, source_sha256: str) -> ConditionMapCopy:
    return ConditionMapCopy(
        request=request_id,
        media_type=copy.media_type,
        content=copy.content,
        size_bytes=len(copy.content),
        sha256=hashlib.sha256(copy.content).hexdigest(),
        source_sha256=source_sha256,
    )


async def upload_map(actor: Actor, request_id: int, content: bytes, today: date) -> MapOut:
    """Attach the map that defines the area (PDF, PNG or JPEG, at most 10 MB, its type read from
    the content) and make the copy the offender side receives. Only while a draft: the
    forwarded map is frozen with the wording."""
    media_type = check_map_file(content)
    sha256 = hashlib.sha256(content).hexdigest()
    copy = await asyncio.to_thread(rebuild_map, media_type, content)
    async with write_transaction():
        await serialise_on(f"condition-request:{request_id}")
        row = await load_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "attach a map")
        require_status(row, {"draft"}, "given a new map")
        await ConditionMap.delete().where(ConditionMap.request == request_id)
        await ConditionMapCopy.delete().where(ConditionMapCopy.request == request_id)
        await ConditionMapCopy.insert(_copy_row(request_id, copy, sha256))
        await ConditionMap.insert(
            ConditionMap(
                request=request_id,
                media_type=media_type,
                content=content,
                size_bytes=len(content),
                sha256=sha256,
                uploaded_by=actor.username,
            )
        )
        await record_event(
            row["case"],
            "condition_map_attached",
            today,
            actor,
            f"Map attached to the licence condition request ({media_type})",
            {"request_id": request_id, "sha256": sha256},
        )
        await audit.record(actor, "attach_map", "condition_request", request_id, sha256)
    return MapOut(
        media_type=media_type,
        size_bytes=len(content),
        sha256=sha256,
        url=f"{BASE_URL}/{request_id}/map",
    )


async def ensure_map_copies(request_ids: list[int]) -> None:
    """Make the offender side's copy of any of these requests' maps that has none yet (a map
    attached before copies were made). A map that cannot be rebuilt gets no copy: the offender
    side then has no map at all, never the original."""
    made = ConditionMapCopy.select(ConditionMapCopy.request).where(
        ConditionMapCopy.request.is_in(request_ids or [0])
    )
    missing = await ConditionMap.select().where(
        ConditionMap.request.is_in(request_ids or [0]) & ConditionMap.request.not_in(made)
    )
    for stored in missing:
        content = bytes(stored["content"])
        try:
            copy = await asyncio.to_thread(rebuild_map, stored["media_type"], content)
        except InvalidInput:
            continue
        async with write_transaction():
            await ConditionMapCopy.insert(
                _copy_row(stored["request"], copy, stored["sha256"])
            ).on_conflict(target=ConditionMapCopy.request, action="DO NOTHING")


async def require_map_copy(request_id: int) -> None:
    """Refuse to let a map go that could not be rebuilt for the offender side (a map attached
    before copies were made, which the rebuild cannot read): the VLO attaches it again."""
    original = await ConditionMap.count().where(ConditionMap.request == request_id)
    copies = await ConditionMapCopy.count().where(ConditionMapCopy.request == request_id)
    if original and not copies:
        raise InvalidInput.on(
            "file",
            "The map attached could not be read to make the copy the offender manager and the "
            "decision maker receive: attach it again as a PDF, PNG or JPEG, then forward",
        )


async def offender_side_map(request_id: int) -> dict[str, Any] | None:
    """The copy of the map rebuilt for the offender side (made now if need be), or None."""
    await ensure_map_copies([request_id])
    copy: dict[str, Any] | None = (
        await ConditionMapCopy.select().where(ConditionMapCopy.request == request_id).first()
    )
    return copy


async def read_map(actor: Actor, request_id: int) -> tuple[str, bytes]:
    """The map file (its media type and bytes): the original for the request's Victim Liaison
    Unit, the copy rebuilt from its picture for the offender manager. Every read is audited."""
    row = await _readable(actor, request_id)
    if can_read_as_unit(actor, row):
        stored = await ConditionMap.select().where(ConditionMap.request == request_id).first()
        action = "read_original_map"
    else:
        stored = await offender_side_map(request_id)
        action = "read_map"
    if stored is None:
        raise NotFound("No map is attached to this request")
    async with write_transaction():
        await audit.record(actor, action, "condition_request", request_id, stored["sha256"])
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
    stored_map = await offender_side_map(request_id)
    offender = c["offender"]
    svg = draw_zone(polygons_in_metres(c["zone"]), title="Exclusion zone") if c["zone"] else None
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
        zone_svg=svg,
        zone_notes=(f"Area: {c['zone_area_m2'] / 1e6:.2f} km²",) if c["zone"] else (),
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
