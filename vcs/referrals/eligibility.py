"""Eligibility for the Victim Contact Scheme: the decision, and its reasons in words a victim
can read.

The law is the Domestic Violence, Crime and Victims Act 2004, ss.35-45: statutory contact is owed
when the offender is convicted of a sexual, violent or terrorism offence and receives a relevant
sentence. The rules are data (dated `RuleSet`s, in `vcs.referrals.eligibility_rules`), so a later
Act that changes them (Victims and Prisoners Act 2024; Victims and Courts Act 2026) is a new
`RuleSet`, not new code. `decide_eligibility` is a pure function of the facts and the rule sets;
every decision records the version of the rule set it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vcs.referrals.eligibility_rules import (
    OffenceCategory,
    RuleSet,
    SentenceType,
    rule_set_for,
)

HELPLINE_OUTCOME = "signposted to the helpline"


class EligibilityStatus(StrEnum):
    STATUTORY = "statutory"
    DISCRETIONARY = "discretionary"
    INELIGIBLE = "ineligible"


class ContactRoute(StrEnum):
    """Who gives the victim information."""

    VLO = "vlo"
    HOSPITAL_MANAGERS = "hospital_managers"


@dataclass(frozen=True)
class OffenceFacts:
    category: OffenceCategory
    against_child: bool = False
    description: str = ""
    code: str = ""


@dataclass(frozen=True)
class SentenceFacts:
    type: SentenceType
    sentenced_on: date
    length_months: int | None = None


@dataclass(frozen=True)
class EligibilityDecision:
    status: EligibilityStatus
    reasons: tuple[str, ...]
    rules_version: str
    route: ContactRoute | None
    # "signposted to the helpline" when the victim falls outside every scheme and the rule set
    # gives them the helpline; else None. Stored on the referral as its outcome.
    outcome: str | None = None


_CATEGORY_FINDINGS: dict[OffenceCategory, str] = {
    OffenceCategory.MURDER: "is a violent offence under the Act",
    OffenceCategory.VIOLENT: (
        "is a violent offence under the Act (Criminal Justice Act 2003, Schedule 15, Part 1)"
    ),
    OffenceCategory.SEXUAL: (
        "is a sexual offence under the Act (Criminal Justice Act 2003, Schedule 15, Part 2, "
        "or an offence that brings sex-offender notification)"
    ),
    OffenceCategory.TERRORISM: (
        "is a terrorism offence under the Act (Criminal Justice Act 2003, Schedule 15, Part 3)"
    ),
}

_SENTENCE_NAMES: dict[SentenceType, str] = {
    SentenceType.IMPRISONMENT: "Imprisonment",
    SentenceType.YOUTH_DETENTION: "Youth detention",
    SentenceType.DTO: "A detention and training order",
    SentenceType.HMP: "Detention at His Majesty's pleasure",
    SentenceType.LIFE: "A life sentence",
    SentenceType.IPP: "Imprisonment for public protection",
    SentenceType.EXTENDED: "An extended sentence",
    SentenceType.HOSPITAL_ORDER: "A hospital order without a restriction order",
    SentenceType.HOSPITAL_ORDER_RESTRICTED: "A hospital order with a restriction order",
    SentenceType.HOSPITAL_DIRECTION: "A hospital direction with a limitation direction",
    SentenceType.SUSPENDED: "A suspended sentence",
    SentenceType.COMMUNITY: "A community sentence",
    SentenceType.OTHER: "A sentence of this type",
}

_HOSPITAL_SENTENCES = frozenset(
    {
        SentenceType.HOSPITAL_ORDER,
        SentenceType.HOSPITAL_ORDER_RESTRICTED,
        SentenceType.HOSPITAL_DIRECTION,
    }
)


def _offence_name(offence: OffenceFacts, position: int, count: int) -> str:
    if offence.description.strip():
        return offence.description.strip()
    if offence.category is OffenceCategory.MURDER:
        return "Murder"
    return "The offence" if count == 1 else f"Offence {position}"


def _offence_findings(offences: Sequence[OffenceFacts], rules: RuleSet) -> tuple[str, ...]:
    """Why each qualifying offence qualifies; empty when none does."""
    findings: list[str] = []
    for position, offence in enumerate(offences, start=1):
        name = _offence_name(offence, position, len(offences))
        if offence.category in rules.qualifying_categories:
            finding = _CATEGORY_FINDINGS.get(
                offence.category, "is a qualifying offence under the Act"
            )
            findings.append(f"{name} {finding}")
        elif offence.against_child and rules.offences_against_children_qualify:
            findings.append(f"{name} was committed against a child, so it qualifies under the Act")
    return tuple(findings)


def _no_qualifying_offence(offences: Sequence[OffenceFacts]) -> str:
    names = [_offence_name(o, i, len(offences)) for i, o in enumerate(offences, start=1)]
    if len(names) == 1:
        subject = f"{names[0]} is not"
    else:
        subject = f"none of the offences ({'; '.join(names)}) is"
    return (
        f"No qualifying offence: {subject} a sexual, violent or terrorism offence under the Act "
        "or an offence against a child"
    )


def _sentence_finding(sentence: SentenceFacts, rules: RuleSet) -> tuple[bool, str]:
    """Whether the sentence is a relevant sentence, and why, in words a victim can read."""
    name = _SENTENCE_NAMES[sentence.type]
    threshold = rules.threshold_months
    if sentence.type in rules.threshold_sentences:
        months = sentence.length_months
        if months is None:
            return False, (
                f"{name}: the sentence length was not given, "
                f"so the {threshold}-month threshold cannot be confirmed"
            )
        length = f"{name} for {months} month{'' if months == 1 else 's'}"
        if months >= threshold:
            return True, f"{length} meets the {threshold}-month threshold"
        return False, (
            f"{length} is below the {threshold}-month threshold, "
            "so it is not a relevant sentence under the Act"
        )
    if sentence.type in rules.always_relevant_sentences:
        finding = f"{name} is a relevant sentence under the Act"
        if sentence.type in rules.hospital_managers_sentences:
            return True, (
                f"{finding}: the hospital managers, not a Victim Liaison Officer, "
                "give the victim information"
            )
        if sentence.type in _HOSPITAL_SENTENCES:
            return True, f"{finding}: a Victim Liaison Officer is assigned"
        return True, f"{finding}, whatever its length"
    return False, f"{name} is not a relevant sentence under the Act"


def _schedule_findings(
    offences: Sequence[OffenceFacts], sentence: SentenceFacts, rules: RuleSet
) -> tuple[str, ...]:
    """Offences in the rule set's offence schedule (Schedule 6A to the 2004 Act, inserted by the
    Victims and Courts Act 2026) that qualify with this sentence: above the offence's threshold,
    or with any sentence when it has none."""
    findings: list[str] = []
    relevant = rules.threshold_sentences | rules.always_relevant_sentences
    for position, offence in enumerate(offences, start=1):
        entry = rules.scheduled(offence.code) if offence.code else None
        if entry is None:
            continue
        name = _offence_name(offence, position, len(offences))
        where = f"{name} is in Schedule 6A, {entry.part} ({entry.description})"
        if entry.threshold_months is None:
            findings.append(f"{where}, which qualifies whatever the sentence")
        elif sentence.type in rules.always_relevant_sentences or (
            sentence.type in relevant
            and sentence.length_months is not None
            and sentence.length_months >= entry.threshold_months
        ):
            findings.append(
                f"{where}, which qualifies with a sentence of {entry.threshold_months} months "
                "or more"
            )
    return tuple(findings)


def decide_eligibility(
    offences: Sequence[OffenceFacts],
    sentence: SentenceFacts,
    discretionary_reason: str | None = None,
    *,
    rule_sets: Sequence[RuleSet] | None = None,
) -> EligibilityDecision:
    """Decide whether a victim is owed contact under the Victim Contact Scheme.

    Source: the Domestic Violence, Crime and Victims Act 2004, ss.35-45 (as in the rule set in force
    on the sentence date). Statutory when at least one offence is a sexual, violent or terrorism
    offence (murder; Criminal Justice Act 2003 Schedule 15 Parts 1-3; sex-offender notification; an
    offence against a child) and the sentence is a relevant sentence. Otherwise discretionary when
    the Victim Liaison Unit gives a reason to take the case on, else ineligible. A statutory
    decision ignores any discretionary reason. Raises ValueError for no offences or a negative
    sentence length (the caller validates first).

    Under a rule set with an offence schedule (Schedule 6A, Victims and Courts Act 2026) an
    offence in the schedule qualifies on its own terms; under a rule set with the helpline, a
    victim outside every scheme is signposted to it (the decision's `outcome`).
    """
    if not offences:
        raise ValueError("At least one offence is needed to decide eligibility")
    if sentence.length_months is not None and sentence.length_months < 0:
        raise ValueError("The sentence length cannot be negative")

    rules = rule_set_for(sentence.sentenced_on, rule_sets=rule_sets)
    offence_findings = _offence_findings(offences, rules)
    relevant, sentence_finding = _sentence_finding(sentence, rules)

    if offence_findings and relevant:
        route = (
            ContactRoute.HOSPITAL_MANAGERS
            if sentence.type in rules.hospital_managers_sentences
            else ContactRoute.VLO
        )
        conclusion = (
            "The offence and the sentence both qualify, so statutory contact is owed under "
            f"{rules.legal_source}"
        )
        reasons = (*offence_findings, sentence_finding, conclusion)
        return EligibilityDecision(EligibilityStatus.STATUTORY, reasons, rules.version, route)

    scheduled = _schedule_findings(offences, sentence, rules)
    if scheduled:
        conclusion = (
            f"The offence qualifies under Schedule 6A, so statutory contact is owed under "
            f"{rules.legal_source}"
        )
        reasons = (*scheduled, sentence_finding, conclusion)
        return EligibilityDecision(
            EligibilityStatus.STATUTORY, reasons, rules.version, ContactRoute.VLO
        )

    # Both halves are stated, so the reader sees what held as well as what is missing.
    findings = (*(offence_findings or (_no_qualifying_offence(offences),)), sentence_finding)
    missing = [] if offence_findings else ["no qualifying offence"]
    missing += [] if relevant else ["no relevant sentence"]
    gaps = " and ".join(missing)

    reason = (discretionary_reason or "").strip()
    if reason:
        reasons = (
            *findings,
            f"Not eligible for statutory contact: {gaps}",
            f"Taken on at the Victim Liaison Unit's discretion: {reason}",
            "A victim taken on at discretion may not be entitled to make a Victim Personal "
            "Statement",
        )
        return EligibilityDecision(
            EligibilityStatus.DISCRETIONARY, reasons, rules.version, ContactRoute.VLO
        )
    reasons = (*findings, f"Not eligible for the Victim Contact Scheme: {gaps}")
    outcome = HELPLINE_OUTCOME if rules.helpline else None
    return EligibilityDecision(EligibilityStatus.INELIGIBLE, reasons, rules.version, None, outcome)
