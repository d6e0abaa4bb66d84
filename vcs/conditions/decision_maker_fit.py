"""Whether the decision maker a request is forwarded to fits the offender's sentence.

The rules are data, in `vcs/conditions/data/decision_makers.toml`: for automatic release the
prison governor (or HMPPS Public Protection Casework Section for bespoke conditions) (Criminal
Justice Act 2003, ss.244 and 250); for life, IPP, extended and other parole cases the Parole
Board (Crime (Sentences) Act 1997, s.28; Criminal Justice Act 2003, s.246A); for restricted
patients the Mental Health Casework Section or the First-tier Tribunal (Mental Health) (Mental
Health Act 1983, ss.42 and 73). A forward to a decision maker that does not fit is refused,
naming `decision_maker`, unless the VLO records why it differs (a transfer, a recall review).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vcs.core.errors import InvalidInput

RULES_FILE = Path(__file__).with_name("data") / "decision_makers.toml"


@dataclass(frozen=True)
class FitRule:
    """One rule: the sentence types it covers and the decision makers that fit them."""

    name: str
    sentences: frozenset[str]
    decision_makers: frozenset[str]
    words: str
    source: str


def parse_rules(data: Mapping[str, object], known_makers: Sequence[str]) -> tuple[FitRule, ...]:
    """The rules from the file's TOML, checked: each names known decision makers, and no
    sentence type is in two rules."""
    raw = data.get("rule")
    if not isinstance(raw, list) or not raw:
        raise ValueError("The decision-maker rules file holds no [[rule]]")
    rules: list[FitRule] = []
    seen: set[str] = set()
    for entry in raw:
        rule = FitRule(
            name=str(entry["name"]),
            sentences=frozenset(str(s) for s in entry["sentences"]),
            decision_makers=frozenset(str(d) for d in entry["decision_makers"]),
            words=str(entry["words"]),
            source=str(entry["source"]),
        )
        unknown = rule.decision_makers - set(known_makers)
        if unknown:
            raise ValueError(f"Rule {rule.name!r} names unknown decision makers {sorted(unknown)}")
        if rule.sentences & seen:
            raise ValueError(f"Rule {rule.name!r} repeats sentence types of an earlier rule")
        seen |= rule.sentences
        rules.append(rule)
    return tuple(rules)


@cache
def loaded_rules() -> tuple[FitRule, ...]:
    from vcs.conditions.schemas import DecisionMaker

    with RULES_FILE.open("rb") as handle:
        return parse_rules(tomllib.load(handle), [d.value for d in DecisionMaker])


def rule_for(sentence_type: str, rules: Sequence[FitRule] | None = None) -> FitRule | None:
    """The rule covering a sentence type, or None when no rule does (any decision maker fits)."""
    for rule in loaded_rules() if rules is None else rules:
        if sentence_type in rule.sentences:
            return rule
    return None


def check_fit(
    sentence_type: str,
    decision_maker: str,
    reason: str | None,
    names: Mapping[str, str],
    rules: Sequence[FitRule] | None = None,
) -> str | None:
    """Refuse a decision maker that does not fit the sentence unless a reason is given.

    Returns None when it fits, or the words recorded on the case's timeline when the VLO gave a
    reason for a decision maker that differs. Raises `InvalidInput` on `decision_maker`
    otherwise (source: the rule's own, in the data file)."""
    rule = rule_for(sentence_type, rules)
    if rule is None or decision_maker in rule.decision_makers:
        return None
    chosen = names.get(decision_maker, "This decision maker")
    if reason and reason.strip():
        return (
            f"{chosen} is not the usual decision maker for {rule.words}. "
            f"Why it goes there: {reason.strip()}"
        )
    raise InvalidInput.on(
        "decision_maker",
        f"{chosen} does not decide this request: the offender serves {rule.words}. "
        "If it must go there (a transfer, a recall review), say why.",
    )
