"""A VLO's casework pages: record a contact attempt, the victim's choice (opt in or out), close
or reopen a case, and record that the victim has died; and the casework section of the case page
(the latest contact attempts and the history of the victim's choices).

Each form calls the same use case as the API, with the case version the VLO read carried in a
hidden field: if someone else changed the case in between, nothing is saved and the form says so.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from litestar import Controller, get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.forms import FormErrors, form_values, read_date, read_version, refusal, schema_problems
from api.web.labels import label
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.casework import cases, contacts, participation
from vcs.casework import lifecycle as casework
from vcs.casework.case_schemas import CaseDetail
from vcs.casework.schemas import (
    CaseChanged,
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
from vcs.core.actors import Actor, Role
from vcs.core.errors import DomainError
from vcs.core.schemas import Input
from vcs.referrals import intake as referrals

# The roles the API's casework routes allow: the same guard here.
CASEWORK_ROLES = (Role.VLO, Role.VLU_MANAGER)
CASEWORK = allow(*CASEWORK_ROLES)
LATEST_CONTACTS = 10
MAX_CHOICES = 100

# The success banner for each `done` flag on the case page: the words are chosen here, never
# taken from the address.
BANNERS = {
    "contact": "The contact attempt is recorded.",
    "participation": "The victim's choice is recorded.",
    "closed": "The case is closed.",
    "reopened": "The case is reopened.",
    "victim_death": "The victim's death is recorded.",
}
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
Run = Callable[[Actor, int, Any, date], Awaitable[CaseChanged]]


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


def _first_anchor(action: Action) -> str:
    first = next(iter(action.labels))
    return field_id(f"{first}-day" if first in action.dates else first)


async def _form_page(
    request: AuthedRequest,
    case_id: int,
    action: Action,
    status_code: int = 200,
    values: Values | None = None,
    errors: FormErrors | None = None,
    stale: bool = False,
) -> Template:
    """The form, empty or as posted with its problems. After a stale save the version is the
    case's current one, so that saving again (after checking) is a deliberate act."""
    case = await cases.get_case(request.user, case_id, request.app.state.today())
    shown = dict(values or {})
    if stale or "version" not in shown:
        shown["version"] = str(case.version)
    first_contact = next(
        (d for d in case.deadlines if d.clock == "first_contact" and d.met_on is None), None
    )
    closed = action.needs_open and case.state == "closed"
    unavailable = _unavailable(action, case)
    if closed or unavailable:
        errors = None  # the form is not shown: the page says why instead
    context: dict[str, Any] = {
        "case": case,
        "values": shown,
        "errors": errors.messages if errors else {},
        "error_list": errors.summary(action.labels) if errors else [],
        "closed": closed,
        "unavailable": unavailable,
        "first_contact": first_contact,
        "stale": stale,
        "options": OPTIONS,
    }
    if action.extra:
        context.update(await action.extra())
    return page(action.template, status_code=status_code, **context)


def _unavailable(action: Action, case: CaseDetail) -> str | None:
    """Why this form cannot be used on the case as it stands, if it cannot."""
    if action is REOPEN and case.state != "closed":
        return "This case is open: there is nothing to reopen."
    if action is DEATH and case.victim.deceased_on:
        return "The victim's death is already recorded on this case."
    return None


async def _submit(request: AuthedRequest, case_id: int, action: Action) -> Template | Redirect:
    """Read the posted form, call the use case, and go back to the case; or show the problems
    (nothing is saved when there are any)."""
    values = await form_values(request)
    errors, status, stale = FormErrors(date_fields=action.dates), 400, False
    body = action.read(values, errors)
    body["version"] = read_version(values, errors, _first_anchor(action))
    try:
        data = action.schema.model_validate(body)
    except ValidationError as exc:
        schema_problems(exc, action.labels, errors, action.choices)
    else:
        if not errors:
            try:
                changed = await action.run(request.user, case_id, data, request.app.state.today())
            except DomainError as exc:
                status = refusal(exc, list(action.labels), errors, _first_anchor(action))
                stale = status == 412
            else:
                return Redirect(_after(changed, case_id, action), status_code=303)
    return await _form_page(request, case_id, action, status, values, errors, stale)


def _after(changed: CaseChanged, case_id: int, action: Action) -> str:
    """Where to go once saved: the case with its banner; the caseload after a transfer (the
    case now belongs to another unit)."""
    if action is CLOSE and changed.state != "closed":
        return "/cases?done=transferred"
    return f"/cases/{case_id}?done={action.done}"


class CaseworkPages(Controller):
    path = "/cases/{case_id:int}"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/contacts/new")
    async def new_contact(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to record a contact attempt (or an internal note)."""
        return await _form_page(request, case_id, CONTACT)

    @post("/contacts/new")
    async def add_contact(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record a contact attempt; the first real attempt meets the first-contact clock."""
        return await _submit(request, case_id, CONTACT)

    @get("/participation/new")
    async def new_choice(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to record the victim opting in (with how much they want to hear) or out."""
        return await _form_page(request, case_id, PARTICIPATION)

    @post("/participation/new")
    async def add_choice(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the victim's choice."""
        return await _submit(request, case_id, PARTICIPATION)

    @get("/close")
    async def close_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Confirm closing the case, with a reason, or transferring it to another unit."""
        return await _form_page(request, case_id, CLOSE)

    @post("/close")
    async def close(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Close (or transfer) the case."""
        return await _submit(request, case_id, CLOSE)

    @get("/reopen")
    async def reopen_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Confirm reopening a closed case, with a reason."""
        return await _form_page(request, case_id, REOPEN)

    @post("/reopen")
    async def reopen(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Reopen the case."""
        return await _submit(request, case_id, REOPEN)

    @get("/victim-death")
    async def death_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Confirm recording that the victim has died."""
        return await _form_page(request, case_id, DEATH)

    @post("/victim-death")
    async def record_death(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the victim's death: nothing can be addressed to them again."""
        return await _submit(request, case_id, DEATH)


async def casework_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case page's casework section: the latest contact attempts (most recent first), the
    victim's choices (most recent first), what the signed-in person may do, and the banner for
    what was just saved."""
    actor = request.user
    latest = await contacts.list_contacts(actor, case_id, LATEST_CONTACTS, 0)
    if latest.total > LATEST_CONTACTS:
        latest = await contacts.list_contacts(
            actor, case_id, LATEST_CONTACTS, latest.total - LATEST_CONTACTS
        )
    choices = await participation.participation_history(actor, case_id, MAX_CHOICES, 0)
    if choices.total > MAX_CHOICES:
        choices = await participation.participation_history(
            actor, case_id, MAX_CHOICES, choices.total - MAX_CHOICES
        )
    return {
        "casework": {
            "contacts": list(reversed(latest.items)),
            "contacts_total": latest.total,
            "choices": list(reversed(choices.items)),
            "choices_total": choices.total,
            "can_act": actor.role in CASEWORK_ROLES,
        }
    }
