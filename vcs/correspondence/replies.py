"""Letters that ask for an answer, as sent: which ones ask (the offer of the scheme, its
follow-up, the parole review letter inviting a Victim Personal Statement, the release letter
inviting requests for licence conditions), in the VLO's words, and how many working days to wait
before chasing each. The rule of when a reply is still awaited is `deadlines.replies`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from deadlines.replies import DEFAULT_CHASE_WORKING_DAYS, LetterSent
from letters.model import Template
from vcs.core.config import settings
from vcs.correspondence.tables import Letter

ASKING_FOR_A_REPLY: Mapping[str, str] = MappingProxyType(
    {
        Template.INITIAL_OFFER.value: "offer of the scheme",
        Template.FOLLOW_UP.value: "follow-up to the offer",
        Template.KEY_STAGE_PAROLE_REVIEW.value: "parole review letter (Victim Personal Statement)",
        Template.KEY_STAGE_RELEASE.value: "release letter (licence conditions)",
    }
)
"""Each letter whose wording asks the person to answer, as a VLO names it."""


def chase_working_days(template: str) -> int:
    """How long to wait for an answer before chasing it. The follow-up letter waits as long as
    the nightly sweep does before marking "no response" (`VCS_REPLY_WORKING_DAYS`)."""
    if template == Template.FOLLOW_UP.value:
        return settings.reply_working_days
    return DEFAULT_CHASE_WORKING_DAYS


async def sent_asking_for_a_reply(
    unit_id: int, assigned_to: int | None
) -> dict[int, list[LetterSent]]:
    """The letters asking for an answer sent on the unit's open cases (those of one VLO, if
    `assigned_to` is given), by case."""
    where = (
        (Letter.status == "sent")
        & Letter.template.is_in(list(ASKING_FOR_A_REPLY))
        & (Letter.case.unit == unit_id)
        & (Letter.case.state == "open")
    )
    if assigned_to is not None:
        where &= Letter.case.assigned_to == assigned_to
    found: dict[int, list[LetterSent]] = {}
    for row in await Letter.select(Letter.case, Letter.template, Letter.sent_on).where(where):
        template = row["template"]
        sent = LetterSent(template, row["sent_on"], chase_working_days(template))
        found.setdefault(row["case"], []).append(sent)
    return found
