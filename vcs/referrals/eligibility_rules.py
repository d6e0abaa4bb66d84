"""The dated eligibility rule sets, as data: the offence categories and sentence types the law
speaks of, each version of the rules with the date it came into force, and the choice of the
version in force on a day.

Source: the Domestic Violence, Crime and Victims Act 2004, ss.35-45. A later Act that changes the
tests (Victims and Prisoners Act 2024; Victims and Courts Act 2026) is a new `RuleSet` in
`RULE_SETS`, not new code; `vcs.referrals.eligibility` applies whichever is in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class OffenceCategory(StrEnum):
    MURDER = "murder"
    VIOLENT = "violent"
    SEXUAL = "sexual"
    TERRORISM = "terrorism"
    OTHER = "other"


class SentenceType(StrEnum):
    IMPRISONMENT = "imprisonment"
    YOUTH_DETENTION = "youth_detention"
    DTO = "dto"
    HMP = "hmp"
    LIFE = "life"
    IPP = "ipp"
    EXTENDED = "extended"
    HOSPITAL_ORDER = "hospital_order"
    HOSPITAL_ORDER_RESTRICTED = "hospital_order_restricted"
    HOSPITAL_DIRECTION = "hospital_direction"
    SUSPENDED = "suspended"
    COMMUNITY = "community"
    OTHER = "other"


_DVCVA_2004_CATEGORIES = frozenset(
    {
        OffenceCategory.MURDER,
        OffenceCategory.VIOLENT,
        OffenceCategory.SEXUAL,
        OffenceCategory.TERRORISM,
    }
)
_DVCVA_2004_THRESHOLD_SENTENCES = frozenset(
    {SentenceType.IMPRISONMENT, SentenceType.YOUTH_DETENTION, SentenceType.DTO}
)
_DVCVA_2004_ALWAYS_RELEVANT = frozenset(
    {
        SentenceType.HMP,
        SentenceType.LIFE,
        SentenceType.IPP,
        SentenceType.EXTENDED,
        SentenceType.HOSPITAL_ORDER,
        SentenceType.HOSPITAL_ORDER_RESTRICTED,
        SentenceType.HOSPITAL_DIRECTION,
    }
)


@dataclass(frozen=True)
class RuleSet:
    """One dated version of the eligibility rules.

    `qualifying_categories`: offence categories that are a sexual, violent or terrorism offence.
    `offences_against_children_qualify`: any offence against a child qualifies.
    `threshold_sentences`: relevant only when `threshold_months` long or longer.
    `always_relevant_sentences`: relevant whatever their length.
    `hospital_managers_sentences`: relevant, but the hospital managers give the victim information,
    not a Victim Liaison Officer.
    """

    version: str
    in_force_from: date
    threshold_months: int = 12
    qualifying_categories: frozenset[OffenceCategory] = _DVCVA_2004_CATEGORIES
    offences_against_children_qualify: bool = True
    threshold_sentences: frozenset[SentenceType] = _DVCVA_2004_THRESHOLD_SENTENCES
    always_relevant_sentences: frozenset[SentenceType] = _DVCVA_2004_ALWAYS_RELEVANT
    hospital_managers_sentences: frozenset[SentenceType] = frozenset({SentenceType.HOSPITAL_ORDER})
    legal_source: str = "the Domestic Violence, Crime and Victims Act 2004, ss.35-45"

    def __post_init__(self) -> None:
        if self.threshold_months < 0:
            raise ValueError(f"Rule set {self.version}: the threshold cannot be negative")
        if self.threshold_sentences & self.always_relevant_sentences:
            raise ValueError(
                f"Rule set {self.version}: a sentence type cannot both need the threshold "
                "and be always relevant"
            )
        if not self.hospital_managers_sentences <= (
            self.threshold_sentences | self.always_relevant_sentences
        ):
            raise ValueError(
                f"Rule set {self.version}: a hospital managers sentence must be a relevant sentence"
            )


RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(version="dvcva-2004/2021-04-01", in_force_from=date(2021, 4, 1)),
)


def rule_set_for(on: date, *, rule_sets: Sequence[RuleSet] = RULE_SETS) -> RuleSet:
    """Return the rule set in force on `on`: the latest whose `in_force_from` is on or before it.

    Source: the Domestic Violence, Crime and Victims Act 2004, ss.35-45, as in force on that date.
    A date before the first rule set gets the first one: the Act's tests (a sexual, violent or
    terrorism offence and a relevant sentence) applied before that date too, and offenders sentenced
    earlier still serve their sentences, so their victims are decided by the earliest rules we
    hold rather than refused.
    """
    if not rule_sets:
        raise ValueError("No eligibility rule sets are configured")
    dates = [rule_set.in_force_from for rule_set in rule_sets]
    if len(set(dates)) != len(dates):
        raise ValueError("Two eligibility rule sets come into force on the same date")
    ordered = sorted(rule_sets, key=lambda rule_set: rule_set.in_force_from)
    chosen = ordered[0]
    for rule_set in ordered:
        if rule_set.in_force_from <= on:
            chosen = rule_set
    return chosen
