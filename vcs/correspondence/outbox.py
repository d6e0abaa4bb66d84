"""Letters to victims: drafted, sent, or cancelled, and printed in one run per unit and day.

Inspectors found letters with misspelt names, letters addressed to murdered victims and Welsh
speakers not written to in Welsh (domain.md section 7). So a letter's addressee, language and
large print come from the case (vcs.correspondence.addressees) and are checked again when it
is sent; its PDF is rendered once, at drafting, and kept byte for byte; sending it is a contact
attempt that meets the first-contact clock (Victims' Code: first contact within 20 working days
of referral).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from letters import TEMPLATE_VERSIONS, BatchCover, Template, format_long_date, render_batch_pdf
from letters import Language as LetterLanguage
from vcs.access import audit
from vcs.casework.case_file import preferences_of
from vcs.casework.contacts import log_contact
from vcs.casework.lifecycle import check_not_future
from vcs.casework.lock import claim_case
from vcs.casework.schemas import ContactIn, ContactMethod, ContactOutcome, PreferencesOut
from vcs.casework.unit_scope import case_in_unit, require_casework
from vcs.conditions.tables import ConditionDecision, ConditionRequest
from vcs.core.actors import Actor
from vcs.core.db import page_total, write_transaction
from vcs.core.errors import Conflict, InvalidInput, NotFound, Refused
from vcs.core.schemas import Page
from vcs.core.tables import Unit
from vcs.core.timeline import record_event
from vcs.correspondence import content as letter_content
from vcs.correspondence.addressees import Addressee, decide_addressee, facts_for
from vcs.correspondence.schemas import LetterCancel, LetterCreate, LetterOut, LetterSend
from vcs.correspondence.tables import Letter

SUMMARY_COLUMNS = [c for c in Letter.all_columns() if c._meta.name != "pdf"]
ROLE_WORDS = {
    "victim": "the victim",
    "nominee": "the nominee",
    "parent_guardian": "the parent or guardian",
}


def _out(row: dict[str, Any]) -> LetterOut:
    return LetterOut(**row, case_id=row["case"], addressed_to=row["addressee_name"])


def _words(template: str) -> str:
    return template.replace("_", " ")


def _channel(preferences: PreferencesOut) -> str:
    for channel in preferences.channels:
        if channel in ("post", "email"):
            return channel
    raise InvalidInput.on("channel", "The victim's preferences name neither post nor email")


async def draft_letter(actor: Actor, case_id: int, data: LetterCreate, today: date) -> LetterOut:
    """Draft a letter: addressee, language and large print from the case, details checked, the
    PDF rendered and stored, the drafting audited and put on the case timeline."""
    requested = letter_content.requested_fields(data.template, data.fields)
    closing = data.template is Template.CASE_CLOSURE
    async with write_transaction():
        case = await claim_case(actor, case_id, data.version, allow_closed=closing)
        if data.template is Template.CONDITIONS_OUTCOME and "conditions" not in requested:
            granted = await granted_conditions(case_id)
            if granted:
                requested["conditions"] = granted
        facts, preferences = await facts_for(case_id), await preferences_of(case)
        channel = data.channel.value if data.channel else _channel(preferences)
        addressing = letter_content.addressing_facts(data.template, case, facts)
        addressee = decide_addressee(addressing, data.template.value, channel, today)
        language = LetterLanguage(data.language.value if data.language else addressee.language)
        recorded = letter_content.case_fields(data.template, case, facts, preferences, language)
        fields = letter_content.merged_fields(requested, recorded)
        reference = await _next_reference(case)
        drafting = letter_content.Drafting(actor, case, facts, addressee, reference, today)
        content = await letter_content.letter_data(drafting, fields)
        pdf = letter_content.render(data.template, language, content, addressee.large_print)
        letter_id = await _store(drafting, data.template, language, pdf)
    return await get_letter(actor, letter_id)


async def granted_conditions(case_id: int) -> list[str]:
    """The licence conditions granted on the victim's requests, in the words the decision maker
    granted them, oldest decision first: what the conditions-outcome letter tells the victim
    unless the VLO words it themselves."""
    rows = await (
        ConditionDecision.select(ConditionDecision.final_wording)
        .where(
            ConditionDecision.request.is_in(
                ConditionRequest.select(ConditionRequest.id).where(ConditionRequest.case == case_id)
            ),
            ConditionDecision.outcome.is_in(["granted", "granted_varied"]),
        )
        .order_by(ConditionDecision.decided_on)
        .order_by(ConditionDecision.id)
    )
    return [r["final_wording"] for r in rows if r["final_wording"].strip()][:20]


async def _next_reference(case: dict[str, Any]) -> str:
    """VCS/<unit code>/<case id>/<n>: n counts the case's letters (the case row is locked)."""
    unit = await Unit.select(Unit.code).where(Unit.id == case["unit"]).first()
    assert unit is not None
    count = await Letter.count().where(Letter.case == case["id"])
    return f"VCS/{unit['code']}/{case['id']}/{count + 1}"


async def _store(
    d: letter_content.Drafting, template: Template, language: LetterLanguage, pdf: bytes
) -> int:
    """Keep the letter and its PDF; audit the document made and put it on the timeline."""
    row = Letter(
        case=d.case["id"],
        unit=d.case["unit"],
        reference=d.reference,
        template=template.value,
        template_version=TEMPLATE_VERSIONS[template],
        language=language.value,
        channel=d.addressee.channel,
        large_print=d.addressee.large_print,
        addressee_role=d.addressee.role,
        addressee_name=d.addressee.person.name,
        status="draft",
        drafted_on=d.today,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        created_by=d.actor.username,
    )
    await row.save()
    await audit.record(d.actor, "read_victim_details", "victim", d.case["victim"], d.reference)
    await audit.record(d.actor, "produce_letter", "letter", row.id, d.reference)
    await record_event(
        d.case["id"],
        "letter_drafted",
        d.today,
        d.actor,
        f"Letter drafted: {_words(template.value)} ({language.value}, {d.addressee.channel}) "
        f"to {ROLE_WORDS[d.addressee.role]}, {d.reference}",
        {"letter_id": row.id, "template": template.value, "reference": d.reference},
    )
    return int(row.id)


async def _letter_in_unit(actor: Actor, letter_id: int) -> dict[str, Any]:
    """The letter (without its PDF), if its case belongs to the actor's unit."""
    require_casework(actor)
    row = await Letter.select(*SUMMARY_COLUMNS).where(Letter.id == letter_id).first()
    if row is None:
        raise NotFound("There is no letter with this number")
    await case_in_unit(actor, row["case"])
    return row


async def get_letter(actor: Actor, letter_id: int) -> LetterOut:
    """One letter: what, to whom (by name and role, never address), status and dates."""
    return _out(await _letter_in_unit(actor, letter_id))


async def list_letters(actor: Actor, case_id: int, limit: int, offset: int) -> Page[LetterOut]:
    """The case's letters, oldest first, cancelled ones included."""
    await case_in_unit(actor, case_id)
    rows = (
        await Letter.select(*SUMMARY_COLUMNS)
        .where(Letter.case == case_id)
        .order_by(Letter.id)
        .limit(limit)
        .offset(offset)
    )
    total = await page_total(len(rows), limit, offset, Letter.count().where(Letter.case == case_id))
    return Page[LetterOut](items=[_out(r) for r in rows], total=total, limit=limit, offset=offset)


async def letter_pdf(actor: Actor, letter_id: int) -> tuple[str, bytes]:
    """The letter's PDF exactly as drafted (and so as sent); every download is audited."""
    row = await _letter_in_unit(actor, letter_id)
    stored = await Letter.select(Letter.pdf).where(Letter.id == letter_id).first()
    assert stored is not None
    await audit.record(actor, "read_letter_pdf", "letter", letter_id, row["reference"])
    return row["reference"], bytes(stored["pdf"])


async def send_letter(actor: Actor, letter_id: int, data: LetterSend, today: date) -> LetterOut:
    """Mark a draft sent on a date. Its addressee is decided again first, so a letter is never
    sent to someone who has since died or opted out. Sending is a contact attempt (letter or
    email, outcome sent) and so meets the first-contact clock, in the same transaction."""
    check_not_future(data.on, today)
    async with write_transaction():
        letter = await _letter_in_unit(actor, letter_id)
        case = await _claim_draft(actor, letter)
        if data.on < letter["drafted_on"]:
            raise InvalidInput.on("on", "A letter cannot be sent before it was drafted")
        await _check_addressee(letter, case, today)
        await Letter.update(
            {Letter.status: "sent", Letter.sent_on: data.on, Letter.sent_by: actor.username}
        ).where(Letter.id == letter_id)
        method = ContactMethod.EMAIL if letter["channel"] == "email" else ContactMethod.LETTER
        contact = ContactIn(
            on=data.on,
            method=method,
            outcome=ContactOutcome.SENT,
            follow_up=letter["template"] == Template.FOLLOW_UP.value,
            notes=f"Letter {letter['reference']} ({_words(letter['template'])})",
            late_reason=data.late_reason,
        )
        await log_contact(actor, case, contact)
        await record_event(
            case["id"],
            "letter_sent",
            data.on,
            actor,
            f"Letter sent by {letter['channel']}: {letter['reference']}",
            {"letter_id": letter_id, "reference": letter["reference"], "on": data.on.isoformat()},
        )
    return await get_letter(actor, letter_id)


async def _claim_draft(actor: Actor, letter: dict[str, Any]) -> dict[str, Any]:
    closing = letter["template"] == Template.CASE_CLOSURE.value
    case = await claim_case(actor, letter["case"], None, allow_closed=closing)
    if letter["status"] != "draft":
        raise Conflict(f"This letter is {letter['status']}: only a draft can be sent or cancelled")
    return case


async def _check_addressee(letter: dict[str, Any], case: dict[str, Any], today: date) -> None:
    template = Template(letter["template"])
    try:
        facts = letter_content.addressing_facts(template, case, await facts_for(case["id"]))
        now: Addressee = decide_addressee(facts, template.value, letter["channel"], today)
    except Refused as exc:
        raise Refused(f"This letter can no longer be sent. {exc.message}: cancel it") from None
    if (now.role, now.person.name) != (letter["addressee_role"], letter["addressee_name"]):
        raise Refused(
            f"This letter is to {ROLE_WORDS[letter['addressee_role']]}, but letters now go to "
            f"{ROLE_WORDS[now.role]}: cancel it and draft it again"
        )


async def cancel_letter(actor: Actor, letter_id: int, data: LetterCancel, today: date) -> LetterOut:
    """Cancel a draft that must not go out. A sent letter stays on the record as sent."""
    async with write_transaction():
        letter = await _letter_in_unit(actor, letter_id)
        case = await _claim_draft(actor, letter)
        await Letter.update({Letter.status: "cancelled"}).where(Letter.id == letter_id)
        await record_event(
            case["id"],
            "letter_cancelled",
            today,
            actor,
            f"Letter cancelled: {letter['reference']}"
            + (f": {data.reason}" if data.reason else ""),
            {"letter_id": letter_id, "reference": letter["reference"], "reason": data.reason},
        )
    return await get_letter(actor, letter_id)


async def print_run(actor: Actor, on: date) -> bytes:
    """Every letter the actor's unit drafted on `on` (cancelled ones left out), in one PDF after
    a cover sheet listing them, each exactly as stored. Each letter printed is audited."""
    unit_id = require_casework(actor)
    rows = (
        await Letter.select(*SUMMARY_COLUMNS, Letter.pdf)
        .where(
            (Letter.unit == unit_id) & (Letter.drafted_on == on) & (Letter.status != "cancelled")
        )
        .order_by(Letter.id)
    )
    if not rows:
        raise NotFound(f"Your unit drafted no letters on {format_long_date(on, LetterLanguage.EN)}")
    unit = await Unit.select(Unit.name).where(Unit.id == unit_id).first()
    assert unit is not None
    cover = BatchCover(
        unit_name=unit["name"],
        run_date=on,
        letters=[(r["reference"], r["addressee_name"], _words(r["template"])) for r in rows],
        large_print=[bool(r["large_print"]) for r in rows],
    )
    pdf = render_batch_pdf(cover, [bytes(r["pdf"]) for r in rows])
    async with write_transaction():
        for r in rows:
            await audit.record(actor, "print_letter", "letter", r["id"], f"print run {on}")
    return pdf


async def stored_pdf(letter_id: int) -> bytes:
    """A drafted letter's PDF for GOV.UK Notify to print and post (vcs.notifications sends it
    as a precompiled letter): exactly as stored."""
    stored = await Letter.select(Letter.pdf).where(Letter.id == letter_id).first()
    if stored is None:
        raise NotFound("There is no letter with this number")
    return bytes(stored["pdf"])
