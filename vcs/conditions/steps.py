"""The life of a licence-condition request after drafting: forwarded (and frozen), alternatives
proposed beside it, decided, the victim told; or withdrawn by the victim.

Probation must forward the victim's request direct to the decision maker; the offender manager
and MAPPA cannot stop or change it, only propose alternatives that sit beside it (Victims' Code;
HMPPS licence conditions policy; domain.md section 5). So only a VLO of the case's unit moves a
request on, and the forwarded wording is kept as an exact copy that nothing changes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from vcs.access import audit
from vcs.conditions.catalogue import CATALOGUE, DECISION_MAKERS
from vcs.conditions.checks import (
    check_date,
    load_request,
    require_offender_manager,
    require_status,
    require_vlo_of_unit,
)
from vcs.conditions.requests import READERS, get_request_out
from vcs.conditions.schemas import (
    AlternativeIn,
    AlternativeOut,
    ConditionRequestOut,
    DecisionIn,
    ForwardIn,
    Outcome,
    VictimInformedIn,
    WithdrawIn,
)
from vcs.conditions.tables import (
    ConditionAlternative,
    ConditionDecision,
    ConditionMap,
    ConditionRequest,
    ConditionZone,
    ForwardedCopy,
)
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import FieldProblem, InvalidInput, PermissionDenied
from vcs.core.tables import Deadline, Offender
from vcs.core.timeline import record_event
from vcs.offender_side.screening import screen


async def _locked_request(request_id: int) -> dict[str, Any]:
    await serialise_on(f"condition-request:{request_id}")
    return await load_request(request_id)


async def _move(row: dict[str, Any], status: str, **changes: Any) -> None:
    await ConditionRequest.update(
        {
            ConditionRequest.status: status,
            ConditionRequest.version: row["version"] + 1,
            ConditionRequest.updated_at: datetime.now(UTC),
            **{getattr(ConditionRequest, k): v for k, v in changes.items()},
        }
    ).where(ConditionRequest.id == row["id"])


async def frozen_content(row: dict[str, Any]) -> dict[str, Any]:
    """The request exactly as it goes to the decision maker (JSON-ready)."""
    zone = await (
        ConditionZone.select()
        .where(ConditionZone.request == row["id"])
        .output(load_json=True)
        .first()
    )
    stored_map = await (
        ConditionMap.select(ConditionMap.media_type, ConditionMap.sha256, ConditionMap.size_bytes)
        .where(ConditionMap.request == row["id"])
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


async def forward_to_decision_maker(
    actor: Actor, request_id: int, data: ForwardIn, today: date
) -> ConditionRequestOut:
    """Forward the victim's request, unchanged, to the decision maker; keep an exact copy, meet
    the forwarding clock. From now on the wording is frozen."""
    async with write_transaction():
        row = await _locked_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "forward a request")
        require_status(row, {"draft"}, "forwarded again")
        check_date(data.on, today, row["created_on"], "the request was made")
        await _keep_copy(actor, row, data)
        await _move(row, "forwarded")
        if row["deadline"]:
            await Deadline.update({Deadline.met_on: data.on}).where(Deadline.id == row["deadline"])
            await clocks.refresh_next_due(row["case"])
        name = DECISION_MAKERS[data.decision_maker.value]
        await record_event(
            row["case"],
            "condition_request_forwarded",
            data.on,
            actor,
            f"Licence condition request forwarded to {name}; its wording is now frozen",
            {"request_id": request_id, "decision_maker": data.decision_maker.value},
        )
        await audit.record(actor, "forward_condition_request", "condition_request", request_id)
    return await get_request_out(request_id, today)


async def add_alternative(
    actor: Actor, request_id: int, data: AlternativeIn, today: date
) -> AlternativeOut:
    """The offender manager's alternative proposal, kept beside the victim's request (which it
    never replaces), while the decision is awaited."""
    if actor.role is not Role.OFFENDER_MANAGER:
        raise PermissionDenied("Only the offender's offender manager can propose an alternative")
    async with write_transaction():
        row = await _locked_request(request_id)
        require_offender_manager(actor, row)
        require_status(row, {"forwarded"}, "given alternatives now")
        proposed_by = actor.display_name or actor.username
        alternative = ConditionAlternative(
            request=request_id,
            text=data.text,
            reason=data.reason,
            proposed_by=actor.username,
            proposed_by_name=proposed_by,
            proposed_on=today,
        )
        await alternative.save()
        await record_event(
            row["case"],
            "condition_alternative_proposed",
            today,
            actor,
            "The offender manager proposed an alternative beside the victim's request",
            {"request_id": request_id, "alternative_id": alternative.id},
        )
    return AlternativeOut(
        id=alternative.id,
        text=data.text,
        reason=data.reason,
        proposed_by=proposed_by,
        proposed_on=today,
    )


def _check_decision(data: DecisionIn) -> None:
    problems = []
    if data.outcome in (Outcome.REFUSED, Outcome.GRANTED_VARIED) and not data.reason:
        problems.append(FieldProblem("reason", "Give the decision maker's reasons"))
    if data.outcome is Outcome.GRANTED_VARIED and not data.final_wording:
        problems.append(FieldProblem("final_wording", "Give the condition as it was granted"))
    if data.outcome is Outcome.REFUSED and data.final_wording:
        problems.append(FieldProblem("final_wording", "A refused request has no final wording"))
    if problems:
        raise InvalidInput("Some details of the decision need correcting", problems)


async def record_decision(
    actor: Actor, request_id: int, data: DecisionIn, today: date
) -> ConditionRequestOut:
    """Record the decision maker's decision: granted (as asked), granted with changes or refused,
    with the reasons for a refusal or a change."""
    _check_decision(data)
    async with write_transaction():
        row = await _locked_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "record a decision")
        require_status(row, {"forwarded"}, "decided now")
        words = {"reason": [data.reason or ""], "final_wording": [data.final_wording or ""]}
        await screen(actor, row["case"], row["case.victim"], words, READERS, "decision")
        copy = await (
            ForwardedCopy.select(ForwardedCopy.forwarded_on)
            .where(ForwardedCopy.request == request_id)
            .first()
        )
        assert copy is not None
        check_date(data.on, today, copy["forwarded_on"], "the request was forwarded")
        as_asked = row["wording"] if data.outcome is Outcome.GRANTED else ""
        await ConditionDecision.insert(
            ConditionDecision(
                request=request_id,
                outcome=data.outcome.value,
                decided_on=data.on,
                final_wording=data.final_wording or as_asked,
                reason=data.reason or "",
                recorded_by=actor.username,
            )
        )
        await _move(row, "decided")
        await record_event(
            row["case"],
            "condition_decision_recorded",
            data.on,
            actor,
            f"Decision on the licence condition request: {data.outcome.value.replace('_', ' ')}",
            {"request_id": request_id, "outcome": data.outcome.value},
        )
    return await get_request_out(request_id, today)


async def mark_victim_informed(
    actor: Actor, request_id: int, data: VictimInformedIn, today: date
) -> ConditionRequestOut:
    """The victim has been told which conditions relating to them were set (Victims' Code)."""
    async with write_transaction():
        row = await _locked_request(request_id)
        require_vlo_of_unit(
            actor, row["unit"], row["case.state"], "record that the victim was told"
        )
        require_status(row, {"decided"}, "marked as told now")
        decision = (
            await ConditionDecision.select(ConditionDecision.decided_on)
            .where(ConditionDecision.request == request_id)
            .first()
        )
        assert decision is not None
        check_date(data.on, today, decision["decided_on"], "the decision")
        await _move(row, "victim_informed", victim_informed_on=data.on)
        await record_event(
            row["case"],
            "condition_victim_informed",
            data.on,
            actor,
            "The victim was told the decision on their licence condition request",
            {"request_id": request_id},
        )
    return await get_request_out(request_id, today)


async def withdraw_request(
    actor: Actor, request_id: int, data: WithdrawIn, today: date
) -> ConditionRequestOut:
    """The victim withdraws their request (their own choice), before any decision. An unmet
    forwarding clock stops."""
    async with write_transaction():
        row = await _locked_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "withdraw a request")
        require_status(row, {"draft", "forwarded"}, "withdrawn now")
        words = {"reason": [data.reason]}
        await screen(actor, row["case"], row["case.victim"], words, READERS, "withdrawal")
        check_date(data.on, today, row["created_on"], "the request was made")
        await _move(row, "withdrawn", withdrawn_on=data.on, withdrawal_reason=data.reason)
        if row["deadline"]:
            await Deadline.delete().where(
                (Deadline.id == row["deadline"]) & Deadline.met_on.is_null()
            )
            await clocks.refresh_next_due(row["case"])
        await record_event(
            row["case"],
            "condition_request_withdrawn",
            data.on,
            actor,
            "The victim withdrew their licence condition request",
            {"request_id": request_id, "was": row["status"]},
        )
    return await get_request_out(request_id, today)
