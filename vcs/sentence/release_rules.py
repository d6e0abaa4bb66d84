"""The Sentencing Act 2026's recall and release-point rules, read from
`vcs/sentence/data/recall_and_progression.toml`.

- A 56-day fixed-term recall (Sentencing Act 2026, amending the Criminal Justice Act 2003,
  ss.255A-255C) is a key stage with its re-release date: the recall date plus the days in the
  file.
- The progression model's release point (one third, or one half for the sentences it names,
  amending the Criminal Justice Act 2003, s.244) is a set of bulk date changes like the 40% one
  (`vcs.sentence.bulk_changes`), one per move in the file, each over the sentence types the model
  covers; the sentences it excludes are listed with the reason, in words.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from vcs.core.words import long_date, release_point
from vcs.sentence.schemas import ExcludedSentences, ProgressionChange, ProgressionModelOut

RULES_FILE = Path(__file__).with_name("data") / "recall_and_progression.toml"


@dataclass(frozen=True)
class Move:
    fraction_from: Decimal
    fraction_to: Decimal
    words: str


@dataclass(frozen=True)
class Exclusion:
    sentence_types: tuple[str, ...]
    words: str


@dataclass(frozen=True)
class ReleaseRules:
    recall_days: int
    recall_source: str
    model_name: str
    model_source: str
    sentence_types: tuple[str, ...]
    moves: tuple[Move, ...]
    excluded: tuple[Exclusion, ...]


def parse_rules(data: Mapping[str, Any]) -> ReleaseRules:
    """The rules from the file's TOML, checked: a positive recall, fractions in (0, 1], and no
    sentence type both moved and excluded."""
    recall, model = data["fixed_term_recall"], data["progression_model"]
    days = int(recall["days"])
    if days < 1:
        raise ValueError("The fixed-term recall must be one day or more")
    moves = tuple(
        Move(Decimal(m["from"]), Decimal(m["to"]), str(m["words"])) for m in model["moves"]
    )
    for move in moves:
        if not (0 < move.fraction_to <= 1 and 0 < move.fraction_from <= 1):
            raise ValueError(f"A release point must be a share of the sentence: {move.words}")
    excluded = tuple(
        Exclusion(tuple(e["sentence_types"]), str(e["words"])) for e in model.get("excluded", [])
    )
    types = tuple(model["sentence_types"])
    if {t for e in excluded for t in e.sentence_types} & set(types):
        raise ValueError("A sentence type cannot be both moved and excluded")
    return ReleaseRules(
        days,
        str(recall["source"]),
        str(model["name"]),
        str(model["source"]),
        types,
        moves,
        excluded,
    )


@cache
def loaded_rules() -> ReleaseRules:
    with RULES_FILE.open("rb") as handle:
        return parse_rules(tomllib.load(handle))


def re_release_on(recalled_on: date, rules: ReleaseRules | None = None) -> date:
    """The automatic re-release date of a fixed-term recall: the recall date plus the days the
    rules set (56 under the Sentencing Act 2026)."""
    return recalled_on + timedelta(days=(rules or loaded_rules()).recall_days)


def progression_model(effective_from: date) -> ProgressionModelOut:
    """The progression model's moves as bulk date changes taking effect on `effective_from`
    (source: the file's, the Sentencing Act 2026), with the sentences it excludes."""
    rules = loaded_rules()
    changes = [
        ProgressionChange(
            # As people say it, and short enough to be a change's name (100 characters at most).
            name=f"{rules.model_name} from {long_date(effective_from)}: "
            f"{_point(m.fraction_from)} to {_point(m.fraction_to)}",
            sentence_types=list(rules.sentence_types),
            release_fraction_from=m.fraction_from,
            release_fraction_to=m.fraction_to,
            effective_from=effective_from,
            words=m.words,
        )
        for m in rules.moves
    ]
    excluded = [
        ExcludedSentences(sentence_types=list(e.sentence_types), words=e.words)
        for e in rules.excluded
    ]
    return ProgressionModelOut(
        name=rules.model_name, source=rules.model_source, changes=changes, excluded=excluded
    )


def _point(share: Decimal) -> str:
    """A release point in a change's name: "two-thirds point", without the article."""
    return release_point(share).removeprefix("the ")
