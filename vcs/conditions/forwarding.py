"""Forwarding a victim's licence-condition request to the decision maker: through the door to
the offender side, unchanged, with an exact copy kept that nothing changes.

Probation must forward the victim's request direct to the decision maker; the offender manager
and MAPPA cannot stop or change it (Victims' Code; HMPPS licence conditions policy; domain.md
section 5). Forwarding is also the moment the request reaches the offender side (the offender
manager never sees a draft), so it is screened again, its map goes as the copy rebuilt from its
picture, and a zone or premises that could point to a home goes only with a VLU manager's
approval (`vcs.conditions.places`): the VLO is told what to change, never that it cannot go.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from vcs.access import audit
from vcs.conditions.catalogue import CATALOGUE, DECISION_MAKERS
from vcs.conditions.checks import check_date, load_request, require_status, require_vlo_of_unit
from vcs.conditions.decision_maker_fit import check_fit
from vcs.conditions.documents import ensure_map_copies, require_map_copy
from vcs.conditions.places import refresh_place_warnings, require_forwardable
from vcs.conditions.requests import get_request_out
from vcs.conditions.schemas import ConditionRequestOut, ForwardIn
from vcs.conditions.steps import locked_request, move
from vcs.conditions.tables import ConditionMapCopy, ConditionZone, ForwardedCopy
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.core.tables import Case, Deadline, Offender
from vcs.core.timeline import record_event


async def frozen_content(row: dict[str, Any]) -> dict[str, Any]:
    """The request exactly as it goes to the decision maker (JSON-ready)."""
    zone = await (
        ConditionZone.select()
        .where(ConditionZone.request == row["id"])
        .output(load_json=True)
        .first()
    )
    stored_map = await (  # the copy rebuilt for the offender side: never the original
        ConditionMapCopy.select(
            ConditionMapCopy.media_type, ConditionMapCopy.sha256, ConditionMapCopy.size_bytes
        )
        .where(ConditionMapCopy.request == row["id"])
        .first()
    )
    offender = await Offender.select().where(Offender.id == row["offender"]).first()
    assert offender is not None
    return {
        "type": row["type"],
        "title": CATALOGUE[row["type"]].title,
        "policy_version": row["policy_version"],
        "wording": row["wording"],
        "details": row["details"],
        "justification": row["justification"],
        "names": row["names"],
        "premises": row["premises"],
        "zone": zone["geojson"] if zone else None,
        "zone_area_m2": zone["area_m2"] if zone else None,
        "map": stored_map,
        "needed_by": row["needed_by"].isoformat() if row["needed_by"] else None,
        "needed_for": row["needed_for"],
        "offender": {k: offender[k] for k in ("name", "crn", "prison_number", "pnc")},
    }


def digest(content: dict[str, Any]) -> str:
    """SHA-256 of the copy in canonical JSON: it proves the copy was never changed."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _keep_copy(actor: Actor, row: dict[str, Any], data: ForwardIn) -> None:
    content = await frozen_content(row)
    await ForwardedCopy.insert(
        ForwardedCopy(
            request=row["id"],
            decision_maker=data.decision_maker.value,
            forwarded_on=data.on,
            forwarded_by=actor.username,
            content=content,
            sha256=digest(content),
        )
    )


async def check_forwarding(actor: Actor, request_id: int, data: ForwardIn, today: date) -> None:
    """Every refusal forwarding would meet, without forwarding: the check page shows them
    before the VLO confirms (the screen's reads are audited as when forwarding)."""
    await _screened(actor, request_id)
    await _refusals(actor, await load_request(request_id), data, today)


async def _screened(actor: Actor, request_id: int) -> None:
    """Outside the write: the screen's audited reads, and the map's copy for the offender side."""
    seen = await load_request(request_id)
    require_vlo_of_unit(actor, seen["unit"], seen["case.state"], "forward a request")
    require_status(seen, {"draft"}, "forwarded again")
    await refresh_place_warnings(actor, seen, "forwarding")
    await ensure_map_copies([request_id])


async def _refusals(actor: Actor, row: dict[str, Any], data: ForwardIn, today: date) -> str | None:
    """Refuse what cannot be forwarded; the words saying why the decision maker differs from
    the usual one for the sentence, if it does."""
    require_vlo_of_unit(actor, row["unit"], row["case.state"], "forward a request")
    require_status(row, {"draft"}, "forwarded again")
    check_date(data.on, today, row["created_on"], "the request was made")
    sentence = await (
        Case.select(Case.referral.sentence.type)  # type: ignore[union-attr]
        .where(Case.id == row["case"])
        .first()
    )
    assert sentence is not None
    differs = check_fit(
        sentence["referral.sentence.type"],
        data.decision_maker.value,
        data.decision_maker_reason,
        DECISION_MAKERS,
    )
    await require_forwardable(row)
    await require_map_copy(row["id"])
    return differs


async def forward_to_decision_maker(
    actor: Actor, request_id: int, data: ForwardIn, today: date
) -> ConditionRequestOut:
    """Forward the victim's request, unchanged, to the decision maker; keep an exact copy, meet
    the forwarding clock. From now on the wording is frozen.

    At the door to the offender side: the request is screened again against everyone the
    offender's case touches as they are now (refused, naming the field, if it holds anyone's
    contact details); the map goes as the copy rebuilt from its picture; a zone or premises that
    could point to a home goes only with a VLU manager's approval (`vcs.conditions.places`).
    The decision maker must fit the sentence (`vcs.conditions.decision_maker_fit`), or the VLO
    says why it differs, which the timeline keeps."""
    await _screened(actor, request_id)
    async with write_transaction():
        row = await locked_request(request_id)
        differs = await _refusals(actor, row, data, today)
        await _keep_copy(actor, row, data)
        await move(row, "forwarded")
        if row["deadline"]:
            await Deadline.update({Deadline.met_on: data.on}).where(Deadline.id == row["deadline"])
            await clocks.refresh_next_due(row["case"])
        name = DECISION_MAKERS[data.decision_maker.value]
        await record_event(
            row["case"],
            "condition_request_forwarded",
            data.on,
            actor,
            f"Licence condition request forwarded to {name}; its wording is now frozen"
            + (f". {differs}" if differs else ""),
            {
                "request_id": request_id,
                "decision_maker": data.decision_maker.value,
                "decision_maker_differs": differs,
            },
        )
        await audit.record(actor, "forward_condition_request", "condition_request", request_id)
    return await get_request_out(request_id, today)
