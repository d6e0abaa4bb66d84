"""The case timeline: every state change of a case is an event (what, when, who)."""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.core.actors import Actor
from vcs.core.tables import CaseEvent


async def record_event(
    case_id: int,
    kind: str,
    occurred_on: date,
    actor: Actor,
    summary: str,
    data: dict[str, Any] | None = None,
) -> None:
    """Append one event to a case's timeline. Call inside the transaction making the change."""
    await CaseEvent.insert(
        CaseEvent(
            case=case_id,
            kind=kind,
            occurred_on=occurred_on,
            actor=actor.username,
            summary=summary,
            data=data or {},
        )
    )
