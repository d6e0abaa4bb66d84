"""The door's projections: what the offender side may know of an offender and of the offender's
victims, read here and nowhere else in the door.

A victim is known to the offender side by name, relationship, whether they take part in the
scheme (and at which level), and which unit and VLO hold their case: never an address, phone,
email, date of birth or nominated contact (the 2006 probation rule that victim details are not
kept with or shown in offender records; domain.md section 1). The queries below select only
those columns, so nothing built from them can carry a contact detail.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from vcs.core.errors import NotFound
from vcs.core.tables import Case, Offender, Unit


@dataclass(frozen=True)
class OffenderFacts:
    """The offender as the offender side knows them."""

    id: int
    name: str
    crn: str | None
    prison_number: str | None
    pnc: str | None
    offender_manager: int | None


@dataclass(frozen=True)
class VictimFacts:
    """One victim of an offender (one case), with no contact detail."""

    case_id: int
    offender_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    victim_name: str
    relationship: str
    participation: str
    participation_level: str | None
    open: bool
    vlo: str  # the allocated VLO's name, else the unit's

    @property
    def opted_in(self) -> bool:
        return self.participation == "opted_in"


OFFENDER_COLUMNS = (
    Offender.id,
    Offender.name,
    Offender.crn,
    Offender.prison_number,
    Offender.pnc,
    Offender.offender_manager,
)
VICTIM_COLUMNS = (
    Case.id,
    Case.offender,
    Case.unit,
    Case.unit.code,
    Case.unit.name,
    Case.victim.name,
    Case.victim.relationship,
    Case.participation,
    Case.participation_level,
    Case.state,
    Case.assigned_to.display_name,
)


def _offender(row: dict[str, Any]) -> OffenderFacts:
    return OffenderFacts(**{k: row[k] for k in OffenderFacts.__dataclass_fields__})


def _victim(row: dict[str, Any]) -> VictimFacts:
    return VictimFacts(
        case_id=row["id"],
        offender_id=row["offender"],
        unit_id=row["unit"],
        unit_code=row["unit.code"],
        unit_name=row["unit.name"],
        victim_name=row["victim.name"],
        relationship=row["victim.relationship"],
        participation=row["participation"],
        participation_level=row["participation_level"],
        open=row["state"] == "open",
        vlo=row["assigned_to.display_name"] or row["unit.name"],
    )


async def offender(offender_id: int) -> OffenderFacts:
    """The offender, or NotFound."""
    row = await Offender.select(*OFFENDER_COLUMNS).where(Offender.id == offender_id).first()
    if row is None:
        raise NotFound("There is no offender with this number")
    return _offender(row)


async def offenders(offender_ids: Iterable[int]) -> dict[int, OffenderFacts]:
    """Several offenders by id (those that exist)."""
    ids = list(offender_ids) or [0]
    rows = await Offender.select(*OFFENDER_COLUMNS).where(Offender.id.is_in(ids))
    return {r["id"]: _offender(r) for r in rows}


async def managed_by(user_id: int, limit: int, offset: int) -> tuple[list[OffenderFacts], int]:
    """An offender manager's own offenders, by name, and how many there are."""
    where = Offender.offender_manager == user_id
    rows = await (
        Offender.select(*OFFENDER_COLUMNS)
        .where(where)
        .order_by(Offender.name)
        .order_by(Offender.id)
        .limit(limit)
        .offset(offset)
    )
    return [_offender(r) for r in rows], int(await Offender.count().where(where))


@dataclass
class Reading:
    """An offender's page being read whole (`vcs.offender_side.offender_page`): their victims,
    every case open or closed, read once for every part of the page that asks."""

    offender_id: int
    victims: list[VictimFacts] | None = None


READING: ContextVar[Reading | None] = ContextVar("offender_reading", default=None)


async def victims_of(
    offender_ids: Iterable[int], *, open_only: bool = True, opted_in_only: bool = False
) -> list[VictimFacts]:
    """The offenders' victims (one per case, every unit), oldest case first."""
    ids = list(offender_ids)
    reading = READING.get()
    if reading is None or ids != [reading.offender_id]:
        return await _victims_of(ids, open_only, opted_in_only)
    if reading.victims is None:
        reading.victims = await _victims_of(ids, False, False)
    return [
        v
        for v in reading.victims
        if (v.open or not open_only) and (v.opted_in or not opted_in_only)
    ]


async def _victims_of(ids: list[int], open_only: bool, opted_in_only: bool) -> list[VictimFacts]:
    where: Any = Case.offender.is_in(ids or [0])
    if open_only:
        where &= Case.state == "open"
    if opted_in_only:
        where &= Case.participation == "opted_in"
    rows = await Case.select(*VICTIM_COLUMNS).where(where).order_by(Case.id)
    return [_victim(r) for r in rows]


async def unit_has_case(unit_id: int | None, offender_id: int) -> bool:
    """Whether the unit holds a case (open or closed) for the offender."""
    return bool(await Case.exists().where((Case.offender == offender_id) & (Case.unit == unit_id)))


async def unit_case_ids(unit_id: int | None, offender_id: int) -> list[int]:
    """The unit's cases for the offender, oldest first."""
    rows = await (
        Case.select(Case.id)
        .where((Case.offender == offender_id) & (Case.unit == unit_id))
        .order_by(Case.id)
    )
    return [r["id"] for r in rows]


async def unit_names(unit_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Each unit's code and name."""
    rows = await Unit.select(Unit.id, Unit.code, Unit.name).where(
        Unit.id.is_in(list(unit_ids) or [0])
    )
    return {r["id"]: (r["code"], r["name"]) for r in rows}
