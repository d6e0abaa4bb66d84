"""Shapes of a Witness Care Unit's referral and of what the service answers."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from vcs.core.schemas import (
    Code,
    DeadlineOut,
    Email,
    Input,
    IsoDate,
    Label,
    LongText,
    Name,
    OptionalLine,
    Output,
    Phone,
    Postcode,
    ShortText,
    StrictBool,
    StrictInt,
)
from vcs.referrals.eligibility_rules import OffenceCategory, SentenceType

UnitCode = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z0-9][A-Z0-9-]{1,31}$")
]


class Relationship(StrEnum):
    """Who the person on the case is to the offence (DVCVA 2004 and the Victims' Code)."""

    DIRECT = "direct"
    BEREAVED_FAMILY = "bereaved_family"
    PARENT_GUARDIAN = "parent_guardian"
    REPRESENTATIVE = "representative"


class Language(StrEnum):
    EN = "en"
    CY = "cy"


class OffenderIn(Input):
    name: Name
    date_of_birth: IsoDate
    crn: (
        Annotated[
            str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Z][0-9]{6}$")
        ]
        | None
    ) = None
    prison_number: (
        Annotated[
            str,
            StringConstraints(
                strip_whitespace=True, to_upper=True, pattern=r"^[A-Z][0-9]{4}[A-Z]{2}$"
            ),
        ]
        | None
    ) = None
    pnc: (
        Annotated[
            str,
            StringConstraints(
                strip_whitespace=True, to_upper=True, pattern=r"^[0-9]{2,4}/[0-9]{1,7}[A-Z]$"
            ),
        ]
        | None
    ) = None


class OffenceIn(Input):
    description: ShortText
    category: OffenceCategory
    against_child: StrictBool = False
    code: Code = ""


class SentenceIn(Input):
    date: IsoDate
    court: Name
    type: SentenceType
    length_months: Annotated[StrictInt, Field(ge=0, le=1200)] | None = None


class AddressIn(Input):
    line1: Name
    line2: OptionalLine = ""
    town: Label
    postcode: Postcode


class VictimIn(Input):
    name: Name
    relationship: Relationship
    date_of_birth: IsoDate | None = None
    address: AddressIn | None = None
    email: Email | None = None
    phone: Phone | None = None
    language: Language = Language.EN


class ReferralCreate(Input):
    unit_code: UnitCode
    received_on: IsoDate | None = None
    offender: OffenderIn
    offences: Annotated[list[OffenceIn], Field(min_length=1, max_length=50)]
    sentence: SentenceIn
    victims: Annotated[list[VictimIn], Field(min_length=1, max_length=50)]
    discretionary_reason: LongText | None = None


class Eligibility(Output):
    status: str
    reasons: list[str]
    rules_version: str
    contact_route: str | None = None


class ReferralEligibility(Eligibility):
    outcome: str | None = Field(
        default=None,
        description='"signposted to the helpline" for a victim outside every scheme, once the '
        "Victims and Courts Act 2026 rule set is in force",
    )


class ReferralCaseOut(Output):
    id: int
    victim_id: int
    victim_name: str
    first_contact_deadline: DeadlineOut | None = None
    under_18: bool = Field(
        default=False, description="under 18 today: letters go to a parent or guardian"
    )


class ReferralOut(Output):
    """What a Witness Care officer sees: the referral and whether it was accepted."""

    id: int
    unit_code: str
    unit_name: str = Field(default="", description="The Victim Liaison Unit's name")
    referring_unit_code: str
    referring_unit_name: str = Field(default="", description="The referring unit's name")
    received_on: IsoDate
    offender_name: str
    sentence_date: IsoDate
    sentence_type: str
    eligibility: ReferralEligibility
    referral_deadline: DeadlineOut
    cases: list[ReferralCaseOut]


class ReferralSummary(Output):
    """One line of a unit's list of referrals: whether it was accepted, no victim's details."""

    id: int
    received_on: IsoDate
    offender_name: str
    sentence_date: IsoDate
    unit_code: str
    unit_name: str = Field(default="", description="The Victim Liaison Unit's name")
    referring_unit_code: str
    referring_unit_name: str = Field(default="", description="The referring unit's name")
    eligibility_status: str
    cases_opened: int
    referral_deadline: DeadlineOut


class UnitChoice(Output):
    """A Victim Liaison Unit a referral can be sent to."""

    code: str
    name: str
    region: str


class UnreferredSentence(Output):
    """An eligible sentence of a court's list with no referral yet: one to chase."""

    line: int = Field(description="The line of the list (the header is line 1)")
    defendant: str
    sentence_date: date
    court: str
    sentence_type: str
    referral_due: date = Field(description="10 working days after sentence (Victims' Code)")
    overdue: bool
    reasons: list[str]
    rules_version: str


class SentencingListOut(Output):
    sentences: int = Field(description="Sentences on the list")
    eligible: int = Field(description="Of them, eligible for the scheme")
    unreferred: int = Field(description="Of them, with no referral yet")
    items: list[UnreferredSentence]
