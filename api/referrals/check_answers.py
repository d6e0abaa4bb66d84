"""The referral's "Check your answers" page: the answers in people's words, each with the form
field that changes it."""

from __future__ import annotations

from dataclasses import dataclass

from api.web.labels import label, long_date
from vcs.referrals.schemas import AddressIn, ReferralCreate, VictimIn

NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    field: str  # the form field that changes it
    change: str  # what "Change" changes, for screen readers


@dataclass(frozen=True)
class Section:
    heading: str
    answers: list[Answer]


def _address(address: AddressIn | None) -> str:
    if address is None:
        return NOT_GIVEN
    lines = (address.line1, address.line2, address.town, address.postcode)
    return "\n".join(line for line in lines if line)


def _victim(i: int, victim: VictimIn) -> Section:
    p = f"victims[{i}]."
    born = long_date(victim.date_of_birth) or NOT_GIVEN
    whose = f"victim {i + 1}'s" if i else "the victim's"
    rows = [
        ("Full name", victim.name, "name", "full name"),
        ("Who they are", label(victim.relationship.value, "relationship"), "relationship", ""),
        ("Date of birth", born, "date_of_birth", "date of birth"),
        ("Address", _address(victim.address), "address.line1", "address"),
        ("Email address", victim.email or NOT_GIVEN, "email", "email address"),
        ("Phone number", victim.phone or NOT_GIVEN, "phone", "phone number"),
        ("Language for letters", label(victim.language.value, "language"), "language", ""),
    ]
    return Section(
        f"Victim {i + 1}",
        [Answer(q, a, p + f, f"{whose} {what or q.lower()}") for q, a, f, what in rows],
    )


def sections(referral: ReferralCreate, unit_name: str) -> list[Section]:
    """Every answer of the referral, grouped as the form groups them."""
    o, s = referral.offender, referral.sentence
    months = f"{s.length_months} months" if s.length_months is not None else "Indeterminate"
    found = [
        Section(
            "Offender",
            [
                Answer("Victim Liaison Unit", unit_name, "unit_code", "the unit"),
                Answer("Full name", o.name, "offender.name", "the offender's name"),
                Answer(
                    "Date of birth",
                    long_date(o.date_of_birth),
                    "offender.date_of_birth",
                    "the offender's date of birth",
                ),
                Answer("CRN", o.crn or NOT_GIVEN, "offender.crn", "the CRN"),
                Answer(
                    "Prison number",
                    o.prison_number or NOT_GIVEN,
                    "offender.prison_number",
                    "the prison number",
                ),
                Answer("PNC number", o.pnc or NOT_GIVEN, "offender.pnc", "the PNC number"),
            ],
        ),
        Section(
            "Offences",
            [
                Answer(
                    f"Offence {i + 1}",
                    f"{offence.description} ({label(offence.category.value, 'category')})"
                    + ("\nAgainst a child" if offence.against_child else ""),
                    f"offences[{i}].description",
                    f"offence {i + 1}",
                )
                for i, offence in enumerate(referral.offences)
            ],
        ),
        Section(
            "Sentence",
            [
                Answer("Date of sentence", long_date(s.date), "sentence.date", "the sentence date"),
                Answer("Court", s.court, "sentence.court", "the court"),
                Answer("Type", label(s.type.value, "sentence"), "sentence.type", "the sentence"),
                Answer("Length", months, "sentence.length_months", "the sentence length"),
            ],
        ),
        *(_victim(i, v) for i, v in enumerate(referral.victims)),
    ]
    reason = referral.discretionary_reason or NOT_GIVEN
    found.append(
        Section(
            "Discretion",
            [Answer("Reason", reason, "discretionary_reason", "the reason for discretion")],
        )
    )
    return found
