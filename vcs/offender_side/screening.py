"""Words written for the offender side checked for a victim's contact details.

Offender managers, decision makers and MAPPA meetings read every word of a licence-condition
request, a decision's reasons and a victim's views, and must never learn where a victim (or the
person who receives information for them) lives or how to reach them (domain rule: victims'
details never leave the Victim Liaison Unit). So such text is refused when it holds their
address, postcode, phone, email or date of birth. Reading the details to check is audited, and
the refusal never repeats them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from vcs.access import audit
from vcs.casework.tables import NominatedContact
from vcs.core.actors import Actor
from vcs.core.errors import FieldProblem, InvalidInput
from vcs.core.tables import Victim

MIN_TEXT = 5  # shorter fragments ("Flat") would refuse ordinary words
MIN_NUMBER = 7


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def needles(people: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """What to look for: each person's address, postcode and email (spaces and case ignored),
    and the digits of their phone (also written with 0 for +44) and date of birth."""
    texts: list[str] = []
    numbers: list[str] = []
    for person in people:
        texts += [_squash(person.get(k) or "") for k in ("address_line1", "postcode", "email")]
        phone = _digits(person.get("phone") or "")
        numbers += [phone, "0" + phone[2:]] if phone.startswith("44") else [phone]
        born: date | None = person.get("date_of_birth")
        if born:
            texts += [_squash(f"{born.day} {born:%B %Y}"), born.isoformat()]
            numbers += [f"{born:%d%m%Y}", f"{born.day}{born.month}{born.year}"]
    return (
        [t for t in texts if len(t) >= MIN_TEXT],
        [n for n in numbers if len(n) >= MIN_NUMBER],
    )


def holds_details(value: str, texts: Sequence[str], numbers: Sequence[str]) -> bool:
    return any(t in _squash(value) for t in texts) or any(n in _digits(value) for n in numbers)


async def screen(
    actor: Actor,
    case_id: int,
    victim_id: int,
    fields: Mapping[str, Sequence[str]],
    readers: str,
    what: str,
) -> None:
    """Refuse (InvalidInput naming each field) text that holds the contact details of the
    case's victim or nominated contact. `readers` says who reads it ("the offender manager and
    the MAPPA meeting"), `what` what is being checked (for the audit entry and the message)."""
    victim = await Victim.select().where(Victim.id == victim_id).first()
    nominee = await NominatedContact.select().where(NominatedContact.case == case_id).first()
    await audit.record(actor, "screen_victim_details", "victim", victim_id, what)
    texts, numbers = needles([p for p in (victim, nominee) if p])
    message = (
        "This must not hold the victim's address, phone number, email or date of birth: "
        f"{readers} read it"
    )
    problems = [
        FieldProblem(name, message)
        for name, values in fields.items()
        if any(holds_details(v, texts, numbers) for v in values)
    ]
    if problems:
        raise InvalidInput("Some of the words give away the victim's contact details", problems)
