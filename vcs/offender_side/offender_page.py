"""The offender manager's page about one of their offenders, read whole: the victim summary,
the MAPPA meetings, the pre-meeting view and the sentence's key dates, in one read transaction,
with the offender's victims read once for every part, and one audit entry for the view. Built
inside the door like each part on its own: names, relationships and choices, never a victim's
contact details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vcs.access import audit
from vcs.core.actors import Actor, Role
from vcs.core.db import read_transaction
from vcs.core.errors import PermissionDenied
from vcs.offender_side import facts, mappa, meeting_pack, offenders, sentence
from vcs.offender_side.pack_schemas import OffenderMeeting, PreMeeting
from vcs.offender_side.schemas import VictimSummary
from vcs.sentence.schemas import KeyDatesOut

READ = "offender page: the victim summary, the MAPPA meetings and the pre-meeting view"


@dataclass(frozen=True)
class OffenderPage:
    summary: VictimSummary
    meetings: list[OffenderMeeting]
    pre_meeting: PreMeeting
    key_dates: KeyDatesOut


async def offender_page(actor: Actor, offender_id: int, today: date) -> OffenderPage:
    """Everything the offender manager's page shows about their offender. Audited once."""
    if actor.role is not Role.OFFENDER_MANAGER:
        raise PermissionDenied("Only the offender's offender manager reads this page")
    async with read_transaction():
        token = facts.READING.set(facts.Reading(offender_id))
        try:
            found = OffenderPage(
                summary=await offenders.summary_of(actor, offender_id),
                meetings=await mappa.meetings_for_offender(actor, offender_id, today),
                pre_meeting=await meeting_pack.pre_meeting_of(actor, offender_id, today),
                key_dates=await sentence.get_key_dates(actor, offender_id, 0, 0),
            )
        finally:
            facts.READING.reset(token)
    await audit.record(actor, "read_offender_page", "offender", offender_id, READ)
    return found
