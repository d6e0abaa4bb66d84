"""Who a letter or message goes to, or why it must not be sent.

Inspectors found letters addressed to murdered victims and letters sent to victims who had
opted out. These rules decide the addressee before anything is written (domain.md 4.5-4.6):
- an opted-out victim gets nothing but the acknowledgement of their opt-out;
- while a nominated contact (or, for a victim under 18, a parent or guardian) is set, they
  receive the correspondence;
- nothing is ever addressed to a victim who has died;
- a victim under 18 is written to through a parent or guardian;
- "do not write to the home address" blocks post to the victim's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from deadlines.ages import is_under_18 as is_under_18
from vcs.casework.case_file import preferences_of, preferences_of_cases
from vcs.casework.schemas import PreferencesOut
from vcs.casework.tables import NominatedContact
from vcs.core.errors import Refused
from vcs.core.tables import Case, Victim

OPT_OUT_ACKNOWLEDGEMENT = "opt_out_acknowledgement"


@dataclass(frozen=True)
class Person:
    name: str
    address_lines: tuple[str, ...]
    email: str
    phone: str


@dataclass(frozen=True)
class CorrespondenceFacts:
    """What the rules need to know about a case."""

    victim: Person
    victim_date_of_birth: date | None
    victim_deceased: bool
    participation: str
    contact: Person | None  # nominated contact or parent/guardian
    contact_kind: str | None  # nominee | parent_guardian
    language: str
    large_print: bool
    no_post_to_home: bool


@dataclass(frozen=True)
class Addressee:
    """Who to write to, how, and in which language."""

    person: Person
    role: str  # victim | nominee | parent_guardian
    channel: str
    language: str
    large_print: bool


def decide_addressee(
    facts: CorrespondenceFacts, template: str, channel: str, today: date
) -> Addressee:
    """The addressee of a letter or message on `channel` (post, email or sms), or `Refused` with
    the reason a VLO can act on."""
    if facts.participation == "opted_out" and template != OPT_OUT_ACKNOWLEDGEMENT:
        raise Refused(
            "The victim has opted out: the only letter they can be sent is the "
            "acknowledgement of their opt-out"
        )
    person, role = _recipient(facts, today)
    if channel == "post":
        if role == "victim" and facts.no_post_to_home:
            raise Refused(
                "The victim asked us not to write to their home address: use email or phone"
            )
        if not person.address_lines:
            raise Refused(f"There is no postal address for {person.name}")
    elif channel == "email" and not person.email:
        raise Refused(f"There is no email address for {person.name}")
    elif channel == "sms" and not person.phone:
        raise Refused(f"There is no phone number for text messages to {person.name}")
    return Addressee(person, role, channel, facts.language, facts.large_print)


def _recipient(facts: CorrespondenceFacts, today: date) -> tuple[Person, str]:
    if facts.contact is not None:
        return facts.contact, facts.contact_kind or "nominee"
    if facts.victim_deceased:
        raise Refused(
            "The victim has died and nothing can be addressed to them: add a bereaved family "
            "member as the contact"
        )
    if is_under_18(facts.victim_date_of_birth, today):
        raise Refused("The victim is under 18: add a parent or guardian to write to")
    return facts.victim, "victim"


async def facts_for(case_id: int) -> CorrespondenceFacts:
    """Load what the rules need for a case (the caller audits the read of personal details)."""
    case = await Case.select().where(Case.id == case_id).first()
    assert case is not None
    victim = await Victim.select().where(Victim.id == case["victim"]).first()
    assert victim is not None
    contact = await NominatedContact.select().where(NominatedContact.case == case_id).first()
    preferences = await preferences_of(case)
    return CorrespondenceFacts(
        victim=_person(victim),
        victim_date_of_birth=victim["date_of_birth"],
        victim_deceased=victim["deceased_on"] is not None,
        participation=case["participation"],
        contact=_person(contact) if contact else None,
        contact_kind=contact["kind"] if contact else None,
        language=preferences.language,
        large_print=preferences.large_print,
        no_post_to_home=preferences.no_post_to_home,
    )


async def facts_for_cases(
    cases: list[dict[str, Any]],
) -> dict[int, tuple[CorrespondenceFacts, PreferencesOut]]:
    """`facts_for` (and the choices) for many cases at once, in four queries: what a bulk
    change's messages are addressed by."""
    preferences = await preferences_of_cases(cases)
    victims = {
        r["id"]: r
        for r in await Victim.select().where(Victim.id.is_in([c["victim"] for c in cases] or [0]))
    }
    contacts = {
        r["case"]: r
        for r in await NominatedContact.select().where(
            NominatedContact.case.is_in([c["id"] for c in cases] or [0])
        )
    }
    found = {}
    for case in cases:
        victim, contact, chosen = (
            victims[case["victim"]],
            contacts.get(case["id"]),
            preferences[case["id"]],
        )
        found[case["id"]] = (
            CorrespondenceFacts(
                victim=_person(victim),
                victim_date_of_birth=victim["date_of_birth"],
                victim_deceased=victim["deceased_on"] is not None,
                participation=case["participation"],
                contact=_person(contact) if contact else None,
                contact_kind=contact["kind"] if contact else None,
                language=chosen.language,
                large_print=chosen.large_print,
                no_post_to_home=chosen.no_post_to_home,
            ),
            chosen,
        )
    return found


def _person(row: dict[str, object]) -> Person:
    lines = (row["address_line1"], row["address_line2"], row["town"], row["postcode"])
    return Person(
        name=str(row["name"]),
        address_lines=tuple(str(x) for x in lines if x) if row["address_line1"] else (),
        email=str(row["email"] or ""),
        phone=str(row["phone"] or ""),
    )
