"""The nightly sweep over every open clock.

Works out each open clock's state for a date, records each newly overdue clock exactly once
(a conditional update claims it, so running twice, or two sweeps at once, records it once),
marks cases "no response" when the contact ladder is exhausted (which is not an opt-out), and
makes the task to move contact to a young person on their 18th birthday, and raises the annual
contact clock of each victim who chose the annual letter while the offender is in custody. Run
nightly (`nightly`), it then signs a checkpoint of the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from deadlines.annual import CLOCK as ANNUAL_CLOCK
from deadlines.annual import MONTHS, annual_contact_due
from vcs.access import audit_verify
from vcs.casework.schemas import SweepOut
from vcs.casework.tables import ContactAttempt, NominatedContact, ParticipationChange
from vcs.casework.tasks import add_task
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.config import settings
from vcs.core.db import write_transaction
from vcs.core.tables import Case, CaseEvent, Deadline
from vcs.core.words import long_date
from vcs.sentence import key_dates

SWEEPER = Actor(user_id=0, username="sweep", role=Role.ADMIN, unit_id=None, unit_code=None)


@dataclass(frozen=True)
class Scope:
    """All units (the command line) or one (a manager's request)."""

    unit_id: int | None = None

    def cases(self) -> Any:
        where = Case.state == "open"
        return where if self.unit_id is None else where & (Case.unit == self.unit_id)


async def sweep(on: date, scope: Scope = Scope()) -> SweepOut:
    """Run every step of the sweep for the date `on`."""
    annual = await raise_annual_contacts(on, scope)
    newly_overdue = await _record_breaches(on, scope)
    open_where = Deadline.met_on.is_null() & (Deadline.case.state == "open")
    if scope.unit_id is not None:
        open_where &= Deadline.unit == scope.unit_id
    soon = clocks.due_soon_limit(on)
    return SweepOut(
        on=on,
        open_clocks=await Deadline.count().where(open_where),
        overdue=await Deadline.count().where(open_where & (Deadline.due < on)),
        due_soon=await Deadline.count().where(
            open_where & (Deadline.due >= on) & (Deadline.due <= soon)
        ),
        newly_overdue=newly_overdue,
        no_response=await _mark_no_response(on, scope),
        tasks_created=await _young_people_turning_18(on, scope)
        + await key_dates.propose_closures(on, scope.unit_id),
        annual_contacts_raised=annual,
    )


async def raise_annual_contacts(on: date, scope: Scope) -> int:
    """Raise the annual contact clock of every open case whose victim chose the annual letter
    and has none open, while the offender is in custody: due 12 months after the last annual
    contact, or after the victim chose the annual level (`deadlines.annual`; Victims' Code,
    right 7). Running twice raises each clock once."""
    rows = await Case.select(Case.id, Case.unit, Case.offender).where(
        scope.cases() & (Case.participation == "opted_in") & (Case.participation_level == "annual")
    )
    if not rows:
        return 0
    ids = [int(r["id"]) for r in rows]
    open_clocks = await Deadline.select(Deadline.case).where(
        Deadline.case.is_in(ids) & (Deadline.clock == ANNUAL_CLOCK) & Deadline.met_on.is_null()
    )
    busy = {int(r["case"]) for r in open_clocks}
    out = await key_dates.released([int(r["offender"]) for r in rows], on)
    raised = 0
    for row in rows:
        if row["id"] in busy or row["offender"] in out:
            continue
        async with write_transaction():
            raised += await _raise_annual_contact(row, on)
    return raised


async def _raise_annual_contact(case: dict[str, Any], on: date) -> int:
    case_id = case["id"]
    already = await Deadline.exists().where(
        (Deadline.case == case_id) & (Deadline.clock == ANNUAL_CLOCK) & Deadline.met_on.is_null()
    )
    if already:
        return 0
    last = await (
        Deadline.select(Deadline.met_on)
        .where((Deadline.case == case_id) & (Deadline.clock == ANNUAL_CLOCK))
        .order_by(Deadline.met_on, ascending=False)
        .first()
    )
    chose = await (
        ParticipationChange.select(ParticipationChange.on)
        .where((ParticipationChange.case == case_id) & (ParticipationChange.level == "annual"))
        .order_by(ParticipationChange.on, ascending=False)
        .first()
    )
    anchors = [d for d in (last and last["met_on"], chose and chose["on"]) if d]
    anchor = max(anchors) if anchors else on
    due = annual_contact_due(anchor)
    await Deadline.insert(
        Deadline(
            clock=ANNUAL_CLOCK,
            case=case_id,
            unit=case["unit"],
            starts_on=anchor,
            due=due,
            policy=f"calendar_months:{ANNUAL_CLOCK}={MONTHS}",
        )
    )
    await clocks.refresh_next_due(case_id)
    await CaseEvent.insert(
        CaseEvent(
            case=case_id,
            kind="annual_contact_due",
            occurred_on=on,
            actor=SWEEPER.username,
            summary=f"The annual contact is due by {due.day} {due:%B %Y}",
            data={"clock": ANNUAL_CLOCK, "due": due.isoformat()},
        )
    )
    return 1


@dataclass(frozen=True)
class Nightly:
    sweep: SweepOut
    checkpoint: audit_verify.CheckpointOutcome


async def nightly(on: date) -> Nightly:
    """The nightly run (`vcs sweep`): the sweep over every unit, then a signed checkpoint of
    the audit trail written outside the database (none if the trail does not hold)."""
    result = await sweep(on)
    return Nightly(result, await audit_verify.take_checkpoint())


async def _record_breaches(on: date, scope: Scope) -> int:
    where = (
        Deadline.met_on.is_null()
        & Deadline.breach_recorded_on.is_null()
        & (Deadline.due < on)
        & (Deadline.case.state == "open")
    )
    if scope.unit_id is not None:
        where &= Deadline.unit == scope.unit_id
    total = 0
    while True:
        ids = [
            r["id"]
            for r in await Deadline.select(Deadline.id)
            .where(where)
            .order_by(Deadline.id)
            .limit(settings.sweep_chunk)
        ]
        if not ids:
            return total
        async with write_transaction():
            claimed = (
                await Deadline.update({Deadline.breach_recorded_on: on})
                .where(Deadline.id.is_in(ids) & Deadline.breach_recorded_on.is_null())
                .returning(Deadline.case, Deadline.clock, Deadline.due)
            )
            if claimed:
                await CaseEvent.insert(*[_breach_event(row, on) for row in claimed])
        total += len(claimed)


def _breach_event(row: dict[str, Any], on: date) -> CaseEvent:
    clock = str(row["clock"]).replace("_", " ")
    return CaseEvent(
        case=row["case"],
        kind="deadline_missed",
        occurred_on=on,
        actor=SWEEPER.username,
        summary=f"The {clock} clock passed its due date ({long_date(row['due'])}) unmet",
        data={"clock": row["clock"], "due": row["due"].isoformat()},
    )


async def _mark_no_response(on: date, scope: Scope) -> int:
    """Cases still awaiting a reply after the set number of unsuccessful attempts and a
    follow-up letter whose reply window has passed become "no response"."""
    follow_ups = await _follow_up_letters(scope)
    marked = 0
    calendar = clocks.calendar()
    for case_id, sent_on in follow_ups.items():
        if calendar.add_working_days(sent_on, settings.reply_working_days) >= on:
            continue
        attempts = await ContactAttempt.select(ContactAttempt.outcome).where(
            ContactAttempt.case == case_id
        )
        outcomes = [a["outcome"] for a in attempts]
        unsuccessful = sum(o not in ("made_contact", "note") for o in outcomes)
        if "made_contact" in outcomes or unsuccessful < settings.no_response_attempts + 1:
            continue
        async with write_transaction():
            changed = (
                await Case.update({Case.participation: "no_response"})
                .where((Case.id == case_id) & (Case.participation == "awaiting_reply"))
                .returning(Case.id)
            )
            if changed:
                await CaseEvent.insert(
                    CaseEvent(
                        case=case_id,
                        kind="no_response",
                        occurred_on=on,
                        actor=SWEEPER.username,
                        summary="No response after the follow-up letter (this is not an opt-out)",
                        data={"attempts": unsuccessful},
                    )
                )
                marked += 1
    return marked


async def _follow_up_letters(scope: Scope) -> dict[int, date]:
    """The latest follow-up letter of each case still awaiting a reply."""
    where = (
        (ContactAttempt.follow_up == True)  # noqa: E712 (a SQL comparison)
        & (ContactAttempt.method == "letter")
        & (ContactAttempt.case.participation == "awaiting_reply")
        & (ContactAttempt.case.state == "open")
    )
    if scope.unit_id is not None:
        where &= ContactAttempt.case.unit == scope.unit_id
    latest: dict[int, date] = {}
    for row in await ContactAttempt.select(ContactAttempt.case, ContactAttempt.on).where(where):
        latest[row["case"]] = max(row["on"], latest.get(row["case"], row["on"]))
    return latest


async def _young_people_turning_18(on: date, scope: Scope) -> int:
    """On a young victim's 18th birthday, a task to move contact from the parent or guardian to
    them (the young person is told directly from their 18th birthday)."""
    where = (NominatedContact.kind == "parent_guardian") & (NominatedContact.case.state == "open")
    if scope.unit_id is not None:
        where &= NominatedContact.case.unit == scope.unit_id
    rows = await NominatedContact.select(
        NominatedContact.case,
        NominatedContact.case.unit,
        NominatedContact.case.victim.date_of_birth,  # type: ignore[union-attr]
    ).where(where)
    created = 0
    for row in rows:
        born = row["case.victim.date_of_birth"]
        if born is None:
            continue
        birthday = _eighteenth(born)
        if birthday <= on and await add_task(
            row["case"],
            row["case.unit"],
            "young_person_18",
            f"{row['case']}:young_person_18",
            "The victim is 18: move contact from the parent or guardian to them",
            birthday,
        ):
            created += 1
    return created


def _eighteenth(born: date) -> date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # born on 29 February: the birthday is 1 March in a common year
        return date(born.year + 18, 3, 1)
