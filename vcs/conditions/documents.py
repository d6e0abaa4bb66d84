"""The map file of a licence-condition request: attached by a VLO to a draft, and read as
supplied by the request's own Victim Liaison Unit. Every read is audited.

What leaves the Victim Liaison Unit (the map as the offender manager gets it, the zone drawn as
a map, the representation to the decision maker) is produced by the offender side's door,
`vcs.offender_side.documents`.
"""

from __future__ import annotations

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
from vcs.conditions.tables import ConditionMap
from vcs.core.actors import Actor
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import NotFound, PermissionDenied
from vcs.core.timeline import record_event
from vcs.core.uploads import check_map_file

BASE_URL = "/api/v1/condition-requests"


async def _readable(actor: Actor, request_id: int) -> dict[str, Any]:
    row = await load_request(request_id)
    if not can_read_as_unit(actor, row):
        raise PermissionDenied("This request belongs to another unit's case")
    return row


async def upload_map(actor: Actor, request_id: int, content: bytes, today: date) -> MapOut:
    """Attach the map that defines the area (PDF, PNG or JPEG, at most 10 MB, its type read from
    the content). Only while a draft: the forwarded map is frozen with the wording."""
    media_type = check_map_file(content)
    sha256 = hashlib.sha256(content).hexdigest()
    async with write_transaction():
        await serialise_on(f"condition-request:{request_id}")
        row = await load_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "attach a map")
        require_status(row, {"draft"}, "given a new map")
        await ConditionMap.delete().where(ConditionMap.request == request_id)
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


async def read_map(actor: Actor, request_id: int) -> tuple[str, bytes]:
    """The map file as supplied (its media type and bytes), for the request's own Victim
    Liaison Unit. Audited."""
    await _readable(actor, request_id)
    stored = await ConditionMap.select().where(ConditionMap.request == request_id).first()
    if stored is None:
        raise NotFound("No map is attached to this request")
    async with write_transaction():
        await audit.record(actor, "read_map", "condition_request", request_id, stored["sha256"])
    return stored["media_type"], bytes(stored["content"])
