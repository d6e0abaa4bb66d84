"""Checks on a licence-condition request before it is stored: who may act, in which state, with
which inputs, which words go through the screen to the offender side, and whether its zone or
premises could point to a home."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from pydantic import ValidationError

from vcs.conditions.catalogue import CATALOGUE, given_wording, standard_wording
from vcs.conditions.schemas import ConditionRequestCreate, ConditionRequestUpdate
from vcs.conditions.tables import ConditionRequest, ConditionZone
from vcs.conditions.zones import CheckedZone, check_zone
from vcs.core.actors import Actor, Role
from vcs.core.errors import Conflict, FieldProblem, InvalidInput, NotFound, PermissionDenied
from vcs.offender_side.screening import Screened, screen

# Who reads a request's every word, for the screen that keeps victims' contact details out.
READERS = "the offender manager and the decision maker"
PREMISES_ROAD = {
    "code": "premises_road",
    "message": "The premises name the road where a victim or their nominee lives",
}
WHAT_TO_CHANGE = (
    "Change the request with the victim: draw a wider zone, or several zones around the places "
    "they go rather than one around their home, and name premises without a victim's road. "
    "Or ask a Victim Liaison Unit manager to approve forwarding it as it is, with the reason. "
    "Until then it stays a draft and its forwarding clock keeps running."
)

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
    place_warnings: list[dict[str, str]] = field(default_factory=list)


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


def require_vlu_manager_of_unit(actor: Actor, unit_id: int, case_state: str) -> None:
    """Only a VLU manager of the case's unit decides whether a zone or premises that could point
    to a home may be forwarded as drawn."""
    if actor.role is not Role.VLU_MANAGER or actor.unit_id != unit_id:
        raise PermissionDenied("Only a manager of the case's Victim Liaison Unit can approve this")
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
    needed = {kind.needs, *kind.also_needs}
    words = {**INPUT_WORDS, "wording": "the name of the event"} if kind.also_needs else INPUT_WORDS
    problems = [
        FieldProblem(field, f"This type of condition needs {words[field]}")
        if field in needed
        else FieldProblem(field, "This type of condition does not take this")
        for field, present in given.items()
        if present != (field in needed)
    ]
    if new_date and data.needed_by is not None and data.needed_by < today:
        problems.append(FieldProblem("needed_by", "The date cannot be in the past"))
    if problems:
        raise InvalidInput("Some details of the request need correcting", problems)
    zone = check_zone(data.zone.type, data.zone.coordinates) if data.zone else None
    wording = standard_wording(kind.code, data.names, data.premises, data.wording)
    return CheckedRequest(wording, zone)


def request_text(row: Mapping[str, Any]) -> dict[str, list[str]]:
    """The free-text fields of a request (stored or sent) that the offender side reads."""
    return {
        "details": [row["details"]],
        "justification": [row["justification"]],
        "names": list(row["names"]),
        "premises": list(row["premises"]),
        "wording": [row.get("wording") or ""],
    }


def place_warnings(screened: Screened) -> list[dict[str, str]]:
    """The screen's finding that the premises name a victim's or a nominee's road."""
    return [PREMISES_ROAD] if "premises" in screened.roads else []


def places_digest(zone: dict[str, Any] | None, premises: list[str]) -> str:
    """SHA-256 of the zone and premises as drawn: a manager's approval holds for these only."""
    canonical = json.dumps({"zone": zone, "premises": premises}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def screen_request(
    actor: Actor,
    offender_id: int,
    data: ConditionRequestCreate,
    checked: CheckedRequest,
    rewritten: list[str] | None = None,
) -> CheckedRequest:
    """The request's words through the screen to the offender side (held for confirmation only
    in the fields `rewritten`, all by default); what it found about the premises kept."""
    screened = await screen(
        actor,
        offender_id,
        request_text(data.model_dump()),
        readers=READERS,
        what="condition request",
        confirmed=data.confirm_not_victim_details,
        warn_on=rewritten,
    )
    return replace(checked, place_warnings=place_warnings(screened))


async def merged_draft(
    row: dict[str, Any], data: ConditionRequestUpdate
) -> tuple[ConditionRequestCreate, list[str]]:
    """The draft as it stands with the changes sent laid over it, and the free-text fields
    whose words changed (only they are held for confirmation again)."""
    zone = await (
        ConditionZone.select(ConditionZone.geojson)
        .where(ConditionZone.request == row["id"])
        .output(load_json=True)
        .first()
    )
    current = {
        "type": row["type"],
        "details": row["details"],
        "justification": row["justification"],
        "names": row["names"],
        "premises": row["premises"],
        "zone": zone["geojson"] if zone else None,
        "wording": given_wording(row["type"], row["wording"]),
        "needed_by": row["needed_by"],
        "needed_for": row["needed_for"],
    }
    before = request_text(current)
    current.update(data.model_dump(exclude_unset=True, exclude={"version"}))
    try:
        merged = ConditionRequestCreate.model_validate(current)
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "body"
        raise InvalidInput.on(field, "cannot be empty or null") from None
    after = request_text(merged.model_dump())
    return merged, [name for name, words in after.items() if words != before[name]]
