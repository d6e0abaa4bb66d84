"""One case in full: the victim, the offender and offences, the sentence, eligibility, the
victim's choices, the nominated contact and the clocks, and the case's timeline. A VLU reads
only its own unit's cases; every read of a victim's personal details is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from deadlines.ages import is_under_18
from vcs.casework.case_schemas import (
    AddressOut,
    CaseDetail,
    CaseEventOut,
    NominatedContactOut,
    OffenceOut,
    OffenderOut,
    SentenceOut,
    VictimDetails,
)
from vcs.casework.case_view import audited_read
from vcs.casework.schemas import PreferencesOut
from vcs.casework.tables import NominatedContact, Preference
from vcs.casework.timeline_words import worded
from vcs.casework.unit_scope import case_in_unit
from vcs.core import clocks
from vcs.core.actors import Actor
from vcs.core.db import page_total, read_transaction
from vcs.core.schemas import Page
from vcs.core.tables import Case, CaseEvent, Deadline, Victim
from vcs.core.tables import User as UserTable
from vcs.referrals.schemas import Eligibility
from vcs.referrals.tables import Offence

# What a case in full reads with the case, in one query (built once: Piccolo's joined columns
# are costly to build).
JOINED = (
    *Case.victim.all_columns(),
    *Case.offender.all_columns(),
    *Case.referral.all_columns(),
    *Case.referral.sentence.all_columns(),  # type: ignore[union-attr]
    Case.unit.code,
    Case.unit.name,
    Case.assigned_to.username,
    Case.assigned_to.display_name,
)


async def get_case(actor: Actor, case_id: int, today: date) -> CaseDetail:
    """One case in full, for its unit. Reading the victim's (and nominee's) details is audited."""
    async with read_transaction():
        detail = await _case_detail(actor, case_id, today)
    read = ["the victim's details"]
    if detail.nominated_contact is not None:
        read.append("the nominated contact's details")
    entry = ("read_victim_details", "victim", detail.victim.id, f"case {case_id}")
    await audited_read(actor, case_id, read, entry)
    return detail


async def _case_detail(actor: Actor, case_id: int, today: date) -> CaseDetail:
    case = await case_in_unit(actor, case_id)
    joined = await Case.select(*JOINED).where(Case.id == case_id).output(load_json=True).first()
    assert joined is not None
    victim, offender, referral = (_part(joined, k) for k in ("victim", "offender", "referral"))
    unit, assignee = _part(joined, "unit"), _part(joined, "assigned_to")
    offences = (
        await Offence.select().where(Offence.referral == case["referral"]).order_by(Offence.id)
    )
    clock_rows = await Deadline.select().where(Deadline.case == case_id).order_by(Deadline.id)
    if assignee["username"] is None:
        assignee = {}
    return CaseDetail(
        id=case_id,
        version=case["version"],
        state=case["state"],
        unit_code=unit["code"],  # the unit holding the case now (it may have been transferred)
        unit_name=unit["name"],
        referral_id=case["referral"],
        assigned_to=assignee["username"] if assignee else None,
        assigned_to_name=(assignee["display_name"] or assignee["username"]) if assignee else None,
        victim=_victim_details(victim, today),
        offender=OffenderOut(**offender),
        offences=[OffenceOut(**o) for o in offences],
        sentence=SentenceOut(
            date=referral["sentence.sentenced_on"],
            court=referral["sentence.court"],
            type=referral["sentence.type"],
            length_months=referral["sentence.length_months"],
        ),
        eligibility=Eligibility(
            status=referral["eligibility_status"],
            reasons=referral["eligibility_reasons"],
            rules_version=referral["rules_version"],
            contact_route=referral["contact_route"],
        ),
        participation=case["participation"],
        participation_level=case["participation_level"],
        closed_on=case["closed_on"],
        close_reason=case["close_reason"],
        nominated_contact=await nominated_contact_of(case_id),
        preferences=await preferences_of(case, victim["language"]),
        deadlines=[clocks.deadline_out(d, today) for d in clock_rows],
    )


def _part(row: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The columns of one joined table (`victim.name` -> `name`)."""
    dot = prefix + "."
    return {k.removeprefix(dot): v for k, v in row.items() if k.startswith(dot)}


async def preferences_of(case: dict[str, Any], language: str | None = None) -> PreferencesOut:
    """How the victim wants to hear from us: as recorded, or the defaults (post, in the
    language given at referral, read here unless given)."""
    row = (
        await Preference.select()
        .where(Preference.case == case["id"])
        .output(load_json=True)
        .first()
    )
    if row:
        return PreferencesOut(**row)
    if language is None:
        victim = await Victim.select(Victim.language).where(Victim.id == case["victim"]).first()
        language = victim["language"] if victim else "en"
    return PreferencesOut(
        channels=["post"],
        language=language,
        large_print=False,
        easy_read=False,
        interpreter_language="",
        safe_times_to_call="",
        no_post_to_home=False,
    )


async def preferences_of_cases(cases: list[dict[str, Any]]) -> dict[int, PreferencesOut]:
    """`preferences_of` for many cases at once (a bulk change's messages): two queries."""
    ids = [c["id"] for c in cases]
    saved = {
        r["case"]: r
        for r in await Preference.select()
        .where(Preference.case.is_in(ids or [0]))
        .output(load_json=True)
    }
    victims = [c["victim"] for c in cases if c["id"] not in saved]
    languages = {
        r["id"]: r["language"]
        for r in await Victim.select(Victim.id, Victim.language).where(
            Victim.id.is_in(victims or [0])
        )
    }
    found = {}
    for case in cases:
        row = saved.get(case["id"])
        found[case["id"]] = (
            PreferencesOut(**row)
            if row
            else PreferencesOut(
                channels=["post"],
                language=languages.get(case["victim"], "en"),
                large_print=False,
                easy_read=False,
                interpreter_language="",
                safe_times_to_call="",
                no_post_to_home=False,
            )
        )
    return found


async def nominated_contact_of(case_id: int) -> NominatedContactOut | None:
    row = await NominatedContact.select().where(NominatedContact.case == case_id).first()
    if row is None:
        return None
    address = None
    if row["address_line1"]:
        address = AddressOut(
            line1=row["address_line1"],
            line2=row["address_line2"],
            town=row["town"],
            postcode=row["postcode"],
        )
    return NominatedContactOut(
        kind=row["kind"],
        name=row["name"],
        relationship=row["relationship"],
        address=address,
        email=row["email"] or None,
        phone=row["phone"] or None,
    )


def _victim_details(v: dict[str, Any], today: date) -> VictimDetails:
    address = None
    if v["address_line1"]:
        address = AddressOut(
            line1=v["address_line1"],
            line2=v["address_line2"],
            town=v["town"],
            postcode=v["postcode"],
        )
    return VictimDetails(
        id=v["id"],
        name=v["name"],
        relationship=v["relationship"],
        date_of_birth=v["date_of_birth"],
        address=address,
        email=v["email"] or None,
        phone=v["phone"] or None,
        language=v["language"],
        deceased_on=v["deceased_on"],
        under_18=is_under_18(v["date_of_birth"], today),
    )


async def case_timeline(actor: Actor, case_id: int, limit: int, offset: int) -> Page[CaseEventOut]:
    """Every event on the case, oldest first."""
    async with read_transaction():
        return await _timeline(actor, case_id, limit, offset)


async def _timeline(actor: Actor, case_id: int, limit: int, offset: int) -> Page[CaseEventOut]:
    await case_in_unit(actor, case_id)
    rows = await (
        CaseEvent.select()
        .where(CaseEvent.case == case_id)
        .order_by(CaseEvent.id)
        .limit(limit)
        .offset(offset)
        .output(load_json=True)
    )
    total = await page_total(
        len(rows), limit, offset, CaseEvent.count().where(CaseEvent.case == case_id)
    )
    names = await _display_names({r["actor"] for r in rows})
    said = await worded(rows)
    items = [
        CaseEventOut(**{**r, "summary": summary}, actor_name=names.get(r["actor"], r["actor"]))
        for r, summary in zip(rows, said, strict=True)
    ]
    return Page[CaseEventOut](items=items, total=total, limit=limit, offset=offset)


async def _display_names(usernames: set[str]) -> dict[str, str]:
    """The display name of each user named, for the timeline's "by" (people, not accounts)."""
    if not usernames:
        return {}
    rows = await UserTable.select(UserTable.username, UserTable.display_name).where(
        UserTable.username.is_in(list(usernames))
    )
    return {r["username"]: r["display_name"] or r["username"] for r in rows}
