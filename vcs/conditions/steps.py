"""The life of a licence-condition request after forwarding (`vcs.conditions.forwarding`):
alternatives proposed beside it, decided, the victim told; or withdrawn by the victim.

Probation must forward the victim's request direct to the decision maker; the offender manager
and MAPPA cannot stop or change it, only propose alternatives that sit beside it (Victims' Code;
HMPPS licence conditions policy; domain.md section 5). So only a VLO of the case's unit moves a
request on, and the forwarded wording is kept as an exact copy that nothing changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from vcs.casework.tasks import add_task
from vcs.conditions.checks import (
    READERS,
    check_date,
    load_request,
    require_offender_manager,
    require_status,
    require_vlo_of_unit,
)
from vcs.conditions.requests import get_request_out
from vcs.conditions.schemas import (
    AlternativeIn,
    AlternativeOut,
    ConditionRequestOut,
    DecisionIn,
    Outcome,
    VictimInformedIn,
    WithdrawIn,
)
from vcs.conditions.tables import (
    ConditionAlternative,
    ConditionDecision,
    ConditionRequest,
    ForwardedCopy,
)
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import serialise_on, write_transaction
from vcs.core.errors import FieldProblem, InvalidInput, PermissionDenied
from vcs.core.tables import Deadline, Task
from vcs.core.timeline import record_event
from vcs.offender_side.screening import screen

# The task to tell the victim which of the conditions they asked for were set, due a week of
# working days after the decision is recorded (Victims' Code: told promptly).
TELL_DECISION = "tell_condition_decision"
TELL_WITHIN_WORKING_DAYS = 5


async def _screen(
    actor: Actor, row: dict[str, Any], words: dict[str, list[str]], what: str, confirmed: bool
) -> None:
    """The screen at the door to the offender side, before the step's write (its reads are
    audited even when it refuses)."""
    await screen(actor, row["offender"], words, readers=READERS, what=what, confirmed=confirmed)


async def locked_request(request_id: int) -> dict[str, Any]:
    await serialise_on(f"condition-request:{request_id}")
    return await load_request(request_id)


async def move(row: dict[str, Any], status: str, **changes: Any) -> None:
    await ConditionRequest.update(
        {
            ConditionRequest.status: status,
            ConditionRequest.version: row["version"] + 1,
            ConditionRequest.updated_at: datetime.now(UTC),
            **{getattr(ConditionRequest, k): v for k, v in changes.items()},
        }
    ).where(ConditionRequest.id == row["id"])


async def add_alternative(
    actor: Actor, request_id: int, data: AlternativeIn, today: date
) -> AlternativeOut:
    """The offender manager's alternative proposal, kept beside the victim's request (which it
    never replaces), while the decision is awaited."""
    if actor.role is not Role.OFFENDER_MANAGER:
        raise PermissionDenied("Only the offender's offender manager can propose an alternative")
    seen = await load_request(request_id)
    require_offender_manager(actor, seen)
    require_status(seen, {"forwarded"}, "given alternatives now")
    words = {"text": [data.text], "reason": [data.reason]}
    await _screen(actor, seen, words, "alternative", data.confirm_not_victim_details)
    async with write_transaction():
        row = await locked_request(request_id)
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
    seen = await load_request(request_id)
    require_vlo_of_unit(actor, seen["unit"], seen["case.state"], "record a decision")
    require_status(seen, {"forwarded"}, "decided now")
    words = {"reason": [data.reason or ""], "final_wording": [data.final_wording or ""]}
    await _screen(actor, seen, words, "decision", data.confirm_not_victim_details)
    async with write_transaction():
        row = await locked_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "record a decision")
        require_status(row, {"forwarded"}, "decided now")
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
        await move(row, "decided")
        await record_event(
            row["case"],
            "condition_decision_recorded",
            data.on,
            actor,
            f"Decision on the licence condition request: {data.outcome.value.replace('_', ' ')}",
            {"request_id": request_id, "outcome": data.outcome.value},
        )
        await add_task(
            row["case"],
            row["unit"],
            TELL_DECISION,
            f"{TELL_DECISION}:{request_id}",
            "Tell the victim about the decision on their licence condition request",
            clocks.calendar().add_working_days(max(data.on, today), TELL_WITHIN_WORKING_DAYS),
        )
    return await get_request_out(request_id, today)


async def mark_victim_informed(
    actor: Actor, request_id: int, data: VictimInformedIn, today: date
) -> ConditionRequestOut:
    """The victim has been told which conditions relating to them were set (Victims' Code)."""
    async with write_transaction():
        row = await locked_request(request_id)
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
        await move(row, "victim_informed", victim_informed_on=data.on)
        await record_event(
            row["case"],
            "condition_victim_informed",
            data.on,
            actor,
            "The victim was told the decision on their licence condition request",
            {"request_id": request_id},
        )
        await Task.update({Task.done_on: data.on, Task.done_by: actor.username}).where(
            (Task.key == f"{TELL_DECISION}:{request_id}") & Task.done_on.is_null()
        )
    return await get_request_out(request_id, today)


async def withdraw_request(
    actor: Actor, request_id: int, data: WithdrawIn, today: date
) -> ConditionRequestOut:
    """The victim withdraws their request (their own choice), before any decision. An unmet
    forwarding clock stops."""
    seen = await load_request(request_id)
    require_vlo_of_unit(actor, seen["unit"], seen["case.state"], "withdraw a request")
    require_status(seen, {"draft", "forwarded"}, "withdrawn now")
    words = {"reason": [data.reason]}
    await _screen(actor, seen, words, "withdrawal", data.confirm_not_victim_details)
    async with write_transaction():
        row = await locked_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "withdraw a request")
        require_status(row, {"draft", "forwarded"}, "withdrawn now")
        check_date(data.on, today, row["created_on"], "the request was made")
        await move(row, "withdrawn", withdrawn_on=data.on, withdrawal_reason=data.reason)
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
