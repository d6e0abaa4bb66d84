"""The victim's choices: opt in or out (any number of times, full history kept), a nominated
contact who receives information for them, and how they want to hear from us.

Domain.md section 4.5-4.6: an opted-out victim gets no further letters except the
acknowledgement of the opt-out; while a nominated contact is set, correspondence goes to them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vcs.access import audit
from vcs.casework.case_file import preferences_of
from vcs.casework.lifecycle import case_changed, check_not_future
from vcs.casework.lock import claim_case
from vcs.casework.schemas import (
    CaseChanged,
    NominatedContactIn,
    ParticipationIn,
    ParticipationOut,
    ParticipationStatus,
    PreferencesIn,
    PreferencesOut,
)
from vcs.casework.tables import NominatedContact, ParticipationChange, Preference
from vcs.casework.unit_scope import case_in_unit
from vcs.core.actors import Actor
from vcs.core.db import page_total, write_transaction
from vcs.core.errors import Conflict, InvalidInput, NotFound
from vcs.core.schemas import Page
from vcs.core.tables import Case
from vcs.core.timeline import record_event


async def current_choice(case_id: int) -> dict[str, Any] | None:
    """The victim's current choice: the latest change by date (then by the order recorded)."""
    return await (
        ParticipationChange.select()
        .where(ParticipationChange.case == case_id)
        .order_by(ParticipationChange.on, ascending=False)
        .order_by(ParticipationChange.id, ascending=False)
        .first()
    )


async def record_participation(
    actor: Actor, case_id: int, data: ParticipationIn, today: date
) -> CaseChanged:
    """Opt in (with how much the victim wants to hear) or opt out, at any time while the case
    is open. Opting out twice, or opting in again at the same level, is refused."""
    check_not_future(data.on, today)
    opting_in = data.status is ParticipationStatus.OPTED_IN
    if opting_in and data.level is None:
        raise InvalidInput.on("level", "Say how much the victim wants to hear")
    if not opting_in and data.level is not None:
        raise InvalidInput.on("level", "A victim who opts out chooses no level")
    async with write_transaction():
        await claim_case(actor, case_id, data.version)
        await _check_on_or_after_referral(case_id, data.on)
        now = await current_choice(case_id)
        if now and now["status"] == data.status.value and now["level"] == _level(data):
            raise Conflict(
                f"The victim is already {data.status.value.replace('_', ' ')}"
                + (f" at the {now['level'].replace('_', ' ')} level" if now["level"] else "")
            )
        await ParticipationChange.insert(
            ParticipationChange(
                case=case_id,
                status=data.status.value,
                level=_level(data),
                on=data.on,
                reason=data.reason,
                recorded_by=actor.username,
            )
        )
        latest = await current_choice(case_id)
        assert latest is not None
        await Case.update(
            {Case.participation: latest["status"], Case.participation_level: latest["level"]}
        ).where(Case.id == case_id)
        await record_event(
            case_id,
            data.status.value,
            data.on,
            actor,
            (
                f"Opted in ({LEVEL_WORDS.get(_level(data) or '', 'no level chosen')})"
                if opting_in
                else "Opted out"
            )
            + (f": {data.reason}" if data.reason else ""),
            {
                "before": now["status"] if now else None,
                "after": data.status.value,
                "level": _level(data),
            },
        )
    return await case_changed(case_id)


# How much the victim chose to hear, in the words of the timeline.
LEVEL_WORDS = {
    "release_month": "the release month only",
    "annual": "an annual letter",
    "key_stages": "every key stage",
}


def _level(data: ParticipationIn) -> str | None:
    return data.level.value if data.level else None


async def _check_on_or_after_referral(case_id: int, on: date) -> None:
    row = await Case.select(Case.referral.sentence.sentenced_on).where(Case.id == case_id).first()  # type: ignore[union-attr]
    if row and on < row["referral.sentence.sentenced_on"]:
        raise InvalidInput.on("on", "A choice cannot be recorded before the sentence")


async def participation_history(
    actor: Actor, case_id: int, limit: int, offset: int
) -> Page[ParticipationOut]:
    """Every opt-in and opt-out, oldest first."""
    await case_in_unit(actor, case_id)
    rows = (
        await ParticipationChange.select()
        .where(ParticipationChange.case == case_id)
        .order_by(ParticipationChange.on)
        .order_by(ParticipationChange.id)
        .limit(limit)
        .offset(offset)
    )
    return Page[ParticipationOut](
        items=[ParticipationOut(**r) for r in rows],
        total=await page_total(
            len(rows),
            limit,
            offset,
            ParticipationChange.count().where(ParticipationChange.case == case_id),
        ),
        limit=limit,
        offset=offset,
    )


async def set_nominated_contact(
    actor: Actor, case_id: int, data: NominatedContactIn, today: date
) -> CaseChanged:
    """Add or replace the person who receives information for the victim."""
    async with write_transaction():
        await claim_case(actor, case_id, data.version)
        before = (
            await NominatedContact.select(NominatedContact.name)
            .where(NominatedContact.case == case_id)
            .first()
        )
        address = data.address
        values: dict[str, Any] = {
            "kind": data.kind.value,
            "name": data.name,
            "relationship": data.relationship,
            "address_line1": address.line1 if address else "",
            "address_line2": address.line2 if address else "",
            "town": address.town if address else "",
            "postcode": address.postcode if address else "",
            "email": data.email or "",
            "phone": data.phone or "",
        }
        if before:
            await NominatedContact.update(values).where(NominatedContact.case == case_id)  # type: ignore[arg-type]
        else:
            await NominatedContact.insert(NominatedContact(case=case_id, **values))
        await audit.record(actor, "change_nominated_contact", "case", case_id)
        await record_event(
            case_id,
            "nominated_contact_set",
            today,
            actor,
            f"{'Replaced' if before else 'Added'} {data.kind.value.replace('_', ' ')}: {data.name}",
            {
                "before": before["name"] if before else None,
                "after": data.name,
                "kind": data.kind.value,
            },
        )
    return await case_changed(case_id)


async def remove_nominated_contact(
    actor: Actor, case_id: int, version: int | None, today: date
) -> CaseChanged:
    """Remove the nominated contact: correspondence goes to the victim again."""
    async with write_transaction():
        await claim_case(actor, case_id, version)
        before = (
            await NominatedContact.select(NominatedContact.name)
            .where(NominatedContact.case == case_id)
            .first()
        )
        if before is None:
            raise NotFound("This case has no nominated contact")
        await NominatedContact.delete().where(NominatedContact.case == case_id)
        await record_event(
            case_id,
            "nominated_contact_removed",
            today,
            actor,
            f"Removed nominated contact {before['name']}",
            {"before": before["name"], "after": None},
        )
    return await case_changed(case_id)


async def get_preferences(actor: Actor, case_id: int) -> PreferencesOut:
    """How the victim wants to hear from us (defaults until the VLO records them)."""
    case = await case_in_unit(actor, case_id)
    return await preferences_of(case)


async def set_preferences(
    actor: Actor, case_id: int, data: PreferencesIn, today: date
) -> PreferencesOut:
    """Record how, and in which language, the victim wants to hear from us."""
    if len(set(data.channels)) != len(data.channels):
        raise InvalidInput.on("channels", "Name each channel once, in order of preference")
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version)
        before = await preferences_of(case)
        values = data.model_dump(mode="json", exclude={"version"})
        if await Preference.exists().where(Preference.case == case_id):
            await Preference.update(values).where(Preference.case == case_id)  # type: ignore[arg-type]
        else:
            await Preference.insert(Preference(case=case_id, **values))
        changed = {
            k: {"before": getattr(before, k), "after": v}
            for k, v in values.items()
            if getattr(before, k) != v
        }
        await record_event(
            case_id,
            "preferences_changed",
            today,
            actor,
            "Preferences changed: " + (", ".join(changed) or "no change"),
            changed,
        )
    return PreferencesOut(**values)
