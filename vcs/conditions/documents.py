"""The map file of a licence-condition request: attached by a VLO to a draft, and read as
supplied by the request's own Victim Liaison Unit. Every read is audited.

A map file is kept twice: the original, which only the Victim Liaison Unit ever reads, and a copy
rebuilt from its picture alone (`vcs.offender_side.files`), which is all the offender manager,
the decision maker (the representation) and anyone else outside the unit receive. The copy is
made when the map is attached (a file that cannot be rebuilt is refused then), or, for a map
attached before copies were made, the first time the offender side needs it. What leaves the
Victim Liaison Unit (the map as the offender manager gets it, the zone drawn as a map, the
representation to the decision maker) is produced by the offender side's door,
`vcs.offender_side.documents`.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date
from typing import Any

from vcs.access import audit
from vcs.conditions.checks import (
    can_read_as_unit,
    load_request,
    require_status,
    require_vlo_of_unit,
)
from vcs.conditions.schemas import MapOut
from vcs.conditions.tables import (
    ConditionMap,
    ConditionMapCopy,
)
from vcs.core.actors import Actor
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import InvalidInput, NotFound, PermissionDenied
from vcs.core.timeline import record_event
from vcs.core.uploads import check_map_file
from vcs.offender_side.files import RebuiltFile, rebuild_map

BASE_URL = "/api/v1/condition-requests"


async def _readable(actor: Actor, request_id: int) -> dict[str, Any]:
    row = await load_request(request_id)
    if not can_read_as_unit(actor, row):
        raise PermissionDenied("This request belongs to another unit's case")
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
    """The map file as supplied (its media type and bytes), for the request's own Victim
    Liaison Unit. Audited."""
    await _readable(actor, request_id)
    stored = await ConditionMap.select().where(ConditionMap.request == request_id).first()
    if stored is None:
        raise NotFound("No map is attached to this request")
    async with write_transaction():
        await audit.record(
            actor, "read_original_map", "condition_request", request_id, stored["sha256"]
        )
    return stored["media_type"], bytes(stored["content"])
