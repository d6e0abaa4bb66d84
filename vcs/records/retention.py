"""Retention: what is removed once a closed case has been kept long enough.

UK GDPR Article 5(1)(e) (storage limitation): personal data is kept no longer than needed. Each
kind of record has its own period, counted in whole years from the day its case closed
(`vcs.core.config.Settings.retention_years_*`; default 7 years for each kind). A case past its
period goes with everything that hangs off it, the victim's own row included; the referral,
the offender and the audit trail stay (the audit trail is never removed). Every removal is
recorded in the audit trail by case number and counts only, never a victim's details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vcs.access import audit
from vcs.casework.tables import ContactAttempt, NominatedContact, ParticipationChange, Preference
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
from vcs.core.actors import Actor
from vcs.core.config import Settings, settings
from vcs.core.db import write_transaction
from vcs.core.tables import Case, CaseEvent, Deadline, Task, Victim
from vcs.correspondence.tables import Letter
from vcs.mappa.tables import MeetingVictimView
from vcs.sentence.tables import KeyStageNotice, VictimStatement


@dataclass(frozen=True)
class Removal:
    """One kind of record of one case that is past its retention period, and why."""

    case_id: int
    kind: str  # case | letters | contacts
    count: int
    closed_on: date
    years: int

    @property
    def why(self) -> str:
        return f"case closed on {self.closed_on.isoformat()}, kept {self.years} years"


@dataclass
class RetentionRun:
    on: date
    dry_run: bool
    removals: list[Removal] = field(default_factory=list)


def expires(closed_on: date, years: int) -> date:
    """The first day a record may go: `years` after closure (29 February counts as 1 March)."""
    try:
        return closed_on.replace(year=closed_on.year + years)
    except ValueError:
        return date(closed_on.year + years, 3, 1)


def periods(config: Settings) -> dict[str, int]:
    return {
        "case": config.retention_years_case,
        "letters": config.retention_years_letters,
        "contacts": config.retention_years_contacts,
    }


async def _closed_cases() -> list[dict[str, Any]]:
    return list(
        await Case.select(Case.id, Case.victim, Case.closed_on)
        .where((Case.state == "closed") & Case.closed_on.is_not_null())
        .order_by(Case.id)
    )


async def _count(kind: str, case_id: int) -> int:
    if kind == "letters":
        return int(await Letter.count().where(Letter.case == case_id))
    if kind == "contacts":
        return int(await ContactAttempt.count().where(ContactAttempt.case == case_id))
    return 1


async def due_for_removal(today: date, config: Settings = settings) -> list[Removal]:
    """Every kind of record of every closed case whose period has run out by `today`. A case
    that goes takes its letters and contacts with it, so they are not listed twice."""
    found: list[Removal] = []
    for case in await _closed_cases():
        for kind, years in periods(config).items():
            if expires(case["closed_on"], years) > today:
                continue
            count = await _count(kind, case["id"])
            if count:
                found.append(Removal(case["id"], kind, count, case["closed_on"], years))
            if kind == "case":
                break
    return found


async def _remove_case(case_id: int) -> None:
    requests = ConditionRequest.select(ConditionRequest.id).where(ConditionRequest.case == case_id)
    children = (
        ConditionZone,
        ConditionMap,
        ConditionMapCopy,
        ForwardingApproval,
        ForwardedCopy,
        ConditionAlternative,
    )
    for child in children:
        await child.delete().where(child.request.is_in(requests))
    await ConditionDecision.delete().where(ConditionDecision.request.is_in(requests))
    for table in (
        ConditionRequest,
        KeyStageNotice,
        VictimStatement,
        MeetingVictimView,
        Task,
        Letter,
        ContactAttempt,
        ParticipationChange,
        NominatedContact,
        Preference,
        CaseEvent,
        Deadline,
    ):
        await table.delete().where(table.case == case_id)
    case = await Case.select(Case.victim).where(Case.id == case_id).first()
    await Case.delete().where(Case.id == case_id)
    if case and not await Case.exists().where(Case.victim == case["victim"]):
        await Victim.delete().where(Victim.id == case["victim"])


async def _remove(removal: Removal) -> None:
    if removal.kind == "case":
        await _remove_case(removal.case_id)
    elif removal.kind == "letters":
        await Letter.delete().where(Letter.case == removal.case_id)
    else:
        await ContactAttempt.delete().where(ContactAttempt.case == removal.case_id)


async def apply_retention(
    actor: Actor, today: date, dry_run: bool, config: Settings = settings
) -> RetentionRun:
    """List (dry run) or remove what is past its retention period (UK GDPR Art. 5(1)(e)).

    Each case's removal is one transaction with its audit entry: all of it goes, recorded, or
    none of it does. Running it again after an interruption finds only what is left."""
    run = RetentionRun(today, dry_run, await due_for_removal(today, config))
    if dry_run:
        return run
    for removal in run.removals:
        async with write_transaction():
            await _remove(removal)
            detail = f"retention: {removal.kind}, {removal.count} record(s); {removal.why}"
            await audit.record(actor, "retention_removed", "case", removal.case_id, detail)
    return run
