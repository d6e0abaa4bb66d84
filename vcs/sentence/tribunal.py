"""Statements to the First-tier Tribunal (Mental Health) by the victims of restricted patients:
invited, received, sent, or declined, and the victim told the tribunal's outcome.

Victims and Prisoners Act 2024, s.21 (in force 25 June 2025): the victim of a restricted patient
(a hospital order with a restriction order, or a hospital direction with a limitation direction;
Domestic Violence, Crime and Victims Act 2004, ss.36-38) may make a statement to the tribunal
that considers the patient's discharge. Modelled on the Victim Personal Statement for the Parole
Board (`vcs.sentence.vps`): the invitation starts a clock "tribunal_statement" due
`VCS_TRIBUNAL_STATEMENT_DAYS` (default 28) calendar days before the hearing, met when the
statement is sent; a victim who declines stops it; once the tribunal has decided, the victim is
told its outcome.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vcs.casework.lifecycle import check_not_future
from vcs.casework.lock import claim_case
from vcs.casework.unit_scope import case_in_unit
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.config import settings
from vcs.core.db import write_transaction
from vcs.core.errors import Conflict, InvalidInput, Refused
from vcs.core.schemas import Page
from vcs.core.tables import Case, Deadline
from vcs.core.timeline import record_event
from vcs.sentence.schemas import TribunalStatementIn, TribunalStatementOut, TribunalStep
from vcs.sentence.tables import VictimStatement

FORUM = "tribunal"
CLOCK = "tribunal_statement"
RESTRICTED = frozenset({"hospital_order_restricted", "hospital_direction"})
WORDS = {
    TribunalStep.INVITED: "Invited to make a statement to the First-tier Tribunal (Mental Health)",
    TribunalStep.RECEIVED: "Statement for the First-tier Tribunal (Mental Health) received",
    TribunalStep.SENT: "Statement sent to the First-tier Tribunal (Mental Health)",
    TribunalStep.DECLINED: "The victim declined to make a statement to the tribunal",
    TribunalStep.OUTCOME_TOLD: "The victim was told the tribunal's outcome",
}


async def _statements(case_id: int) -> list[dict[str, Any]]:
    return await (
        VictimStatement.select()
        .where((VictimStatement.case == case_id) & (VictimStatement.forum == FORUM))
        .order_by(VictimStatement.id)
    )


async def _require_restricted(case_id: int) -> None:
    sentence_type = Case.referral.sentence.type  # type: ignore[union-attr]
    row = await Case.select(sentence_type).where(Case.id == case_id).first()
    if row is None or row["referral.sentence.type"] not in RESTRICTED:
        raise Refused(
            "Only the victim of a restricted patient (a hospital order with a restriction order, "
            "or a hospital direction) makes a statement to the tribunal"
        )


async def restricted_patient(actor: Actor, case_id: int) -> bool:
    """Whether the case's offender is a restricted patient, whose victim may make a statement
    to the tribunal (the case must be in the actor's unit)."""
    await case_in_unit(actor, case_id)
    try:
        await _require_restricted(case_id)
    except Refused:
        return False
    return True


def _check(data: TribunalStatementIn, today: date) -> None:
    check_not_future(data.on, today)
    if data.step is TribunalStep.INVITED:
        if data.hearing_date is None:
            raise InvalidInput.on("hearing_date", "Give the date of the tribunal hearing")
        if data.hearing_date <= data.on:
            raise InvalidInput.on("hearing_date", "The hearing must be after the invitation")
    elif data.hearing_date is not None:
        raise InvalidInput.on("hearing_date", "Only an invitation takes a hearing date")
    if data.step is TribunalStep.OUTCOME_TOLD and not data.outcome.strip():
        raise InvalidInput.on("outcome", "Say what the tribunal decided, as told to the victim")
    if data.step is not TribunalStep.OUTCOME_TOLD and data.outcome.strip():
        raise InvalidInput.on("outcome", "Only telling the victim the outcome takes an outcome")


async def _invite(case: dict[str, Any], data: TribunalStatementIn) -> int:
    if case["participation"] != "opted_in":
        raise Refused("Only a victim who has opted in is invited to make a statement")
    assert data.hearing_date is not None
    days = settings.tribunal_statement_days
    clock = Deadline(
        clock=CLOCK,
        case=case["id"],
        unit=case["unit"],
        starts_on=data.on,
        due=data.hearing_date - timedelta(days),
        policy=f"calendar_days_before:{CLOCK}={days}",
    )
    await clock.save()
    statement = VictimStatement(
        case=case["id"],
        forum=FORUM,
        hearing_date=data.hearing_date,
        invited_on=data.on,
        deadline=clock.id,
    )
    await statement.save()
    return int(statement.id)


async def _step(row: dict[str, Any], data: TribunalStatementIn) -> None:
    if data.on < row["invited_on"]:
        raise InvalidInput.on("on", "This cannot be before the invitation")
    changes: dict[Any, Any]
    if data.step is TribunalStep.RECEIVED:
        if row["received_on"] or row["declined_on"]:
            raise Conflict("The statement has already been received or declined")
        changes = {VictimStatement.received_on: data.on}
    elif data.step is TribunalStep.SENT:
        if not row["received_on"] or row["sent_on"]:
            raise Conflict("The statement must be received, and not yet sent")
        changes = {VictimStatement.sent_on: data.on}
        await Deadline.update({Deadline.met_on: data.on}).where(Deadline.id == row["deadline"])
    elif data.step is TribunalStep.DECLINED:
        if row["sent_on"] or row["declined_on"]:
            raise Conflict("The statement has already been sent or declined")
        changes = {VictimStatement.declined_on: data.on, VictimStatement.deadline: None}
    else:
        if row["outcome_told_on"]:
            raise Conflict("The victim has already been told the outcome")
        if data.on < row["hearing_date"]:
            raise InvalidInput.on("on", "The victim is told the outcome after the hearing")
        changes = {VictimStatement.outcome_told_on: data.on, VictimStatement.outcome: data.outcome}
    await VictimStatement.update(changes).where(VictimStatement.id == row["id"])
    if data.step is TribunalStep.DECLINED and row["deadline"]:
        await Deadline.delete().where(Deadline.id == row["deadline"])


async def record_tribunal_step(
    actor: Actor, case_id: int, data: TribunalStatementIn, today: date
) -> TribunalStatementOut:
    """Invite the victim of a restricted patient to make a statement to the tribunal (its clock
    starts), record it received, sent (the clock is met) or declined (the clock stops), and
    record that the victim was told the tribunal's outcome. Victims and Prisoners Act 2024,
    s.21."""
    _check(data, today)
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version)
        await _require_restricted(case_id)
        rows = await _statements(case_id)
        current = next((r for r in reversed(rows) if not r["outcome_told_on"]), None)
        if data.step is TribunalStep.INVITED:
            if current and not (current["sent_on"] or current["declined_on"]):
                raise Conflict("The victim has already been invited to make a statement")
            statement_id = await _invite(case, data)
        elif current is None:
            raise Conflict("The victim has not been invited to make a statement")
        else:
            statement_id = current["id"]
            await _step(current, data)
        await clocks.refresh_next_due(case_id)
        summary = WORDS[data.step]
        if data.step is TribunalStep.OUTCOME_TOLD:
            summary += f": {data.outcome.strip()}"
        await record_event(
            case_id, f"tribunal_statement_{data.step.value}", data.on, actor, summary
        )
    return (await _outs([statement_id], today))[0]


def _status(row: dict[str, Any]) -> str:
    for status, column in (
        ("outcome_told", "outcome_told_on"),
        ("sent", "sent_on"),
        ("declined", "declined_on"),
        ("received", "received_on"),
    ):
        if row[column]:
            return status
    return "invited"


async def _outs(ids: list[int], today: date) -> list[TribunalStatementOut]:
    rows = await VictimStatement.select().where(VictimStatement.id.is_in(ids or [0]))
    clock_ids = [r["deadline"] for r in rows if r["deadline"]] or [0]
    clock_rows = {c["id"]: c for c in await Deadline.select().where(Deadline.id.is_in(clock_ids))}
    fields = TribunalStatementOut.model_fields
    return [
        TribunalStatementOut(
            **{k: v for k, v in r.items() if k in fields and k != "deadline"},
            case_id=r["case"],
            status=_status(r),
            deadline=clocks.deadline_out(clock_rows[r["deadline"]], today)
            if r["deadline"] in clock_rows
            else None,
        )
        for r in sorted(rows, key=lambda r: r["id"])
    ]


async def list_tribunal_statements(
    actor: Actor, case_id: int, today: date, limit: int, offset: int
) -> Page[TribunalStatementOut]:
    """The case's statements to the tribunal, oldest first, each with its clock."""
    await case_in_unit(actor, case_id)
    rows = await _statements(case_id)
    chosen = rows[offset : offset + limit]
    return Page[TribunalStatementOut](
        items=await _outs([r["id"] for r in chosen], today),
        total=len(rows),
        limit=limit,
        offset=offset,
    )
