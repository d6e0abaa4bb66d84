"""The dated eligibility rule sets, as data: the offence categories and sentence types the law
speaks of, each version of the rules with the date it came into force, and the choice of the
version in force on a day.

Source: the Domestic Violence, Crime and Victims Act 2004, ss.35-45. The rule sets are read from
`vcs/referrals/data/rule_sets.toml`: a later Act that changes the tests (Victims and Prisoners
Act 2024; Victims and Courts Act 2026) is a new rule set in that file, not new code;
`vcs.referrals.eligibility` applies whichever is in force. The Victims and Courts Act 2026's
Schedule 6A to the 2004 Act is a rule set with an offence schedule (a CSV file of offence codes,
descriptions, parts and sentence thresholds) and a helpline for victims outside the scheme; its
commencement date comes from configuration (`VCS_SCHEDULE_6A_FROM`) and it is off until set.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
RULE_SETS_FILE = DATA / "rule_sets.toml"
CONFIGURED = "configured"


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
class ScheduledOffence:
    """One offence of a schedule: it qualifies with a sentence of `threshold_months` or more,
    or with any sentence when the threshold is None."""

    code: str
    description: str
    part: str
    threshold_months: int | None


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
    offence_schedule: tuple[ScheduledOffence, ...] = ()
    helpline: bool = False  # a victim outside every scheme is signposted to the helpline

    def scheduled(self, code: str) -> ScheduledOffence | None:
        wanted = code.strip().upper()
        return next((o for o in self.offence_schedule if o.code.upper() == wanted), None)

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


def read_schedule(path: Path) -> tuple[ScheduledOffence, ...]:
    """An offence schedule from its CSV file (code, description, part, threshold_months)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    offences = []
    for row in rows:
        threshold = (row.get("threshold_months") or "").strip()
        offences.append(
            ScheduledOffence(
                code=row["code"].strip(),
                description=row["description"].strip(),
                part=row["part"].strip(),
                threshold_months=int(threshold) if threshold else None,
            )
        )
    codes = [o.code.upper() for o in offences]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{path.name} lists an offence code twice")
    return tuple(offences)


def parse_rule_sets(
    data: Mapping[str, Any], configured_from: date | None, folder: Path = DATA
) -> tuple[RuleSet, ...]:
    """The rule sets of the file's TOML. A rule set whose date is "configured" is left out
    until `configured_from` is given (off until set)."""
    found = []
    for entry in data["rule_set"]:
        start = entry["in_force_from"]
        if start == CONFIGURED:
            if configured_from is None:
                continue
            start = configured_from
        if not isinstance(start, date):
            raise ValueError(f"Rule set {entry['version']}: in_force_from must be a date")
        schedule = entry.get("offence_schedule")
        found.append(
            RuleSet(
                version=str(entry["version"]),
                in_force_from=start,
                threshold_months=int(entry.get("threshold_months", 12)),
                legal_source=str(entry["legal_source"]),
                offence_schedule=read_schedule(folder / schedule) if schedule else (),
                helpline=bool(entry.get("helpline", False)),
            )
        )
    return tuple(found)


@cache
def load_rule_sets(configured_from: date | None) -> tuple[RuleSet, ...]:
    with RULE_SETS_FILE.open("rb") as handle:
        return parse_rule_sets(tomllib.load(handle), configured_from)


def current_rule_sets() -> tuple[RuleSet, ...]:
    """The rule sets as configured now (`VCS_SCHEDULE_6A_FROM`)."""
    from vcs.core import config

    return load_rule_sets(config.settings.schedule_6a_from)


RULE_SETS: tuple[RuleSet, ...] = load_rule_sets(None)


def rule_set_for(on: date, *, rule_sets: Sequence[RuleSet] | None = None) -> RuleSet:
    """Return the rule set in force on `on`: the latest whose `in_force_from` is on or before it.

    Source: the Domestic Violence, Crime and Victims Act 2004, ss.35-45, as in force on that date.
    A date before the first rule set gets the first one: the Act's tests (a sexual, violent or
    terrorism offence and a relevant sentence) applied before that date too, and offenders sentenced
    earlier still serve their sentences, so their victims are decided by the earliest rules we
    hold rather than refused.
    """
    if rule_sets is None:
        rule_sets = current_rule_sets()
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
