"""Invented people for the synthetic data: first and last names, streets, towns and offences,
and the demo's referrals drawn from them at random.

Every person here is invented. Phone numbers come from Ofcom's ranges reserved for drama
(07700 900xxx), emails from example.com, so nothing can reach a real person.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from vcs.referrals.eligibility_rules import OffenceCategory, SentenceType
from vcs.referrals.schemas import (
    AddressIn,
    Language,
    OffenceIn,
    OffenderIn,
    ReferralCreate,
    Relationship,
    SentenceIn,
    VictimIn,
)

FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Dylan",
    "Efa",
    "Farah",
    "George",
    "Hana",
    "Iwan",
    "Jade",
    "Kofi",
    "Lena",
    "Mo",
    "Nia",
    "Owen",
    "Pavel",
    "Queenie",
    "Rosa",
    "Seren",
    "Tariq",
    "Uma",
    "Vik",
    "Wren",
    "Yusuf",
    "Zara",
]
LAST = [
    "Ashdown",
    "Brackley",
    "Carrow",
    "Dunmore",
    "Elswick",
    "Fenwick",
    "Garth",
    "Hollins",
    "Ingham",
    "Jarrow",
    "Kelby",
    "Lowther",
    "Marden",
    "Nettle",
    "Orrell",
    "Pendle",
    "Quarry",
    "Rendle",
    "Stainby",
    "Thorne",
]
STREETS = [
    "Mill Lane",
    "Station Road",
    "Church Street",
    "Park Avenue",
    "Heol y Parc",
    "Queens Road",
]
TOWNS = [("London", "E"), ("Cardiff", "CF"), ("Newcastle", "NE"), ("Swansea", "SA")]
OFFENCES = [
    ("Murder", OffenceCategory.MURDER),
    ("Wounding with intent (s.18)", OffenceCategory.VIOLENT),
    ("Rape", OffenceCategory.SEXUAL),
    ("Robbery", OffenceCategory.VIOLENT),
    ("Stalking involving fear of violence", OffenceCategory.VIOLENT),
    ("Controlling or coercive behaviour", OffenceCategory.OTHER),
    ("Preparation of terrorist acts", OffenceCategory.TERRORISM),
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _victim(rng: random.Random, relationship: Relationship, today: date) -> VictimIn:
    town, area = rng.choice(TOWNS)
    return VictimIn(
        name=_person(rng),
        relationship=relationship,
        date_of_birth=today - timedelta(days=rng.randint(19 * 365, 80 * 365)),
        address=AddressIn(
            line1=f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
            town=town,
            postcode=f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}"
            f"{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
        ),
        email=f"victim{rng.randint(1000, 9999)}@example.com" if rng.random() < 0.6 else None,
        phone=f"07700 900{rng.randint(0, 999):03d}",
        language=Language.CY if area in ("CF", "SA") and rng.random() < 0.4 else Language.EN,
    )


def referral(rng: random.Random, unit: str, today: date, number: int) -> ReferralCreate:
    # Received dates walk back through the last 46 days so that first-contact clocks land in every
    # state (pending, due soon, overdue); sentence-to-referral gaps include some late referrals.
    received = today - timedelta(days=(2 * number) % 46 + (2 * number) // 46 % 2)
    sentenced = received - timedelta(days=rng.choice([1, 3, 6, 9, 12, 16, 22]))
    description, category = rng.choice(OFFENCES)
    kind = rng.choices(
        [
            SentenceType.IMPRISONMENT,
            SentenceType.LIFE,
            SentenceType.EXTENDED,
            SentenceType.HOSPITAL_ORDER_RESTRICTED,
            SentenceType.SUSPENDED,
        ],
        weights=[70, 8, 8, 4, 10],
    )[0]
    relationship = (
        Relationship.BEREAVED_FAMILY if category is OffenceCategory.MURDER else Relationship.DIRECT
    )
    return ReferralCreate(
        unit_code=unit,
        received_on=received,
        offender=OffenderIn(
            name=_person(rng),
            date_of_birth=sentenced - timedelta(days=rng.randint(18 * 365, 60 * 365)),
            crn=f"X{rng.randint(100000, 999999)}",
        ),
        offences=[OffenceIn(description=description, category=category)],
        sentence=SentenceIn(
            date=sentenced,
            court=f"{rng.choice(['Cardiff', 'Snaresbrook', 'Newcastle'])} Crown Court",
            type=kind,
            length_months=rng.choice([8, 14, 24, 36, 60, 96]),
        ),
        victims=[_victim(rng, relationship, today) for _ in range(rng.choice([1, 1, 1, 2, 3]))],
        discretionary_reason="Domestic abuse: the victim is at continuing risk"
        if category is OffenceCategory.OTHER
        else None,
    )
