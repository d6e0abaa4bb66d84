"""Reading cases: the unit's caseload most urgent first, one case in full, its timeline, and the
manager's list of open clocks. A VLU sees only its own unit's cases; every read of a victim's
personal details is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from vcs.access import audit
from vcs.casework.case_schemas import (
    AddressOut,
    CaseCounts,
    CaseDetail,
    CaseEventOut,
    CaseList,
    CaseSummary,
    NominatedContactOut,
    OffenceOut,
    OffenderOut,
    SentenceOut,
    UnitDeadline,
    VictimDetails,
)
from vcs.casework.schemas import PreferencesOut
from vcs.casework.tables import NominatedContact, Preference
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.db import read_transaction
from vcs.core.errors import NotFound, PermissionDenied
from vcs.core.schemas import Page
from vcs.core.tables import NO_CLOCK, Case, CaseEvent, Deadline, Offender, Referral, Unit, Victim
from vcs.core.tables import User as UserTable
from vcs.referrals.schemas import Eligibility
from vcs.referrals.tables import Offence


@dataclass(frozen=True)
class CaseFilter:
    assigned_to: str | None = None
    state: str | None = None  # open | closed
    deadline: str | None = None  # overdue | due_soon
    unallocated: bool = False  # only the cases no VLO has yet (a manager's allocation queue)


def require_casework(actor: Actor) -> int:
    """The unit whose cases the actor may work: VLOs and VLU managers only."""
    if not actor.does_casework or actor.unit_id is None:
        raise PermissionDenied("Only a Victim Liaison Unit can see cases")
    return actor.unit_id


async def case_in_unit(actor: Actor, case_id: int) -> dict[str, Any]:
    """The case row, if it exists and belongs to the actor's unit."""
    unit_id = require_casework(actor)
    row = await Case.select().where(Case.id == case_id).first()
    if row is None:
        raise NotFound("There is no case with this number")
    if row["unit"] != unit_id:
        raise PermissionDenied("This case belongs to another unit")
    return row


def _urgency(next_due: date, soon: date, today: date) -> str:
    if next_due == NO_CLOCK:
        return "none"
    if next_due < today:
        return "overdue"
    return "due_soon" if next_due <= soon else "pending"


async def list_cases(
    actor: Actor, filters: CaseFilter, today: date, limit: int, offset: int
) -> CaseList:
    """The unit's caseload (or one VLO's), most urgent first: overdue, then due soon, then by
    due date, with counts of the open cases in the same scope."""
    unit_id = require_casework(actor)
    soon = clocks.due_soon_limit(today)
    async with read_transaction():
        scope: Combinable = Case.unit == unit_id
        assignee = None
        if filters.assigned_to:
            row = (
                await UserTable.select(UserTable.id)
                .where(UserTable.username == filters.assigned_to)
                .first()
            )
            assignee = row["id"] if row else 0  # an unknown name matches no case
            scope &= Case.assigned_to == assignee
        if filters.unallocated:
            scope &= Case.assigned_to.is_null()
        where = scope
        if filters.state:
            where &= Case.state == filters.state
        if filters.deadline == "overdue":
            where &= Case.next_due < today
        elif filters.deadline == "due_soon":
            where &= (Case.next_due >= today) & (Case.next_due <= soon)
        rows = await (
            Case.select(*CASELOAD_COLUMNS)
            .where(where)
            .order_by(Case.next_due, Case.id)
            .limit(limit)
            .offset(offset)
        )
        counts = await _counts(unit_id, assignee, today, soon, unallocated=filters.unallocated)
        total = _total_from(counts, filters)
        if total is None:
            total = await Case.count().where(where)
    return CaseList(
        items=[_summary(r, soon, today) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        counts=counts,
    )


CASELOAD_COLUMNS = (
    Case.id,
    Case.victim.name,
    Case.victim.relationship,
    Case.offender,
    Case.offender.name,
    Case.unit.code,
    Case.assigned_to.username,
    Case.state,
    Case.eligibility_status,
    Case.participation,
    Case.next_due,
)


def _summary(r: dict[str, Any], soon: date, today: date) -> CaseSummary:
    return CaseSummary(
        id=r["id"],
        victim_name=r["victim.name"],
        relationship=r["victim.relationship"],
        offender_id=r["offender"],
        offender_name=r["offender.name"],
        unit_code=r["unit.code"],
        assigned_to=r["assigned_to.username"],
        state=r["state"],
        eligibility_status=r["eligibility_status"],
        participation=r["participation"],
        next_due=None if r["next_due"] == NO_CLOCK else r["next_due"],
        urgency=_urgency(r["next_due"], soon, today),
    )


def _total_from(counts: CaseCounts, filters: CaseFilter) -> int | None:
    """The list's total when the counts already hold it (closed cases run no clock)."""
    if filters.state == "closed":
        return None
    if filters.deadline == "overdue":
        return counts.overdue
    if filters.deadline == "due_soon":
        return counts.due_soon
    return counts.open if filters.state == "open" else None


COUNTS_SQL = """
SELECT COUNT(*) AS open,
       COALESCE(SUM(CASE WHEN next_due < {} THEN 1 ELSE 0 END), 0) AS overdue,
       COALESCE(SUM(CASE WHEN next_due >= {} AND next_due <= {} THEN 1 ELSE 0 END), 0) AS due_soon,
       COALESCE(SUM(CASE WHEN assigned_to IS NULL THEN 1 ELSE 0 END), 0) AS unallocated
FROM vcs_case WHERE unit = {} AND state = 'open'
"""


async def _counts(
    unit_id: int, assignee: int | None, today: date, soon: date, *, unallocated: bool = False
) -> CaseCounts:
    """Open cases in scope by urgency, in one pass over the caseload index."""
    sql, args = COUNTS_SQL, [today, today, soon, unit_id]
    if assignee is not None:
        sql, args = sql + " AND assigned_to = {}", [*args, assignee]
    if unallocated:
        sql += " AND assigned_to IS NULL"
    [row] = await Case.raw(sql, *args)
    return CaseCounts(**{k: int(v) for k, v in row.items()})


async def get_case(actor: Actor, case_id: int, today: date) -> CaseDetail:
    """One case in full, for its unit. Reading the victim's details is audited."""
    async with read_transaction():
        detail = await _case_detail(actor, case_id, today)
    await audit.record(actor, "read_victim_details", "victim", detail.victim.id, f"case {case_id}")
    return detail


async def _case_detail(actor: Actor, case_id: int, today: date) -> CaseDetail:
    case = await case_in_unit(actor, case_id)
    victim = await Victim.select().where(Victim.id == case["victim"]).first()
    offender = await Offender.select().where(Offender.id == case["offender"]).first()
    referral = await (
        Referral.select(*Referral.all_columns(), *Referral.sentence.all_columns())
        .where(Referral.id == case["referral"])
        .output(load_json=True)
        .first()
    )
    assert victim and offender and referral
    unit = await Unit.select(Unit.code).where(Unit.id == case["unit"]).first()
    assert unit is not None
    offences = (
        await Offence.select().where(Offence.referral == case["referral"]).order_by(Offence.id)
    )
    clock_rows = await Deadline.select().where(Deadline.case == case_id).order_by(Deadline.id)
    assignee = None
    if case["assigned_to"]:
        assignee = (
            await UserTable.select(UserTable.username)
            .where(UserTable.id == case["assigned_to"])
            .first()
        )
    return CaseDetail(
        id=case_id,
        version=case["version"],
        state=case["state"],
        unit_code=unit["code"],  # the unit holding the case now (it may have been transferred)
        referral_id=case["referral"],
        assigned_to=assignee["username"] if assignee else None,
        victim=_victim_details(victim),
        offender=OffenderOut(**offender),
        offences=[OffenceOut(**o) for o in offences],
        sentence=SentenceOut(
            date=referral["sentence.sentenced_on"],
            court=referral["sentence.court"],
            type=referral["sentence.type"],
            length_months=referral["sentence.length_months"],
        ),
        eligibility=Eligibility(
            status=referral["eligibility_status"],
            reasons=referral["eligibility_reasons"],
            rules_version=referral["rules_version"],
            contact_route=referral["contact_route"],
        ),
        participation=case["participation"],
        participation_level=case["participation_level"],
        closed_on=case["closed_on"],
        close_reason=case["close_reason"],
        nominated_contact=await nominated_contact_of(case_id),
        preferences=await preferences_of(case),
        deadlines=[clocks.deadline_out(d, today) for d in clock_rows],
    )


async def preferences_of(case: dict[str, Any]) -> PreferencesOut:
    """How the victim wants to hear from us: as recorded, or the defaults (post, in the
    language given at referral)."""
    row = (
        await Preference.select()
        .where(Preference.case == case["id"])
        .output(load_json=True)
        .first()
    )
    if row:
        return PreferencesOut(**row)
    victim = await Victim.select(Victim.language).where(Victim.id == case["victim"]).first()
    return PreferencesOut(
        channels=["post"],
        language=victim["language"] if victim else "en",
        large_print=False,
        easy_read=False,
        interpreter_language="",
        safe_times_to_call="",
        no_post_to_home=False,
    )


async def nominated_contact_of(case_id: int) -> NominatedContactOut | None:
    row = await NominatedContact.select().where(NominatedContact.case == case_id).first()
    if row is None:
        return None
    address = None
    if row["address_line1"]:
        address = AddressOut(
            line1=row["address_line1"],
            line2=row["address_line2"],
            town=row["town"],
            postcode=row["postcode"],
        )
    return NominatedContactOut(
        kind=row["kind"],
        name=row["name"],
        relationship=row["relationship"],
        address=address,
        email=row["email"] or None,
        phone=row["phone"] or None,
    )


def _victim_details(v: dict[str, Any]) -> VictimDetails:
    address = None
    if v["address_line1"]:
        address = AddressOut(
            line1=v["address_line1"],
            line2=v["address_line2"],
            town=v["town"],
            postcode=v["postcode"],
        )
    return VictimDetails(
        id=v["id"],
        name=v["name"],
        relationship=v["relationship"],
        date_of_birth=v["date_of_birth"],
        address=address,
        email=v["email"] or None,
        phone=v["phone"] or None,
        language=v["language"],
        deceased_on=v["deceased_on"],
    )


async def case_timeline(actor: Actor, case_id: int, limit: int, offset: int) -> Page[CaseEventOut]:
    """Every event on the case, oldest first."""
    async with read_transaction():
        return await _timeline(actor, case_id, limit, offset)


async def _timeline(actor: Actor, case_id: int, limit: int, offset: int) -> Page[CaseEventOut]:
    await case_in_unit(actor, case_id)
    rows = await (
        CaseEvent.select()
        .where(CaseEvent.case == case_id)
        .order_by(CaseEvent.id)
        .limit(limit)
        .offset(offset)
        .output(load_json=True)
    )
    total = await CaseEvent.count().where(CaseEvent.case == case_id)
    return Page[CaseEventOut](
        items=[CaseEventOut(**r) for r in rows], total=total, limit=limit, offset=offset
    )


async def unit_deadlines(
    actor: Actor, state: str | None, today: date, limit: int, offset: int
) -> Page[UnitDeadline]:
    """Every open clock of the manager's unit, most urgent first."""
    if actor.role is not Role.VLU_MANAGER or actor.unit_id is None:
        raise PermissionDenied("Only a VLU manager can see the unit's deadlines")
    where = (
        (Deadline.unit == actor.unit_id)
        & Deadline.met_on.is_null()
        & (Deadline.case.state == "open")
    )
    if state == "overdue":
        where &= Deadline.due < today
    elif state == "due_soon":
        where &= (Deadline.due >= today) & (Deadline.due <= clocks.due_soon_limit(today))
    rows = await (
        Deadline.select(
            *Deadline.all_columns(),
            Deadline.case.victim.name,  # type: ignore[union-attr]
            Deadline.case.assigned_to.username,  # type: ignore[union-attr]
        )
        .where(where)
        .order_by(Deadline.due)
        .order_by(Deadline.id)
        .limit(limit)
        .offset(offset)
    )
    return Page[UnitDeadline](
        items=[
            UnitDeadline(
                case_id=r["case"],
                victim_name=r["case.victim.name"],
                assigned_to=r["case.assigned_to.username"],
                deadline=clocks.deadline_out(r, today),
            )
            for r in rows
        ],
        total=await Deadline.count().where(where),
        limit=limit,
        offset=offset,
    )
