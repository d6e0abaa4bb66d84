"""The effects table (`effects.toml`): what an HMPPS event does here, kept as data that can be
read and corrected without a change of code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from vcs.events.schemas import HmppsEvent

TABLE = Path(__file__).with_name("effects.toml")


class Effect(StrEnum):
    RELEASE = "release"
    TEMPORARY_RELEASE = "temporary_release"
    RECALL = "recall"
    HOSPITAL_TRANSFER = "hospital_transfer"
    RETURN_TO_CUSTODY = "return_to_custody"
    KEY_DATES_CHANGED = "key_dates_changed"
    MAPPA_REGISTRATION = "mappa_registration"
    NONE = "none"


# A victim not yet contacted must not learn of these from anyone else: the VLO gets an urgent task.
URGENT = frozenset({Effect.RELEASE, Effect.TEMPORARY_RELEASE, Effect.RECALL})


@dataclass(frozen=True)
class Rule:
    event_type: str
    effect: Effect
    choice: str
    when: dict[str, frozenset[str]] = field(default_factory=dict)

    def fits(self, event: HmppsEvent) -> bool:
        return event.event_type == self.event_type and all(
            (event.info(name) or "") in values for name, values in self.when.items()
        )


@cache
def rules() -> tuple[Rule, ...]:
    """The table, in order; a mistake in it stops the service starting rather than misleading."""
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    return tuple(
        Rule(
            event_type=entry["event_type"],
            effect=Effect(entry["effect"]),
            choice=entry["choice"],
            when={k: frozenset(v) for k, v in entry.get("when", {}).items()},
        )
        for entry in data["effect"]
    )


def known(event_type: str) -> bool:
    """Whether the table names this event type at all."""
    return any(r.event_type == event_type for r in rules())


def effect_of(event: HmppsEvent) -> Effect:
    """The first rule fitting the event decides; an event no rule fits changes nothing."""
    for rule in rules():
        if rule.fits(event):
            return rule.effect
    return Effect.NONE
