"""The screen at the door to the offender side: words written for offender managers, decision
makers and MAPPA meetings checked for the contact details of anyone the offender's case touches.

Offender managers, decision makers and MAPPA meetings read every word of a licence-condition
request, a decision's reasons, an alternative, a withdrawal's reason, a victim's views for a
MAPPA meeting and a key stage's details, and must never learn where a victim (or the person who
receives information for them) lives or how to reach them (domain rule: victims' details never
leave the Victim Liaison Unit). So, before such text is kept:

- it is **refused**, naming the field and never repeating the detail, when it holds the address,
  postcode, phone, email or date of birth of any victim of the offender (co-victims included, in
  every unit, open or closed cases) or of any of their nominated contacts, in any of the forms
  `vcs.offender_side.matching` recognises. A refusal cannot be confirmed away;
- it is **held for confirmation** (`NeedsConfirmation`, naming the field) when it holds something
  shaped like a UK postcode, a UK phone number or an email address that matches nobody known:
  the writer sends it again with `confirm_not_victim_details` once they have checked it is not a
  victim's.

Victims' and nominees' details as they are now are screened: the service does not yet keep the
details they had before. Reading the details to screen is audited (one entry per victim read,
one per case whose nominee is read), so call the screen before the write transaction of the
change it guards: its audit entries then stand even when the words are refused.

Every free-text field on its way to the offender side goes through `screen`; a new field is
added to the `fields` its use case passes, not checked beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vcs.access import audit
from vcs.casework.tables import NominatedContact
from vcs.core.actors import Actor
from vcs.core.db import write_transaction
from vcs.core.errors import FieldProblem, InvalidInput
from vcs.core.tables import Case, Victim
from vcs.offender_side.matching import Person, details_in, names_road, needles, shapes_in

CONFIRM = "confirm_not_victim_details"


class NeedsConfirmation(InvalidInput):
    """Words shaped like contact details that match nobody known: the writer must confirm they
    are not a victim's (send them again with `confirm_not_victim_details`)."""


@dataclass(frozen=True)
class Screened:
    """What the screen found that is not a refusal: the fields naming the road of a victim's or
    a nominee's address (a premises condition naming one could point to a home)."""

    roads: frozenset[str] = frozenset()


def _person(row: Mapping[str, Any]) -> Person:
    return Person(
        address_lines=(row.get("address_line1") or "", row.get("address_line2") or ""),
        postcode=row.get("postcode") or "",
        phone=row.get("phone") or "",
        email=row.get("email") or "",
        date_of_birth=row.get("date_of_birth"),
    )


async def _people(actor: Actor, offender_id: int, what: str) -> list[Person]:
    """Every victim of the offender and every nominated contact on their cases, read (and the
    read audited) for the screen."""
    cases = await Case.select(Case.id, Case.victim).where(Case.offender == offender_id)
    victim_ids = sorted({c["victim"] for c in cases})
    victims = await Victim.select().where(Victim.id.is_in(victim_ids)) if victim_ids else []
    nominees = (
        await NominatedContact.select().where(NominatedContact.case.is_in([c["id"] for c in cases]))
        if cases
        else []
    )
    async with write_transaction():
        for victim_id in victim_ids:
            await audit.record(actor, "screen_victim_details", "victim", victim_id, what)
        for nominee in nominees:
            detail = f"{what} (nominated contact)"
            await audit.record(actor, "screen_victim_details", "case", nominee["case"], detail)
    return [_person(row) for row in [*victims, *nominees]]


def _kinds(kinds: Iterable[str]) -> str:
    found = list(dict.fromkeys(kinds))
    return found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"


async def screen(
    actor: Actor,
    offender_id: int,
    fields: Mapping[str, Sequence[str]],
    *,
    readers: str,
    what: str,
    confirmed: bool = False,
    warn_on: Iterable[str] | None = None,
) -> Screened:
    """Refuse (InvalidInput naming each field) words that hold the contact details of anyone
    the offender's case touches; then hold for confirmation (NeedsConfirmation) words in
    `warn_on` (every field by default) shaped like a postcode, phone number or email, unless
    `confirmed`. `readers` says who reads the words ("the offender manager and the decision
    maker"), `what` what is being checked (for the audit entries)."""
    texts = {name: [v for v in values if v and v.strip()] for name, values in fields.items()}
    if not any(texts.values()):
        return Screened()
    known = needles(await _people(actor, offender_id, what))
    refused = [
        FieldProblem(
            name,
            f"This holds a victim's or their nominee's {_kinds(kinds)}: {readers} read it. "
            "Take it out.",
        )
        for name, values in texts.items()
        if (kinds := [k for v in values for k in details_in(v, known)])
    ]
    if refused:
        raise InvalidInput("Some of the words give away a victim's contact details", refused)
    warned = set(texts if warn_on is None else warn_on)
    held = [
        FieldProblem(
            name,
            f"This looks like it holds a {_kinds(kinds)}. {readers[0].upper()}{readers[1:]} "
            "read it: if it is not a victim's or their nominee's, confirm that and send it again.",
        )
        for name, values in texts.items()
        if name in warned and (kinds := [k for v in values for k in shapes_in(v)])
    ]
    if held and not confirmed:
        raise NeedsConfirmation(
            "Some of the words look like contact details: take them out, or confirm they are "
            "not a victim's",
            held,
            extra={"confirm_with": CONFIRM},
        )
    roads = frozenset(
        name for name, values in texts.items() if any(names_road(v, known) for v in values)
    )
    return Screened(roads)
