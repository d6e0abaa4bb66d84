"""The forms for a case's steps (record a contact attempt, the victim's choice, close or reopen
the case, record that the victim has died): for each, its template, the questions it asks and
how the messages name them, how it reads the posted fields into the use case's input, and the
use case it calls. The pages that show and submit them are in `api.casework.step_pages`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from api.web.forms import FormErrors, read_date
from api.web.labels import label
from vcs.casework import contacts, participation
from vcs.casework import lifecycle as casework
from vcs.casework.schemas import (
    CloseIn,
    CloseReason,
    ContactIn,
    ContactMethod,
    ContactOutcome,
    ParticipationIn,
    ParticipationLevel,
    ParticipationStatus,
    ReopenIn,
    VictimDeathIn,
)
from vcs.core.actors import Actor
from vcs.core.schemas import Input
from vcs.referrals import intake as referrals

Values = Mapping[str, str]


def _options(choices: type[StrEnum], kind: str) -> list[tuple[str, str]]:
    """A form's radios: each stored code with its words (`api.web.labels`)."""
    return [(c.value, label(c.value, kind)) for c in choices]


OPTIONS = {
    "method": _options(ContactMethod, "contact_method"),
    "outcome": _options(ContactOutcome, "contact_outcome"),
    "status": _options(ParticipationStatus, "choice"),
    "level": _options(ParticipationLevel, "level"),
    "close_reason": _options(CloseReason, "close_reason"),
}
# A use case: most return the case's new version and state (`CaseChanged`), some the record.
Run = Callable[[Actor, int, Any, date], Awaitable[Any]]


@dataclass(frozen=True)
class Action:
    """One casework form: its template, how it reads the posted fields into the use case's
    input, the use case it calls, and the flag the case page shows afterwards."""

    template: str
    schema: type[Input]
    labels: dict[str, str]  # field name -> how the messages name it, in the form's order
    read: Callable[[Values, FormErrors], dict[str, Any]]
    run: Run
    done: str
    choices: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset({"on"})
    needs_open: bool = True  # closed cases are read-only until reopened
    extra: Callable[[], Awaitable[dict[str, Any]]] | None = field(default=None)


def _given(values: Values, *names: str) -> dict[str, str]:
    """The fields the person filled in (a radio left unchosen is left out, so it is "missing")."""
    return {n: values[n].strip() for n in names if values.get(n, "").strip()}


def _read_contact(values: Values, errors: FormErrors) -> dict[str, Any]:
    return {
        **_given(values, "method", "outcome"),
        "on": read_date(values, "on", LABELS_CONTACT["on"], errors, required=True),
        "follow_up": values.get("follow_up") == "yes",
        "notes": values.get("notes", ""),
        "late_reason": values.get("late_reason", ""),
    }


def _read_participation(values: Values, errors: FormErrors) -> dict[str, Any]:
    body: dict[str, Any] = {
        **_given(values, "status"),
        "on": read_date(values, "on", LABELS_PARTICIPATION["on"], errors, required=True),
        "reason": values.get("reason", ""),
    }
    # How much they want to hear belongs to opting in: it is asked inside that choice.
    if body.get("status") == ParticipationStatus.OPTED_IN.value:
        body.update(_given(values, "level"))
    return body


def _read_close(values: Values, errors: FormErrors) -> dict[str, Any]:
    body: dict[str, Any] = {
        **_given(values, "reason"),
        "on": read_date(values, "on", LABELS_CLOSE["on"], errors, required=True),
        "notes": values.get("notes", ""),
    }
    # The receiving unit belongs to a transfer: it is asked inside that choice.
    if body.get("reason") == CloseReason.TRANSFERRED.value:
        body.update(_given(values, "to_unit"))
    return body


def _read_reopen(values: Values, errors: FormErrors) -> dict[str, Any]:
    return {
        "reason": values.get("reason", ""),
        "on": read_date(values, "on", LABELS_REOPEN["on"], errors, required=True),
    }


def _read_death(values: Values, errors: FormErrors) -> dict[str, Any]:
    return {"on": read_date(values, "on", LABELS_DEATH["on"], errors, required=True)}


async def _units() -> dict[str, Any]:
    return {"units": await referrals.victim_liaison_units()}


LABELS_CONTACT = {
    "on": "the date of the attempt",
    "method": "how you tried to contact the victim",
    "outcome": "what happened",
    "follow_up": "whether this follows up an attempt with no reply",
    "late_reason": "why first contact is late",
    "notes": "notes",
}
LABELS_PARTICIPATION = {
    "status": "the victim's choice",
    "level": "how much the victim wants to hear",
    "on": "the date the victim told you",
    "reason": "what the victim said",
}
LABELS_CLOSE = {
    "reason": "why the case is closing",
    "to_unit": "the Victim Liaison Unit the case moves to",
    "on": "the date the case closes",
    "notes": "notes",
}
LABELS_REOPEN = {"reason": "why the case is reopening", "on": "the date the case reopens"}
LABELS_DEATH = {"on": "the date the victim died"}

CONTACT = Action(
    "casework/contact.html",
    ContactIn,
    LABELS_CONTACT,
    _read_contact,
    contacts.record_contact,
    "contact",
    choices=frozenset({"method", "outcome"}),
)
PARTICIPATION = Action(
    "casework/participation.html",
    ParticipationIn,
    LABELS_PARTICIPATION,
    _read_participation,
    participation.record_participation,
    "participation",
    choices=frozenset({"status", "level"}),
)
CLOSE = Action(
    "casework/close.html",
    CloseIn,
    LABELS_CLOSE,
    _read_close,
    casework.close,
    "closed",
    choices=frozenset({"reason", "to_unit"}),
    extra=_units,
)
REOPEN = Action(
    "casework/reopen.html",
    ReopenIn,
    LABELS_REOPEN,
    _read_reopen,
    casework.reopen,
    "reopened",
    needs_open=False,
)
DEATH = Action(
    "casework/victim_death.html",
    VictimDeathIn,
    LABELS_DEATH,
    _read_death,
    casework.record_victim_death,
    "victim_death",
)
