"""What goes into a letter: the details the VLO gives, the facts the case already holds, and the
checks that stop a letter going out wrong.

- A letter never names the offender's prison, nor where the offender lives or will live
  (Victims' Code: victims are told the month of release, never the place; domain.md 4.7).
- A detail the case records (the victim's choice, the nominee's name, why the case closed) is
  taken from the case, never retyped, so a letter cannot contradict the record or misspell a name.
- A letter with a detail missing is never made: the error names every missing detail.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from letters import (
    FORBIDDEN_FIELDS,
    ForbiddenContent,
    Language,
    LetterData,
    Letterhead,
    MissingMergeFields,
    Template,
    render_letter_pdf,
)
from letters.fields import COMMON_WORDS, TEMPLATE_FIELDS
from letters.model import FieldValue
from vcs.casework.schemas import PreferencesOut
from vcs.core.actors import Actor
from vcs.core.errors import FieldProblem, InvalidInput, Refused
from vcs.core.tables import Offender, Unit, User
from vcs.correspondence.addressees import Addressee, CorrespondenceFacts
from vcs.correspondence.schemas import LetterFields

VPS_NOTICE_DAYS = 28  # a Victim Personal Statement reaches the Parole Board 28 days before
PRISON_WORDS = re.compile(
    r"\b(HMP|HMYOI|HM\s+Prison|HM\s+Young\s+Offender\s+Institution|prison\s+number)\b",
    re.IGNORECASE,
)
FORBIDDEN_MESSAGE = "A letter never names the offender's prison, nor where the offender lives"
CLOSURE_WORDS: Mapping[str, Mapping[Language, str]] = {
    "sentence_expired": {
        Language.EN: "the sentence has come to an end.",
        Language.CY: "mae'r ddedfryd wedi dod i ben.",
    },
    "victim_request": {
        Language.EN: "you asked us to close it.",
        Language.CY: "gofynnoch chi i ni ei gau.",
    },
    "victim_died": {
        Language.EN: "we were told of the death of the victim of the offence.",
        Language.CY: "cawsom wybod am farwolaeth dioddefwr y drosedd.",
    },
    "offender_died": {
        Language.EN: "the offender has died.",
        Language.CY: "mae'r troseddwr wedi marw.",
    },
}


def _key_name(key: str) -> str:
    """A submitted key as it may be named back in an error (never arbitrary input)."""
    return f"fields.{key}" if re.fullmatch(r"[A-Za-z0-9_ -]{1,48}", key) else "fields"


def _is_forbidden(key: str) -> bool:
    return key.strip().lower().replace("-", "_").replace(" ", "_") in FORBIDDEN_FIELDS


def requested_fields(template: Template, given: LetterFields) -> dict[str, FieldValue]:
    """The template's own details from the request, checked; anything else is refused (422)."""
    extra = given.model_extra or {}
    problems = [
        FieldProblem(_key_name(k), FORBIDDEN_MESSAGE if _is_forbidden(k) else "No letter uses this")
        for k in extra
    ]
    values: dict[str, Any] = given.model_dump(exclude_none=True, exclude=set(extra))
    own = TEMPLATE_FIELDS[template]
    words = template.value.replace("_", " ")
    for name in values:
        if name not in own:
            problems.append(FieldProblem(f"fields.{name}", f"The {words} letter does not use this"))
    problems += _text_problems(values) + _parole_problems(values)
    if problems:
        raise InvalidInput("Some of the letter's details need correcting", problems)
    return {k: (str(v) if k == "level" else v) for k, v in values.items()}


def _text_problems(values: Mapping[str, Any]) -> list[FieldProblem]:
    texts = {f"fields.conditions.{i}": c for i, c in enumerate(values.get("conditions", []))}
    texts["fields.closure_reason"] = values.get("closure_reason", "")
    return [FieldProblem(k, FORBIDDEN_MESSAGE) for k, v in texts.items() if PRISON_WORDS.search(v)]


def _parole_problems(values: Mapping[str, Any]) -> list[FieldProblem]:
    hearing, needed = values.get("hearing_date"), values.get("vps_deadline")
    if hearing and needed and needed > hearing - timedelta(days=VPS_NOTICE_DAYS):
        return [
            FieldProblem(
                "fields.vps_deadline",
                "The Victim Personal Statement must reach the Parole Board at least "
                f"{VPS_NOTICE_DAYS} days before the hearing: ask for it earlier",
            )
        ]
    return []


def case_fields(
    template: Template,
    case: Mapping[str, Any],
    facts: CorrespondenceFacts,
    preferences: PreferencesOut,
    language: Language,
) -> dict[str, FieldValue]:
    """The details of `template` that the case itself records."""
    if template is Template.OPT_IN_CONFIRMATION and case["participation_level"]:
        ways = [c for c in preferences.channels if c in ("post", "email", "phone")]
        return {
            "level": case["participation_level"],
            **({"contact_method": ways[0]} if ways else {}),
        }
    if template is Template.NOMINATED_CONTACT_CONFIRMATION and facts.contact is not None:
        return {"nominee_name": facts.contact.name}
    if template is Template.CASE_CLOSURE and case["state"] == "closed":
        words = CLOSURE_WORDS.get(case["close_reason"] or "")
        return {"closure_reason": words[language]} if words else {}
    return {}


def merged_fields(
    requested: Mapping[str, FieldValue], recorded: Mapping[str, FieldValue]
) -> dict[str, FieldValue]:
    """The request's details and the case's, where the case's must not be contradicted."""
    clashes = [
        FieldProblem(f"fields.{k}", "The case records this differently: change the case first")
        for k, v in recorded.items()
        if k in requested and requested[k] != v
    ]
    if clashes:
        raise InvalidInput("The letter contradicts what the case records", clashes)
    return {**requested, **recorded}


def addressing_facts(
    template: Template, case: Mapping[str, Any], facts: CorrespondenceFacts
) -> CorrespondenceFacts:
    """The facts the addressee is decided on, once the letter is known to fit the case.

    The nominated-contact confirmation is the victim's own letter (it tells them who will hear
    from us instead), so it goes to the victim, under every other rule of vcs.correspondence."""
    state = case["participation"]
    if template is Template.OPT_IN_CONFIRMATION and state != "opted_in":
        raise Refused("The victim has not opted in: record their choice before confirming it")
    if template is Template.OPT_OUT_ACKNOWLEDGEMENT and state != "opted_out":
        raise Refused("The victim has not opted out: there is no opt-out to acknowledge")
    if template is Template.NOMINATED_CONTACT_CONFIRMATION:
        if facts.contact_kind != "nominee":
            raise Refused("The case has no nominated contact to confirm")
        return replace(facts, contact=None, contact_kind=None)
    return facts


@dataclass(frozen=True)
class Drafting:
    """Who is writing, about which case, to whom, under which reference, on which day."""

    actor: Actor
    case: Mapping[str, Any]
    facts: CorrespondenceFacts
    addressee: Addressee
    reference: str
    today: date


async def letter_data(d: Drafting, fields: Mapping[str, FieldValue]) -> LetterData:
    """The letter's merge data: the unit's letterhead, the addressee (their postal address only
    for a posted letter), the victim's name when someone else is written to, and the VLO."""
    unit = await Unit.select().where(Unit.id == d.case["unit"]).first()
    offender = await Offender.select(Offender.name).where(Offender.id == d.case["offender"]).first()
    assert unit is not None and offender is not None
    person = d.addressee.person
    return LetterData(
        letterhead=Letterhead(
            unit_name=unit["name"],
            welsh_name=unit["welsh_name"],
            address_lines=tuple(p.strip() for p in re.split(r"[\n,]", unit["address"] or "") if p),
            phone=unit["phone"],
            email=unit["email"],
        ),
        reference=d.reference,
        letter_date=d.today,
        addressee_name=person.name,
        address_lines=person.address_lines if d.addressee.channel == "post" else (),
        vlo_name=await _vlo_name(d.case, d.actor),
        offender_name=offender["name"],
        victim_name=d.facts.victim.name if d.addressee.role != "victim" else "",
        fields=dict(fields),
        addressee_role=d.addressee.role,
    )


async def _vlo_name(case: Mapping[str, Any], actor: Actor) -> str:
    if case["assigned_to"]:
        row = await User.select(User.display_name).where(User.id == case["assigned_to"]).first()
        if row and row["display_name"]:
            return str(row["display_name"])
    return actor.display_name


def render(template: Template, language: Language, data: LetterData, large_print: bool) -> bytes:
    """The letter's PDF, or InvalidInput naming every detail that is missing or refused."""
    try:
        return render_letter_pdf(template, language, data, large_print=large_print)
    except MissingMergeFields as exc:
        own = TEMPLATE_FIELDS[template]
        problems = [
            FieldProblem(
                f"fields.{name}" if name in LetterFields.model_fields else name,
                f"Missing: {COMMON_WORDS[name] if name in COMMON_WORDS else own[name].words}",
            )
            for name in exc.missing
        ]
        raise InvalidInput(str(exc), problems) from None
    except ForbiddenContent as exc:
        raise InvalidInput(
            str(exc), [FieldProblem(f"fields.{f}", FORBIDDEN_MESSAGE) for f in exc.fields]
        ) from None
