"""Work at the desk for every demo user: the London offender manager's offenders with a victim's
licence-condition request forwarded, release and licence dates, a MAPPA meeting and the victims'
views for it; letters drafted today (the day's print run) and letters sent; offers of the scheme
sent weeks ago with no reply yet (replies awaited, to chase); tasks due today for the Victim
Liaison Officers. Made through the use cases, as the people would make them.

Every person here is invented (`vcs.synthetic.invented`); nothing can reach a real person.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any

from deadlines import Clock, compute_deadline
from deadlines.replies import DEFAULT_CHASE_WORKING_DAYS
from letters import Template
from vcs.casework.participation import record_participation
from vcs.casework.schemas import ParticipationIn, ParticipationLevel, ParticipationStatus
from vcs.casework.tasks import add_task
from vcs.conditions.forwarding import forward_to_decision_maker
from vcs.conditions.requests import create_request
from vcs.conditions.schemas import (
    ConditionRequestCreate,
    ConditionTypeCode,
    DecisionMaker,
    ForwardIn,
)
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.errors import DomainError, InvalidInput
from vcs.core.tables import Case
from vcs.correspondence.outbox import draft_letter, send_letter
from vcs.correspondence.schemas import LetterCreate, LetterSend
from vcs.mappa.pack import submit_views
from vcs.mappa.schemas import MappaIn, MeetingIn, VictimViewsIn
from vcs.mappa.status import create_meeting, set_mappa
from vcs.offender_side.assignment import assign_offender_manager
from vcs.offender_side.schemas import OffenderManagerAssign
from vcs.sentence.key_dates import set_key_dates
from vcs.sentence.schemas import KeyDatesIn

# The London unit's people (vcs.synthetic.demo.USERS) and how many of each piece of work.
MANAGER, OFFENDER_MANAGER = "manager.lon", "om.lon"
OFFENDERS_MANAGED = 3
LETTERS_TO_PRINT, LETTERS_SENT = 5, 3
# Offers sent with no reply, for each London VLO: their chase dates, in days from today.
REPLIES_AWAITED = (-3, 3)
LATE = "Waiting for the victim's address from the police"


async def _cases(unit: str, **where: Any) -> list[dict[str, Any]]:
    query = (Case.unit.code == unit) & (Case.state == "open") & Case.assigned_to.is_not_null()
    if "participation" in where:
        query &= Case.participation == where["participation"]
    columns = (
        Case.id,
        Case.offender,
        Case.unit,
        Case.participation,
        Case.assigned_to.username,
        Case.referral.received_on,
    )
    rows = await Case.select(*columns).where(query)
    return sorted(rows, key=lambda r: int(r["id"]))


async def give_everyone_work(actors: dict[str, Actor], today: date) -> None:
    """The demo's desk work: each step keeps going past a case a rule refuses."""
    await _offender_managers_work(actors, today)
    await _replies_awaited(actors, today)
    await _letters(actors, today)
    await _tasks_due_today(today)


async def _offender_managers_work(actors: dict[str, Actor], today: date) -> None:
    """om.lon manages offenders whose opted-in victims asked for a licence condition, with key
    dates and a MAPPA level 2 meeting for which the VLO has sent the victim's views."""
    tried: set[int] = set()
    managed = 0
    opted_in = await _cases("VLU-LON", participation="opted_in")
    for case in opted_in + await _cases("VLU-LON"):  # opted-in victims first
        if managed == OFFENDERS_MANAGED:
            return
        if case["offender"] in tried:
            continue
        tried.add(case["offender"])
        with contextlib.suppress(DomainError):
            await _manage(actors, case, today)
            managed += 1


async def _manage(actors: dict[str, Actor], case: dict[str, Any], today: date) -> None:
    vlo, offender = actors[case["assigned_to.username"]], int(case["offender"])
    if case["participation"] != "opted_in":
        choice = ParticipationIn(
            status=ParticipationStatus.OPTED_IN, on=today, level=ParticipationLevel.KEY_STAGES
        )
        await record_participation(vlo, case["id"], choice, today)
    release = today + timedelta(days=150)
    await _forwarded_request(vlo, case["id"], release, today)
    assign = OffenderManagerAssign(username=OFFENDER_MANAGER)
    await assign_offender_manager(actors[MANAGER], offender, assign, today)
    dates = KeyDatesIn(
        release_date=release,
        parole_eligibility=today + timedelta(days=60),
        licence_expiry=release + timedelta(days=540),
    )
    await set_key_dates(vlo, offender, dates, today)
    om = actors[OFFENDER_MANAGER]
    level = MappaIn.model_validate({"category": 2, "level": 2, "from": today})
    await set_mappa(om, offender, level, today)
    meets = MeetingIn(offender_id=offender, level=2, on=today + timedelta(days=14))
    meeting = await create_meeting(om, meets, today)
    views = VictimViewsIn(
        case_id=case["id"],
        views="The victim is frightened of meeting him in town and asks to hear of his release.",
        concerns="He knows which bus the victim takes to work.",
        measures="No contact, and an exclusion zone around the town centre.",
        confirm_not_victim_details=True,
    )
    await submit_views(vlo, meeting.id, views, today)


async def _forwarded_request(vlo: Actor, case_id: int, release: date, today: date) -> None:
    """A no-contact request, forwarded to the decision maker the sentence has."""
    request = ConditionRequestCreate(
        type=ConditionTypeCode.NO_CONTACT,
        details="I do not want him to contact me or my children in any way.",
        justification="He sent messages to the victim through friends during the trial.",
        names=["Robin Example"],
        needed_by=release,
        confirm_not_victim_details=True,
    )
    made = await create_request(vlo, case_id, request, today)
    for decision_maker in (DecisionMaker.PRISON_GOVERNOR, DecisionMaker.PAROLE_BOARD):
        with contextlib.suppress(DomainError):
            await forward_to_decision_maker(
                vlo, made.id, ForwardIn(decision_maker=decision_maker, on=today), today
            )
            return
    raise InvalidInput.on("decision_maker", "No decision maker takes this request")


async def _letters(actors: dict[str, Actor], today: date) -> None:
    """Offer letters drafted today (today's print run has letters), some of them sent."""
    drafted = sent = 0
    for case in await _cases("VLU-LON", participation="not_contacted"):
        if drafted == LETTERS_TO_PRINT + LETTERS_SENT:
            return
        vlo = actors[case["assigned_to.username"]]
        with contextlib.suppress(DomainError):
            letter = await draft_letter(
                vlo, case["id"], LetterCreate(template=Template.INITIAL_OFFER), today
            )
            drafted += 1
            if sent < LETTERS_SENT:
                await _send(vlo, letter.id, today)
                sent += 1


async def _replies_awaited(actors: dict[str, Actor], today: date) -> None:
    """Offers of the scheme sent weeks ago that nobody has answered: for each London VLO, one
    to chase that is overdue and one due in the coming days (the oldest referrals first)."""
    waiting: dict[str, int] = {}
    cases = await _cases("VLU-LON", participation="not_contacted")
    for case in sorted(cases, key=lambda c: (c["referral.received_on"], c["id"])):
        officer = case["assigned_to.username"]
        done = waiting.setdefault(officer, 0)
        if done == len(REPLIES_AWAITED):
            continue
        chase_on = today + timedelta(days=REPLIES_AWAITED[done])
        sent_on = max(_sent_to_chase_on(chase_on), case["referral.received_on"])
        received = case["referral.received_on"]
        if _first_contact_due(received) >= today or sent_on > today - timedelta(days=14):
            continue  # its first-contact clock still runs: the offer is still to be sent
        with contextlib.suppress(DomainError):
            offer = LetterCreate(template=Template.INITIAL_OFFER)
            letter = await draft_letter(actors[officer], case["id"], offer, sent_on)
            await _send(actors[officer], letter.id, sent_on)
            waiting[officer] = done + 1


def _first_contact_due(received: date) -> date:
    calendar, policy = clocks.calendar(), clocks.current_policy()
    return compute_deadline(Clock.FIRST_CONTACT, received, policy, calendar).due


def _sent_to_chase_on(chase_on: date) -> date:
    """The day an offer went out for its reply to be chased on `chase_on` (or the working day
    before, when that is not a working day)."""
    calendar, sent_on = clocks.calendar(), chase_on
    while calendar.add_working_days(sent_on, DEFAULT_CHASE_WORKING_DAYS) > chase_on:
        sent_on -= timedelta(days=1)
    return sent_on


async def _send(vlo: Actor, letter_id: int, today: date) -> None:
    try:
        await send_letter(vlo, letter_id, LetterSend(on=today), today)
    except DomainError:  # the first-contact clock has passed: say why
        await send_letter(vlo, letter_id, LetterSend(on=today, late_reason=LATE), today)


async def _tasks_due_today(today: date) -> None:
    """A task due today on a few of each VLO's cases: a follow-up letter or an annual one."""
    per_officer: dict[str, int] = {}
    for unit in ("VLU-LON", "VLU-WAL", "VLU-NE"):
        for case in await _cases(unit):
            officer = case["assigned_to.username"]
            if per_officer.get(officer, 0) >= 2:
                continue
            kind, summary = (
                ("no_response", "No reply to the offer letter: send the follow-up letter")
                if per_officer.get(officer, 0) == 0
                else ("annual_contact_due", "Send the victim's annual letter")
            )
            key = f"{case['id']}:{kind}:demo:{today.isoformat()}"
            if await add_task(case["id"], case["unit"], kind, key, summary, today):
                per_officer[officer] = per_officer.get(officer, 0) + 1
