"""Subject access: everything the service holds about one victim, for a request under UK GDPR
Article 15 (and Data Protection Act 2018, section 45 for law-enforcement processing).

The export is the records themselves, table by table (file contents replaced by their digest),
for the Victim Liaison Unit manager of the case's unit. Producing it is audited.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from pydantic import BaseModel

from letters.subject_access import render_subject_access_pdf
from vcs.access import audit
from vcs.casework.tables import ContactAttempt, NominatedContact, ParticipationChange, Preference
from vcs.casework.unit_scope import case_in_unit
from vcs.conditions.tables import (
    ConditionAlternative,
    ConditionDecision,
    ConditionMap,
    ConditionMapCopy,
    ConditionRequest,
    ConditionZone,
    ForwardedCopy,
    ForwardingApproval,
)
from vcs.core.actors import Actor, Role
from vcs.core.db import read_transaction, write_transaction
from vcs.core.errors import PermissionDenied
from vcs.core.tables import CaseEvent, Deadline, Task, Victim
from vcs.correspondence.tables import Letter
from vcs.mappa.tables import MeetingVictimView
from vcs.sentence.tables import KeyStageNotice, VictimStatement

Row = dict[str, Any]

BY_CASE: dict[str, Any] = {
    "nominated_contact": NominatedContact,
    "preferences": Preference,
    "participation_history": ParticipationChange,
    "contacts": ContactAttempt,
    "letters": Letter,
    "condition_requests": ConditionRequest,
    "key_stage_notices": KeyStageNotice,
    "victim_personal_statements": VictimStatement,
    "mappa_meeting_views": MeetingVictimView,
    "tasks": Task,
    "deadlines": Deadline,
    "timeline": CaseEvent,
}
BY_REQUEST: dict[str, Any] = {
    "condition_zones": ConditionZone,
    "condition_maps": ConditionMap,
    "condition_map_copies": ConditionMapCopy,
    "condition_forwarding_approvals": ForwardingApproval,
    "condition_forwarded_copies": ForwardedCopy,
    "condition_alternatives": ConditionAlternative,
    "condition_decisions": ConditionDecision,
}


class SubjectAccess(BaseModel):
    """Everything held about one victim: their own record, their case, and every record of the
    case, by kind (each a list of rows; files appear as their size, never their bytes)."""

    case_id: int
    produced_on: date
    victim: Row
    case: Row
    records: dict[str, list[Row]]


def _plain(row: Row) -> Row:
    return {k: (f"file of {len(v)} bytes" if isinstance(v, bytes) else v) for k, v in row.items()}


async def _rows(table: Any, where: Any) -> list[Row]:
    return [_plain(r) for r in await table.select().where(where).order_by(table.id)]


async def _gather(case: Row, today: date) -> SubjectAccess:
    victim = await Victim.select().where(Victim.id == case["victim"]).first() or {}
    records = {name: await _rows(t, t.case == case["id"]) for name, t in BY_CASE.items()}
    request_ids = [r["id"] for r in records["condition_requests"]]
    for name, table in BY_REQUEST.items():
        found = await _rows(table, table.request.is_in(request_ids)) if request_ids else []
        records[name] = found
    return SubjectAccess(
        case_id=case["id"], produced_on=today, victim=_plain(victim), case=case, records=records
    )


async def subject_access(actor: Actor, case_id: int, today: date, pdf: bool = False) -> Any:
    """The subject-access export of the case's victim (UK GDPR Art. 15), JSON or PDF, for the
    VLU manager of the case's unit. Reading it, and producing the document, are audited."""
    if actor.role is not Role.VLU_MANAGER:
        raise PermissionDenied("Only a Victim Liaison Unit manager can export a subject access")
    async with read_transaction():
        case = await case_in_unit(actor, case_id)
        export = await _gather(case, today)
    document = (
        await asyncio.to_thread(render_subject_access_pdf, export.model_dump()) if pdf else None
    )
    async with write_transaction():
        detail = f"case {case_id}, {'pdf' if pdf else 'json'}"
        await audit.record(actor, "subject_access_export", "victim", export.victim["id"], detail)
    return document if pdf else export
