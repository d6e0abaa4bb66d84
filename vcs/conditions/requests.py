"""Licence-condition requests: a victim's request drafted, changed while a draft, and read.

A victim has a statutory right to ask for conditions on the offender's licence (Domestic
Violence, Crime and Victims Act 2004, ss.35-45; the Victims' Code). The VLO drafts the request
in the victim's words; the forwarding clock runs towards the expected release, temporary release
or parole hearing (`settings.condition_forwarding_working_days` working days before it).
Forwarding, alternatives and decisions are in `vcs.conditions.steps`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from piccolo.columns import Column

from deadlines.countdown import working_days_before
from vcs.casework.unit_scope import case_in_unit
from vcs.conditions.catalogue import CATALOGUE, POLICY_VERSION
from vcs.conditions.checks import (
    CheckedRequest,
    can_read_as_unit,
    check_request,
    load_request,
    merged_draft,
    require_status,
    require_vlo_of_unit,
    screen_request,
)
from vcs.conditions.schemas import (
    ConditionRequestCreate,
    ConditionRequestOut,
    ConditionRequestUpdate,
)
from vcs.conditions.tables import ConditionRequest, ConditionZone
from vcs.conditions.views import build_views, count_requests, request_rows
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.config import settings
from vcs.core.db import page_total, serialise_on, write_transaction
from vcs.core.errors import PermissionDenied, StaleVersion
from vcs.core.schemas import Page
from vcs.core.tables import Deadline
from vcs.core.timeline import record_event

CLOCK = "condition_forwarding"
WHAT = "condition request"


async def _set_clock(
    request_id: int, case: dict[str, Any], old: int | None, needed_by: date | None, today: date
) -> None:
    """(Re)start the forwarding clock: due N working days before the date the request is for
    (the expected release, temporary release or parole hearing)."""
    if old:
        await ConditionRequest.update({ConditionRequest.deadline: None}).where(
            ConditionRequest.id == request_id
        )
        await Deadline.delete().where(Deadline.id == old)
    if needed_by is not None:
        n = settings.condition_forwarding_working_days
        clock = Deadline(
            clock=CLOCK,
            case=case["id"],
            unit=case["unit"],
            starts_on=today,
            due=working_days_before(clocks.calendar(), needed_by, n),
            policy=f"working_days_before:{CLOCK}={n}",
        )
        await clock.save()
        await ConditionRequest.update({ConditionRequest.deadline: clock.id}).where(
            ConditionRequest.id == request_id
        )
    await clocks.refresh_next_due(case["id"])


async def _store_zone(request_id: int, checked: CheckedRequest) -> None:
    await ConditionZone.delete().where(ConditionZone.request == request_id)
    if checked.zone is not None:
        await ConditionZone.insert(
            ConditionZone(
                request=request_id,
                geojson=checked.zone.geojson,
                area_m2=checked.zone.area_m2,
                warnings=[{"code": w.code, "message": w.message} for w in checked.zone.warnings],
            )
        )


def _values(data: ConditionRequestCreate, checked: CheckedRequest) -> dict[str, Any]:
    """The request's own columns, as the VLO gave them and the catalogue words them."""
    return {
        "place_warnings": checked.place_warnings,
        "type": data.type.value,
        "wording": checked.wording,
        "details": data.details,
        "justification": data.justification,
        "names": list(data.names),
        "premises": list(data.premises),
        "needed_by": data.needed_by,
        "needed_for": data.needed_for.value,
    }


async def create_request(
    actor: Actor, case_id: int, data: ConditionRequestCreate, today: date
) -> ConditionRequestOut:
    """Draft a victim's licence-condition request on their case, in the catalogue's wording,
    and start the forwarding clock when the date it is needed by is known."""
    case = await case_in_unit(actor, case_id)
    require_vlo_of_unit(actor, case["unit"], case["state"], "ask for a condition")
    checked = check_request(data, today)
    # Before the write: the screen's reads are audited even when the words are refused.
    checked = await screen_request(actor, case["offender"], data, checked)
    async with write_transaction():
        row = ConditionRequest(
            **_values(data, checked),
            case=case_id,
            offender=case["offender"],
            unit=case["unit"],
            policy_version=POLICY_VERSION,
            created_on=today,
            created_by=actor.username,
        )
        await row.save()
        await _store_zone(row.id, checked)
        await _set_clock(row.id, case, None, data.needed_by, today)
        title = CATALOGUE[data.type.value].title
        await record_event(
            case_id,
            "condition_request_created",
            today,
            actor,
            f"Licence condition requested (draft): {title}",
            {"request_id": row.id, "type": data.type.value},
        )
    return await get_request_out(row.id, today)


async def update_request(
    actor: Actor, request_id: int, data: ConditionRequestUpdate, today: date
) -> ConditionRequestOut:
    """Change a draft request. Once forwarded its wording is frozen: any change is refused.

    The change is checked and screened against the draft as read first (the screen's reads are
    audited even when it refuses); if someone else saves the draft meanwhile, nothing is
    written and the caller is asked to read it again."""
    changed = sorted(data.model_fields_set - {"version", "confirm_not_victim_details"})
    seen = await load_request(request_id)
    require_vlo_of_unit(actor, seen["unit"], seen["case.state"], "change a request")
    require_status(seen, {"draft"}, "changed")
    if data.version is not None and data.version != seen["version"]:
        raise StaleVersion("Someone else changed this request: read it again, then retry")
    if not changed:
        return await get_request_out(request_id, today)
    merged, rewritten = await merged_draft(seen, data)
    checked = check_request(merged, today, new_date="needed_by" in changed)
    checked = await screen_request(actor, seen["offender"], merged, checked, rewritten)
    async with write_transaction():
        await serialise_on(f"condition-request:{request_id}")
        row = await load_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "change a request")
        require_status(row, {"draft"}, "changed")
        if row["version"] != seen["version"]:
            raise StaleVersion("Someone else changed this request: read it again, then retry")
        values: dict[Column | str, Any] = dict(_values(merged, checked).items())
        values.update(version=row["version"] + 1, updated_at=datetime.now(UTC))
        await ConditionRequest.update(values).where(ConditionRequest.id == request_id)
        await _store_zone(request_id, checked)
        if merged.needed_by != row["needed_by"]:
            case = {"id": row["case"], "unit": row["unit"]}
            await _set_clock(request_id, case, row["deadline"], merged.needed_by, today)
        await record_event(
            row["case"],
            "condition_request_updated",
            today,
            actor,
            f"Licence condition request changed: {', '.join(changed)}",
            {"request_id": request_id, "fields": changed},
        )
    return await get_request_out(request_id, today)


async def delete_request(actor: Actor, request_id: int, today: date) -> None:
    """Delete a draft made in error. A forwarded request is never deleted: it is part of the
    record of what the victim asked for."""
    async with write_transaction():
        await serialise_on(f"condition-request:{request_id}")
        row = await load_request(request_id)
        require_vlo_of_unit(actor, row["unit"], row["case.state"], "delete a request")
        require_status(row, {"draft"}, "deleted")
        await ConditionRequest.delete().where(ConditionRequest.id == request_id)
        if row["deadline"]:
            await Deadline.delete().where(Deadline.id == row["deadline"])
        await clocks.refresh_next_due(row["case"])
        await record_event(
            row["case"],
            "condition_request_deleted",
            today,
            actor,
            "Draft licence condition request deleted",
            {"request_id": request_id},
        )


async def get_request_out(request_id: int, today: date) -> ConditionRequestOut:
    [view] = await build_views(await request_rows(ConditionRequest.id == request_id), today)
    return view


async def list_case_requests(
    actor: Actor, case_id: int, today: date, limit: int, offset: int
) -> Page[ConditionRequestOut]:
    """A case's requests, oldest first, for its Victim Liaison Unit."""
    await case_in_unit(actor, case_id)
    where = ConditionRequest.case == case_id
    rows = await request_rows(where, limit, offset)
    return Page[ConditionRequestOut](
        items=await build_views(rows, today),
        total=await page_total(len(rows), limit, offset, count_requests(where)),
        limit=limit,
        offset=offset,
    )


async def get_request(actor: Actor, request_id: int, today: date) -> ConditionRequestOut:
    """One request, in full, for its Victim Liaison Unit; refused to anyone else (the offender
    manager reads it through the offender side's door, `vcs.offender_side.requests`)."""
    row = await load_request(request_id)
    if not can_read_as_unit(actor, row):
        raise PermissionDenied("This request belongs to another unit's case")
    return await get_request_out(request_id, today)
