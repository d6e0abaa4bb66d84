"""Changing the victim's own details on a page: the form shows what is saved, the VLO changes
what has changed and says why; only the details that differ are changed. Like every form that
replaces what is saved, it carries the case version read, so a change someone else saved first
brings the form back (412) with what is saved now. The details travel in form posts only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.casework.nominee_pages import ADDRESS_PARTS, case_now, closed_page
from api.web.forms import (
    FormErrors,
    compact,
    form_values,
    optional,
    read_date,
    read_version,
    refusal,
    schema_problems,
    version_to_show,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.casework import victim_details
from vcs.casework.case_schemas import CaseDetail
from vcs.casework.victim_schemas import DETAIL_WORDS, VictimDetailsChange
from vcs.core.actors import Role
from vcs.core.errors import DomainError

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
BANNERS = {"details-changed": "The victim's details are changed."}
LABELS = {
    "name": "the victim's full name",
    "address.line1": "the first line of the address",
    "address.line2": "the second line of the address",
    "address.town": "the town or city",
    "address.postcode": "postcode, like E1 6AN",
    "phone": "phone number, like 07700 900123",
    "email": "email address, like name@example.com",
    "date_of_birth": "the date of birth",
    "language": "the language the victim wants",
    "reason": "why the details are changing",
    "details": "a change to the victim's details",
}
FIELDS = [*LABELS]
HEADING = "Change the victim's details"


def saved_values(case: CaseDetail) -> dict[str, str]:
    """The form's fields for the details saved now."""
    v = case.victim
    values = {"name": v.name, "phone": v.phone or "", "email": v.email or ""}
    values["language"] = v.language
    if v.address:
        values |= {f"address.{p}": getattr(v.address, p) or "" for p in ADDRESS_PARTS}
    if v.date_of_birth:
        born = v.date_of_birth
        values |= {
            "date_of_birth-day": str(born.day),
            "date_of_birth-month": str(born.month),
            "date_of_birth-year": str(born.year),
        }
    return values


def read_change(values: Mapping[str, str], errors: FormErrors) -> VictimDetailsChange | None:
    """The change the form describes (every field, so a blank one removes it), or None with
    every problem in `errors` at once."""
    version = read_version(values, errors, field_id("name"))
    born = read_date(values, "date_of_birth", "the date of birth", errors, required=False)
    address = compact({p: optional(values, f"address.{p}") for p in ADDRESS_PARTS})
    data: dict[str, Any] = {
        "name": optional(values, "name") or "",
        "address": address or None,
        "phone": optional(values, "phone"),
        "email": optional(values, "email"),
        "date_of_birth": born,
        "language": optional(values, "language"),
        "reason": optional(values, "reason") or "",
        "version": version,
    }
    try:
        change = VictimDetailsChange.model_validate(data)
    except ValidationError as exc:
        schema_problems(exc, LABELS, errors, frozenset({"language"}))
        return None
    return None if errors else change


async def _form(
    request: AuthedRequest,
    case_id: int,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
) -> Template:
    case = await case_now(request, case_id)
    if case.state == "closed":
        return closed_page(case, HEADING, status)
    if values is None:
        values = {**saved_values(case), "version": str(case.version)}
    else:
        values = {**values, "version": version_to_show(values, status, case.version)}
    return page(
        "casework/victim_details.html",
        status_code=status,
        case=case,
        heading=HEADING,
        values=values,
        errors=errors.messages if errors else {},
        error_list=errors.summary(["form", "version", *FIELDS]) if errors else None,
        stale=status == 412,
    )


async def details_history_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case page's list of changes to the victim's details (no values)."""
    history = await victim_details.victim_details_history(request.user, case_id, 50, 0)
    return {"details_history": history, "detail_words": DETAIL_WORDS}


class VictimDetailsPages(Controller):
    path = "/cases/{case_id:int}/victim-details"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/")
    async def details_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to change the victim's name, address, phone, email, date of birth and
        language, with the reason."""
        return await _form(request, case_id)

    @post("/")
    async def change_details(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Change the details that differ from what is saved."""
        values = await form_values(request)
        errors, status = FormErrors(date_fields=frozenset({"date_of_birth"})), 400
        change = read_change(values, errors)
        if change is not None:
            try:
                await victim_details.change_victim_details(
                    request.user, case_id, change, request.app.state.today()
                )
                return Redirect(f"/cases/{case_id}?done=details-changed", status_code=303)
            except DomainError as exc:
                status = refusal(exc, FIELDS, errors)
        return await _form(request, case_id, status, values, errors)
