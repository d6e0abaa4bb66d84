"""Checks on a licence-condition request before it is stored: who may act, in which state, with
which inputs, and that nothing in it gives away the victim's contact details."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vcs.conditions.catalogue import CATALOGUE, standard_wording
from vcs.conditions.schemas import ConditionRequestCreate
from vcs.conditions.tables import ConditionRequest
from vcs.conditions.zones import CheckedZone, check_zone
from vcs.core.actors import Actor, Role
from vcs.core.errors import Conflict, FieldProblem, InvalidInput, NotFound, PermissionDenied

NOT_FOUND = "There is no licence-condition request with this number"
INPUT_WORDS = {
    "names": "the names of the people concerned",
    "zone": "a zone (a GeoJSON Polygon or MultiPolygon)",
    "premises": "the premises, addresses or roads",
    "wording": "the wording of the bespoke condition",
}
STATE_WORDS = {
    "draft": "is still a draft",
    "forwarded": "was forwarded to the decision maker: its wording is frozen",
    "decided": "has a decision recorded",
    "victim_informed": "is finished: the victim has been told the decision",
    "withdrawn": "was withdrawn by the victim",
}


@dataclass(frozen=True)
class CheckedRequest:
    wording: str
    zone: CheckedZone | None


async def load_request(request_id: int) -> dict[str, Any]:
    """The request with its case's unit and state and its offender's offender manager."""
    row = await (
        ConditionRequest.select(
            *ConditionRequest.all_columns(),
            ConditionRequest.case.state,
            ConditionRequest.case.victim,
            ConditionRequest.offender.offender_manager,
        )
        .where(ConditionRequest.id == request_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return dict(row)


def require_vlo_of_unit(actor: Actor, unit_id: int, case_state: str, action: str) -> None:
    """Only a Victim Liaison Officer of the case's unit changes a request; never an offender
    manager (the victim's request goes direct to the decision maker: nobody else may stop or
    change it). A closed case is read-only."""
    if actor.role is not Role.VLO or actor.unit_id != unit_id:
        raise PermissionDenied(f"Only a Victim Liaison Officer of the case's unit can {action}")
    if case_state != "open":
        raise Conflict("The case is closed: its requests can no longer change")


def require_status(row: dict[str, Any], allowed: Iterable[str], action: str) -> None:
    """Refuse a step the request's state does not allow, saying why."""
    if row["status"] not in allowed:
        raise Conflict(
            f"This request {STATE_WORDS.get(row['status'], row['status'])}: it cannot be {action}",
            extra={"request_status": row["status"]},
        )


def can_read_as_unit(actor: Actor, row: dict[str, Any]) -> bool:
    return actor.does_casework and actor.unit_id == row["unit"]


def require_offender_manager(actor: Actor, row: dict[str, Any]) -> None:
    """The offender manager assigned to the request's offender, who never sees a draft."""
    if actor.role is not Role.OFFENDER_MANAGER:
        raise PermissionDenied("This request belongs to another unit's case")
    if row["offender.offender_manager"] != actor.user_id:
        raise PermissionDenied("This request is not about one of your offenders")
    if row["status"] == "draft":
        raise NotFound(NOT_FOUND)


def check_date(on: date, today: date, earliest: date, what: str, field: str = "on") -> None:
    """A step's date: not in the future, not before the step it follows."""
    if on > today:
        raise InvalidInput.on(field, "The date cannot be in the future")
    if on < earliest:
        raise InvalidInput.on(field, f"The date cannot be before {what} ({earliest.isoformat()})")


def check_request(
    data: ConditionRequestCreate, today: date, *, new_date: bool = True
) -> CheckedRequest:
    """Each condition type takes exactly the input its standard wording needs; a date given
    for the release, temporary release or hearing (`new_date`) is not in the past."""
    kind = CATALOGUE[data.type.value]
    given = {
        "names": bool(data.names),
        "zone": data.zone is not None,
        "premises": bool(data.premises),
        "wording": data.wording is not None,
    }
    problems = [
        FieldProblem(field, f"This type of condition needs {INPUT_WORDS[field]}")
        if field == kind.needs
        else FieldProblem(field, "This type of condition does not take this")
        for field, present in given.items()
        if present != (field == kind.needs)
    ]
    if new_date and data.needed_by is not None and data.needed_by < today:
        problems.append(FieldProblem("needed_by", "The date cannot be in the past"))
    if problems:
        raise InvalidInput("Some details of the request need correcting", problems)
    zone = check_zone(data.zone.type, data.zone.coordinates) if data.zone else None
    wording = standard_wording(kind.code, data.names, data.premises, data.wording)
    return CheckedRequest(wording, zone)
