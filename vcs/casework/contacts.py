"""Contact attempts and the first-contact clock.

Victims' Code: the VLO makes first contact within 20 working days of the referral. The clock is
met by the first attempt that actually reached out (a letter or email sent, a call made, a
visit); a note is not contact. Contact made after the due date needs a reason for the lateness.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from deadlines import Clock
from deadlines.annual import CLOCK as ANNUAL_CLOCK
from deadlines.annual import meets_annual_contact
from vcs.casework.lifecycle import case_changed, check_not_future
from vcs.casework.lock import claim_case
from vcs.casework.schemas import CaseChanged, ContactIn, ContactOut, ContactOutcome
from vcs.casework.tables import ContactAttempt
from vcs.casework.unit_scope import case_in_unit
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.config import settings
from vcs.core.db import page_total, write_transaction
from vcs.core.errors import InvalidInput
from vcs.core.schemas import Page
from vcs.core.tables import Case, Deadline, Referral
from vcs.core.timeline import record_event


def reaches_out(outcome: ContactOutcome) -> bool:
    """Whether an attempt counts as contact attempted (everything but a note)."""
    return outcome is not ContactOutcome.NOTE


async def record_contact(actor: Actor, case_id: int, data: ContactIn, today: date) -> CaseChanged:
    """Log an attempt; the first real one meets the first-contact clock."""
    check_not_future(data.on, today)
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version)
        await log_contact(actor, case, data)
    return await case_changed(case_id)


async def log_contact(actor: Actor, case: dict[str, Any], data: ContactIn) -> bool:
    """Inside a write transaction, with the case claimed: log the attempt, let the first real
    one meet the first-contact clock (late needs `late_reason`), put it on the timeline.
    True when it met the clock."""
    case_id = case["id"]
    await _check_after_referral(case, data.on)
    await ContactAttempt.insert(
        ContactAttempt(
            case=case_id,
            on=data.on,
            method=data.method.value,
            outcome=data.outcome.value,
            follow_up=data.follow_up,
            notes=data.notes,
            recorded_by=actor.username,
        )
    )
    met = await _meet_first_contact(case_id, data) if reaches_out(data.outcome) else None
    annual = await _meet_annual_contact(case_id, data) if reaches_out(data.outcome) else False
    if reaches_out(data.outcome) and case["participation"] in ("not_contacted", "no_response"):
        await Case.update({Case.participation: "awaiting_reply"}).where(Case.id == case_id)
    summary = f"{data.method.value.capitalize()}: {data.outcome.value.replace('_', ' ')}"
    await record_event(
        case_id,
        "note" if data.outcome is ContactOutcome.NOTE else "contact_attempt",
        data.on,
        actor,
        summary
        + (" (first contact clock met)" if met else "")
        + (" (the annual contact)" if annual else ""),
        {
            "method": data.method.value,
            "outcome": data.outcome.value,
            "follow_up": data.follow_up,
            "first_contact_met": bool(met),
        },
    )
    return bool(met)


async def _meet_annual_contact(case_id: int, data: ContactIn) -> bool:
    """A real contact in the window before the annual contact is due, or after, meets it
    (`deadlines.annual`); the sweep raises the next one, 12 months on."""
    clock = (
        await Deadline.select()
        .where(
            (Deadline.case == case_id)
            & (Deadline.clock == ANNUAL_CLOCK)
            & Deadline.met_on.is_null()
        )
        .first()
    )
    if clock is None or not meets_annual_contact(
        clock["due"], data.on, settings.annual_contact_window_days
    ):
        return False
    await Deadline.update({Deadline.met_on: data.on}).where(Deadline.id == clock["id"])
    await clocks.refresh_next_due(case_id)
    return True


async def _check_after_referral(case: dict[str, Any], on: date) -> None:
    referral = (
        await Referral.select(Referral.received_on).where(Referral.id == case["referral"]).first()
    )
    if referral and on < referral["received_on"]:
        raise InvalidInput.on("on", "Contact cannot come before the referral was received")


async def _meet_first_contact(case_id: int, data: ContactIn) -> bool:
    clock = (
        await Deadline.select()
        .where(
            (Deadline.case == case_id)
            & (Deadline.clock == Clock.FIRST_CONTACT.value)
            & Deadline.met_on.is_null()
        )
        .first()
    )
    if clock is None:
        return False
    if data.on > clock["due"] and not data.late_reason:
        raise InvalidInput.on(
            "late_reason",
            f"First contact was due by {clock['due'].isoformat()}: say why it is late",
        )
    await Deadline.update(
        {
            Deadline.met_on: data.on,
            Deadline.late_reason: data.late_reason if data.on > clock["due"] else "",
        }
    ).where(Deadline.id == clock["id"])
    await clocks.refresh_next_due(case_id)
    return True


async def list_contacts(actor: Actor, case_id: int, limit: int, offset: int) -> Page[ContactOut]:
    """Every attempt and note on the case, oldest first."""
    await case_in_unit(actor, case_id)
    rows = (
        await ContactAttempt.select()
        .where(ContactAttempt.case == case_id)
        .order_by(ContactAttempt.on)
        .order_by(ContactAttempt.id)
        .limit(limit)
        .offset(offset)
    )
    return Page[ContactOut](
        items=[ContactOut(**r) for r in rows],
        total=await page_total(
            len(rows), limit, offset, ContactAttempt.count().where(ContactAttempt.case == case_id)
        ),
        limit=limit,
        offset=offset,
    )
