"""Synthetic demo data: units, users and referrals with clocks in every state, made through the
use cases (intake, allocation, contacts, participation) as a unit's staff would make them.

Every person here is invented (`vcs.synthetic.invented`). Phone numbers come from Ofcom's ranges
reserved for drama, emails from example.com, so nothing can reach a real person.
"""

from __future__ import annotations

import contextlib
import random
from datetime import date, timedelta

from deadlines import Clock, compute_deadline
from vcs.access import auth, passwords
from vcs.access.admin import add_user
from vcs.access.schemas import UserCreate
from vcs.casework.contacts import record_contact
from vcs.casework.lifecycle import allocate
from vcs.casework.participation import record_participation
from vcs.casework.schemas import (
    AllocationIn,
    ContactIn,
    ContactMethod,
    ContactOutcome,
    ParticipationIn,
    ParticipationLevel,
    ParticipationStatus,
)
from vcs.casework.tasks import add_task
from vcs.core import clocks
from vcs.core.actors import Actor, Role
from vcs.core.errors import Conflict
from vcs.core.tables import Case, Unit
from vcs.referrals.intake import create_referral
from vcs.synthetic import invented
from vcs.synthetic.demo_desk import give_everyone_work

# Published (the README and the demo's own summary say it): refused for every other account.
DEMO_PASSWORD = passwords.DEMO_PASSWORD
# Up to this many victims the demo is made through the use cases; beyond it, bulk-loaded.
LARGEST_WORKED_DEMO = 1000
# (code, name, Welsh name, region, kind, letterhead address, phone). The addresses are invented
# (the ZZ postcodes are never issued); the phones are Ofcom's drama numbers.
UNITS = [
    (
        "VLU-LON",
        "London Victim Liaison Unit",
        "Uned Cyswllt Dioddefwyr Llundain",
        "London",
        "vlu",
        "Fourth floor, 40 Harland Street\nLondon\nSE1 7ZZ",
        "020 7946 0001",
    ),
    (
        "VLU-WAL",
        "Wales Victim Liaison Unit",
        "Uned Cyswllt Dioddefwyr Cymru",
        "Wales",
        "vlu",
        "Second floor, 17 Heol Tŷ Gwyn\nCardiff\nCF10 9ZZ",
        "029 2018 0002",
    ),
    (
        "VLU-NE",
        "North East Victim Liaison Unit",
        "Uned Cyswllt Dioddefwyr y Gogledd-ddwyrain",
        "North East",
        "vlu",
        "Third floor, 8 Quayside Walk\nNewcastle upon Tyne\nNE1 9ZZ",
        "0191 498 0003",
    ),
    ("WCU-MET", "Metropolitan Witness Care Unit", "", "London", "wcu", "", ""),
    (
        "WCU-SWP",
        "South Wales Witness Care Unit",
        "Uned Gofal Tystion De Cymru",
        "Wales",
        "wcu",
        "",
        "",
    ),
    ("WCU-NTH", "Northumbria Witness Care Unit", "", "North East", "wcu", "", ""),
    ("PDU-LON", "London Probation Delivery Unit", "", "London", "probation", "", ""),
    (
        "PDU-WAL",
        "Cardiff Probation Delivery Unit",
        "Uned Cyflawni Prawf Caerdydd",
        "Wales",
        "probation",
        "",
        "",
    ),
]
# (username, display name, role, unit: none for a national manager)
USERS = [
    ("vlo.lon1", "Priya Demo", Role.VLO, "VLU-LON"),
    ("vlo.lon2", "Tom Sample", Role.VLO, "VLU-LON"),
    ("manager.lon", "Grace Example", Role.VLU_MANAGER, "VLU-LON"),
    ("vlo.wal1", "Rhys Enghraifft", Role.VLO, "VLU-WAL"),
    ("manager.wal", "Catrin Sampl", Role.VLU_MANAGER, "VLU-WAL"),
    ("vlo.ne1", "Dan Specimen", Role.VLO, "VLU-NE"),
    ("wcu.met", "Sam Referrer", Role.WCU, "WCU-MET"),
    ("wcu.swp", "Elin Cyfeiriwr", Role.WCU, "WCU-SWP"),
    ("wcu.nth", "Joe Referrer", Role.WCU, "WCU-NTH"),
    ("om.lon", "Alex Officer", Role.OFFENDER_MANAGER, "PDU-LON"),
    ("om.wal", "Gwen Swyddog", Role.OFFENDER_MANAGER, "PDU-WAL"),
    ("national", "Nia National", Role.NATIONAL_MANAGER, None),
]
ROUTES = {"WCU-MET": "VLU-LON", "WCU-SWP": "VLU-WAL", "WCU-NTH": "VLU-NE"}


async def has_data() -> bool:
    return bool(await Case.exists())


async def _ensure_people() -> dict[str, Actor]:
    for code, name, welsh_name, region, kind, address, phone in UNITS:
        if not await Unit.exists().where(Unit.code == code):
            await Unit(
                code=code,
                name=name,
                welsh_name=welsh_name,
                region=region,
                kind=kind,
                address=address,
                phone=phone,
            ).save()
    actors = {}
    for username, display, role, unit in USERS:
        with contextlib.suppress(Conflict):
            await add_user(
                UserCreate(
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    unit_code=unit,
                    display_name=display,
                ),
                demo=True,
            )
        user_id = await auth.user_id_for(username)
        actor = await auth.actor_for(user_id) if user_id else None
        assert actor is not None
        actors[username] = actor
    return actors


async def load(today: date, *, victims: int = 300, seed: int = 2026) -> str:
    """Add demo units and users, and referrals until about `victims` victims are in cases."""
    rng = random.Random(seed)
    actors = await _ensure_people()
    made = referrals = 0
    while made < victims:
        wcu = rng.choice(list(ROUTES))
        data = invented.referral(rng, ROUTES[wcu], today, referrals)
        try:
            out = await create_referral(actors[wcu.lower().replace("-", ".")], data, today)
        except Conflict:
            continue
        referrals += 1
        made += len(out.cases)
    await _work_cases(rng, actors, today)
    await _work_due_today(today)
    await give_everyone_work(actors, today)
    return (
        f"Demo data: {referrals} referrals, {made} victims' cases. Sign in as vlo.lon1, "
        f"manager.lon, wcu.met or om.lon (and others) with the password {DEMO_PASSWORD}"
    )


VLOS = {"VLU-LON": ["vlo.lon1", "vlo.lon2"], "VLU-WAL": ["vlo.wal1"], "VLU-NE": ["vlo.ne1"]}
MANAGERS = {"VLU-LON": "manager.lon", "VLU-WAL": "manager.wal", "VLU-NE": "vlo.ne1"}


async def _work_cases(rng: random.Random, actors: dict[str, Actor], today: date) -> None:
    """Casework on the demo cases so that every clock state and choice appears: allocations,
    contacts on time and late, opt-ins at each level, opt-outs."""
    rows = await Case.select(Case.id, Case.unit.code, Case.referral.received_on).where(
        Case.assigned_to.is_null()
    )
    for row in rows:
        unit, received = row["unit.code"], row["referral.received_on"]
        roll = rng.random()
        if roll < 0.2:
            continue  # left unallocated for the manager
        vlo = rng.choice(VLOS[unit])
        await allocate(actors[MANAGERS[unit]], row["id"], AllocationIn(vlo=vlo), today)
        if roll < 0.45 or (today - received).days < 30:
            continue  # allocated, not yet contacted (recent referrals keep their clocks running)
        contacted = min(today, received + timedelta(days=rng.choice([2, 5, 12, 30, 35])))
        calendar, policy = clocks.calendar(), clocks.current_policy()
        due = compute_deadline(Clock.FIRST_CONTACT, received, policy, calendar).due
        late = "Waiting for the victim's details from the police" if contacted > due else ""
        await record_contact(
            actors[vlo],
            row["id"],
            ContactIn(
                on=contacted,
                method=ContactMethod.LETTER,
                outcome=ContactOutcome.SENT,
                late_reason=late,
            ),
            today,
        )
        if roll > 0.7:
            status, level = rng.choice(
                [
                    (ParticipationStatus.OPTED_IN, ParticipationLevel.KEY_STAGES),
                    (ParticipationStatus.OPTED_IN, ParticipationLevel.RELEASE_MONTH),
                    (ParticipationStatus.OPTED_IN, ParticipationLevel.ANNUAL),
                    (ParticipationStatus.OPTED_OUT, None),
                ]
            )
            await record_participation(
                actors[vlo],
                row["id"],
                ParticipationIn(status=status, on=contacted, level=level),
                today,
            )


async def _work_due_today(today: date) -> None:
    """Something due today on the first London VLO's start page, whatever the day: a call back
    the victim asked for, on their most urgent open case."""
    row = (
        await Case.select(Case.id, Case.unit)
        .where((Case.assigned_to.username == "vlo.lon1") & (Case.state == "open"))
        .order_by(Case.next_due)
        .first()
    )
    if row is not None:
        summary = "Ring the victim back: they asked what happens at the parole review"
        await add_task(
            row["id"], row["unit"], "call_back", f"demo:call_back:{row['id']}", summary, today
        )
