"""Victim Personal Statements for parole hearings: invited, received, sent to the Parole Board,
or declined.

Victims' Code (right 7) and the Parole Board's guidance: a victim in the scheme may make a
statement for a parole hearing, and it must reach the Parole Board at least 28 days before the
hearing. The invitation starts a clock "vps" on the case, due 28 calendar days before the
hearing (shown in the caseload and the unit's deadlines), met when the statement is sent; a
victim who declines stops it. The 21 days in which a parole decision may be reconsidered are
shown with the decision's key stage (`vcs.sentence.key_stage_views`).

A victim taken on at the unit's discretion may not be entitled to make a statement (domain.md
section 2; Victims' Code, right 7, is for victims in the statutory scheme): their invitation is
flagged as not an entitlement, unless `VCS_VPS_DISCRETIONARY_ENTITLEMENT` says otherwise, and
the reports count such invitations apart.
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
from vcs.sentence.schemas import VpsIn, VpsOut, VpsStep
from vcs.sentence.tables import KeyStage, VictimStatement

NOT_AN_ENTITLEMENT = (
    "Not an entitlement: the case was taken on at the unit's discretion, so the statement is "
    "invited as a courtesy. The Parole Board may still choose to read it."
)
PAROLE_BOARD = "parole_board"
CLOCK = "vps"
DAYS_BEFORE_HEARING = 28
WORDS = {
    VpsStep.INVITED: "invited to make a Victim Personal Statement",
    VpsStep.RECEIVED: "Victim Personal Statement received",
    VpsStep.SENT: "Victim Personal Statement sent to the Parole Board",
    VpsStep.DECLINED: "the victim declined to make a Victim Personal Statement",
}


async def _current(case_id: int) -> dict[str, Any] | None:
    """The statement in progress: invited, neither sent nor declined."""
    return await (
        VictimStatement.select()
        .where(
            (VictimStatement.case == case_id)
            & (VictimStatement.forum == PAROLE_BOARD)
            & VictimStatement.sent_on.is_null()
            & VictimStatement.declined_on.is_null()
        )
        .first()
    )


async def _latest_hearing(offender_id: int) -> date | None:
    row = await (
        KeyStage.select(KeyStage.hearing_date)
        .where((KeyStage.offender == offender_id) & KeyStage.hearing_date.is_not_null())
        .order_by(KeyStage.on, ascending=False)
        .order_by(KeyStage.id, ascending=False)
        .first()
    )
    return row["hearing_date"] if row else None


async def is_entitled(case_id: int) -> bool:
    """Whether the victim of a case is entitled to make a statement: a statutory case is; a
    discretionary one only when the service is configured so (`vps_discretionary_entitlement`).
    Source: Victims' Code, right 7; domain.md section 2."""
    row = await Case.select(Case.referral.eligibility_status).where(Case.id == case_id).first()
    discretionary = row is not None and row["referral.eligibility_status"] == "discretionary"
    return not discretionary or settings.vps_discretionary_entitlement


async def _invite(case: dict[str, Any], data: VpsIn) -> int:
    if case["participation"] != "opted_in":
        raise Refused("Only a victim who has opted in is invited to make a statement")
    hearing = data.hearing_date or await _latest_hearing(case["offender"])
    if hearing is None:
        raise InvalidInput.on("hearing_date", "Give the hearing date: none is recorded yet")
    if hearing <= data.on:
        raise InvalidInput.on("hearing_date", "The hearing must be after the invitation")
    clock = Deadline(
        clock=CLOCK,
        case=case["id"],
        unit=case["unit"],
        starts_on=data.on,
        due=hearing - timedelta(DAYS_BEFORE_HEARING),
        policy=f"calendar_days_before:{CLOCK}={DAYS_BEFORE_HEARING}",
    )
    await clock.save()
    statement = VictimStatement(
        case=case["id"],
        hearing_date=hearing,
        invited_on=data.on,
        deadline=clock.id,
        entitlement=await is_entitled(case["id"]),
    )
    await statement.save()
    return int(statement.id)


async def _step(row: dict[str, Any], data: VpsIn) -> None:
    if data.on < row["invited_on"]:
        raise InvalidInput.on("on", "This cannot be before the invitation")
    changes: dict[Any, Any]
    if data.step is VpsStep.RECEIVED:
        if row["received_on"]:
            raise Conflict("The statement has already been received")
        changes = {VictimStatement.received_on: data.on}
    elif data.step is VpsStep.SENT:
        if not row["received_on"]:
            raise Conflict("The statement has not been received yet")
        changes = {VictimStatement.sent_on: data.on}
        await Deadline.update({Deadline.met_on: data.on}).where(Deadline.id == row["deadline"])
    else:
        changes = {VictimStatement.declined_on: data.on, VictimStatement.deadline: None}
    await VictimStatement.update(changes).where(VictimStatement.id == row["id"])
    if data.step is VpsStep.DECLINED and row["deadline"]:
        await Deadline.delete().where(Deadline.id == row["deadline"])


async def record_vps_step(actor: Actor, case_id: int, data: VpsIn, today: date) -> VpsOut:
    """Invite the victim to make a statement for a hearing (its clock starts), record it
    received, sent to the Parole Board (the clock is met) or declined (the clock stops)."""
    check_not_future(data.on, today)
    if data.step is not VpsStep.INVITED and data.hearing_date is not None:
        raise InvalidInput.on("hearing_date", "Only an invitation takes a hearing date")
    async with write_transaction():
        case = await claim_case(actor, case_id, None)
        current = await _current(case_id)
        if data.step is VpsStep.INVITED:
            if current:
                raise Conflict("The victim has already been invited to make a statement")
            statement_id = await _invite(case, data)
        elif current is None:
            raise Conflict("The victim has not been invited to make a statement")
        else:
            statement_id = current["id"]
            await _step(current, data)
        await clocks.refresh_next_due(case_id)
        out = (await _outs([statement_id], today))[0]
        words = WORDS[data.step].capitalize()
        if data.step is VpsStep.INVITED and not out.entitlement:
            words += f". {NOT_AN_ENTITLEMENT}"
        await record_event(case_id, f"vps_{data.step.value}", data.on, actor, words)
    return out


async def _outs(ids: list[int], today: date) -> list[VpsOut]:
    rows = await VictimStatement.select().where(VictimStatement.id.is_in(ids or [0]))
    clock_ids = [r["deadline"] for r in rows if r["deadline"]] or [0]
    clock_rows = {c["id"]: c for c in await Deadline.select().where(Deadline.id.is_in(clock_ids))}
    outs = []
    for r in sorted(rows, key=lambda r: r["id"]):
        status = next(
            (s for s, f in (("sent", "sent_on"), ("declined", "declined_on")) if r[f]),
            "received" if r["received_on"] else "invited",
        )
        clock = clock_rows.get(r["deadline"])
        outs.append(
            VpsOut(
                **{k: v for k, v in r.items() if k not in ("deadline", "outcome")},
                case_id=r["case"],
                status=status,
                deadline=clocks.deadline_out(clock, today) if clock else None,
                entitlement_note=None if r["entitlement"] else NOT_AN_ENTITLEMENT,
            )
        )
    return outs


async def list_vps(
    actor: Actor, case_id: int, today: date, limit: int, offset: int
) -> Page[VpsOut]:
    """The case's statements, oldest first, each with its clock."""
    await case_in_unit(actor, case_id)
    where = (VictimStatement.case == case_id) & (VictimStatement.forum == PAROLE_BOARD)
    rows = await (
        VictimStatement.select(VictimStatement.id)
        .where(where)
        .order_by(VictimStatement.id)
        .limit(limit)
        .offset(offset)
    )
    return Page[VpsOut](
        items=await _outs([r["id"] for r in rows], today),
        total=await VictimStatement.count().where(where),
        limit=limit,
        offset=offset,
    )
