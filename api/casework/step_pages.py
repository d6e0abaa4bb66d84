"""A VLO's pages for a case's steps: record a contact attempt, the victim's choice (opt in or
out), close or reopen a case, and record that the victim has died; and the casework section of
the case page (the latest contact attempts and the history of the victim's choices). What each
form asks and which use case it calls is in `api.casework.step_form_pages`.

Each form calls the same use case as the API, with the case version the VLO read carried in a
hidden field: if someone else changed the case in between, nothing is saved and the form says so.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.casework.step_form_pages import (
    CLOSE,
    CONTACT,
    DEATH,
    OPTIONS,
    PARTICIPATION,
    REOPEN,
    Action,
    Values,
)
from api.web.forms import FormErrors, form_values, read_version, refusal, schema_problems
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.access.people import display_names
from vcs.casework import case_file, contacts, participation
from vcs.casework.case_schemas import CaseDetail
from vcs.core.actors import Role
from vcs.core.errors import DomainError

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


def _first_anchor(action: Action) -> str:
    first = next(iter(action.labels))
    return field_id(f"{first}-day" if first in action.dates else first)


async def form_page(
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
    case = await case_file.get_case(request.user, case_id, request.app.state.today())
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


async def submit_form(request: AuthedRequest, case_id: int, action: Action) -> Template | Redirect:
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
    return await form_page(request, case_id, action, status, values, errors, stale)


def _after(changed: Any, case_id: int, action: Action) -> str:
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
        return await form_page(request, case_id, CONTACT)

    @post("/contacts/new")
    async def add_contact(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record a contact attempt; the first real attempt meets the first-contact clock."""
        return await submit_form(request, case_id, CONTACT)

    @get("/participation/new")
    async def new_choice(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to record the victim opting in (with how much they want to hear) or out."""
        return await form_page(request, case_id, PARTICIPATION)

    @post("/participation/new")
    async def add_choice(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the victim's choice."""
        return await submit_form(request, case_id, PARTICIPATION)

    @get("/close")
    async def close_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Confirm closing the case, with a reason, or transferring it to another unit."""
        return await form_page(request, case_id, CLOSE)

    @post("/close")
    async def close(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Close (or transfer) the case."""
        return await submit_form(request, case_id, CLOSE)

    @get("/reopen")
    async def reopen_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Confirm reopening a closed case, with a reason."""
        return await form_page(request, case_id, REOPEN)

    @post("/reopen")
    async def reopen(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Reopen the case."""
        return await submit_form(request, case_id, REOPEN)

    @get("/victim-death")
    async def death_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Confirm recording that the victim has died."""
        return await form_page(request, case_id, DEATH)

    @post("/victim-death")
    async def record_death(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the victim's death: nothing can be addressed to them again."""
        return await submit_form(request, case_id, DEATH)


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
    people = await display_names(
        getattr(e, "recorded_by", None) for e in [*latest.items, *choices.items]
    )
    return {
        "casework": {
            "people": people,
            "contacts": list(reversed(latest.items)),
            "contacts_total": latest.total,
            "choices": list(reversed(choices.items)),
            "choices_total": choices.total,
            "can_act": actor.role in CASEWORK_ROLES,
        }
    }
