"""Changing the victim's own details: name, address, phone, email, date of birth, language.

Every letter asks victims to tell us when their details change, so the Victim Liaison Unit
records the change with a reason. The case's version guards against two people saving at once;
the change is an event on the case's timeline and an entry in the audit trail, both naming
which details changed but never their values. Letters and messages pick up the new details
when they are next drafted, since their addressee is decided then
(`vcs.correspondence.addressees`). Nothing here is read by the offender side.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from deadlines.ages import is_under_18
from vcs.access import audit
from vcs.casework.case_view import audited_read
from vcs.casework.lifecycle import case_changed, check_not_future
from vcs.casework.lock import claim_case
from vcs.casework.schemas import CaseChanged
from vcs.casework.tables import NominatedContact, Preference
from vcs.casework.unit_scope import case_in_unit
from vcs.casework.victim_schemas import DETAIL_WORDS, VictimDetailsChange, VictimDetailsChangeOut
from vcs.core.actors import Actor
from vcs.core.db import page_total, read_transaction, write_transaction
from vcs.core.errors import InvalidInput
from vcs.core.schemas import Page
from vcs.core.tables import CaseEvent, User, Victim
from vcs.core.timeline import record_event

CHANGED = "victim_details_changed"
REQUIRED = {"name": "Enter the victim's full name", "language": "Choose English or Welsh"}


async def change_victim_details(
    actor: Actor, case_id: int, data: VictimDetailsChange, today: date
) -> CaseChanged:
    """Change the details sent, keeping who changed which and why; a change that changes
    nothing is refused, and a refused change writes nothing."""
    wanted = _wanted_values(data, today)
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version)
        victim = await Victim.select().where(Victim.id == case["victim"]).first()
        assert victim is not None
        changed = [f for f in DETAIL_WORDS if _differs(f, wanted, victim)]
        if not changed:
            raise InvalidInput.on("details", "These are the details already saved: nothing changed")
        columns = {k: v for k, v in _columns(wanted).items() if victim[k] != v}
        await Victim.update(columns).where(Victim.id == victim["id"])  # type: ignore[arg-type]
        if "language" in changed:
            await Preference.update({Preference.language: wanted["language"]}).where(
                Preference.case == case_id
            )
        await audit.record(
            actor,
            "change_victim_details",
            "victim",
            victim["id"],
            f"case {case_id}: " + ", ".join(changed),
        )
        words = _words(changed)
        await record_event(
            case_id,
            CHANGED,
            today,
            actor,
            f"Changed the victim's {words}: {data.reason}",
            {"fields": changed, "reason": data.reason},
        )
    return await case_changed(case_id)


def _wanted_values(data: VictimDetailsChange, today: date) -> dict[str, Any]:
    sent = {f: getattr(data, f) for f in DETAIL_WORDS if f in data.model_fields_set}
    if not sent:
        raise InvalidInput.on("details", "Say which of the victim's details to change")
    for field, message in REQUIRED.items():
        if field in sent and sent[field] is None:
            raise InvalidInput.on(field, message)
    if sent.get("date_of_birth") is not None:
        check_not_future(sent["date_of_birth"], today, "date_of_birth")
    return sent


def _columns(wanted: dict[str, Any]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for field, value in wanted.items():
        if field == "address":
            parts = ("line1", "line2", "town", "postcode")
            names = ("address_line1", "address_line2", "town", "postcode")
            for part, name in zip(parts, names, strict=True):
                columns[name] = getattr(value, part) if value is not None else ""
        elif field in ("phone", "email"):
            columns[field] = value or ""
        else:
            columns[field] = value.value if field == "language" else value
    return columns


def _differs(field: str, wanted: dict[str, Any], victim: dict[str, Any]) -> bool:
    if field not in wanted:
        return False
    return any(victim[k] != v for k, v in _columns({field: wanted[field]}).items())


def _words(fields: list[str]) -> str:
    words = [DETAIL_WORDS[f] for f in fields]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


async def victim_details_history(
    actor: Actor, case_id: int, limit: int, offset: int
) -> Page[VictimDetailsChangeOut]:
    """Every change to the victim's details, oldest first: who, when, which and why. For the
    case's Victim Liaison Unit only; reading it is audited."""
    async with read_transaction():
        await case_in_unit(actor, case_id)
        where = (CaseEvent.case == case_id) & (CaseEvent.kind == CHANGED)
        rows = await (
            CaseEvent.select().where(where).order_by(CaseEvent.id).limit(limit).offset(offset)
        ).output(load_json=True)
        total = await page_total(len(rows), limit, offset, CaseEvent.count().where(where))
        names = await _display_names({r["actor"] for r in rows})
    entry = ("read_victim_details_history", "case", case_id, "")
    await audited_read(actor, case_id, ["the changes to the victim's details"], entry)
    items = [
        VictimDetailsChangeOut(
            on=r["occurred_on"],
            recorded_at=r["recorded_at"],
            changed_by=names.get(r["actor"], r["actor"]),
            fields=list(r["data"].get("fields", [])),
            reason=str(r["data"].get("reason", "")),
        )
        for r in rows
    ]
    return Page[VictimDetailsChangeOut](items=items, total=total, limit=limit, offset=offset)


async def _display_names(usernames: set[str]) -> dict[str, str]:
    rows = await User.select(User.username, User.display_name).where(
        User.username.is_in(list(usernames) or [""])
    )
    return {r["username"]: r["display_name"] or r["username"] for r in rows}


async def needs_parent_or_guardian(case: dict[str, Any], today: date) -> bool:
    """Whether the case's victim is under 18 today with no parent or guardian (nor other
    contact) to write to: the step to take before any letter (domain.md section 2)."""
    victim = await Victim.select(Victim.date_of_birth).where(Victim.id == case["victim"]).first()
    if victim is None or not is_under_18(victim["date_of_birth"], today):
        return False
    return not await NominatedContact.exists().where(NominatedContact.case == case["id"])
