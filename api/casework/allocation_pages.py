"""Allocating a case: the VLU manager chooses one of the unit's Victim Liaison Officers (or
moves the case to another); a VLO may take an unallocated case for themselves, as in the API.
The case page links here for whoever may allocate the case, with the banner once it is done.

The form carries the case version read, so two managers allocating at once cannot silently
overwrite each other: the second sees what is saved now and chooses again (412).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.forms import (
    FormErrors,
    compact,
    form_values,
    optional,
    read_version,
    refusal,
    schema_problems,
    version_to_show,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.access import admin
from vcs.access.schemas import UserSummary
from vcs.casework import case_file
from vcs.casework import lifecycle as casework
from vcs.casework.caseloads import open_cases_by_officer
from vcs.casework.schemas import AllocationIn
from vcs.core.actors import Role
from vcs.core.errors import DomainError

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
LABELS = {"vlo": "a Victim Liaison Officer"}
# The success banner on the case page, chosen by the `done` flag of the redirect.
BANNERS = {"allocated": "The case is allocated."}


async def allocation_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """What the case page's allocation link (in its participation section) needs: whether the
    reader manages the unit, and who they are."""
    return {
        "choices_manager": request.user.role is Role.VLU_MANAGER,
        "choices_me": request.user.username,
    }


def officer_name(officer: UserSummary) -> str:
    """How an officer is named on the pages: their display name, else their username."""
    return officer.display_name or officer.username


def open_cases(count: int) -> str:
    """An officer's caseload in words: "no open cases", "1 open case", "12 open cases"."""
    if count == 0:
        return "no open cases"
    return f"{count} open case{'' if count == 1 else 's'}"


async def _allocation_page(
    request: AuthedRequest,
    case_id: int,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
) -> Template:
    case = await case_file.get_case(request.user, case_id, request.app.state.today())
    officers = await admin.unit_officers(request.user)
    manager = request.user.role is Role.VLU_MANAGER
    if values is None:
        back = "caseload" if request.query_params.get("back") == "caseload" else ""
        values = {"vlo": case.assigned_to or "", "version": str(case.version), "back": back}
    else:
        values = {**values, "version": version_to_show(values, status, case.version)}
    names = {o.username: officer_name(o) for o in officers}
    caseloads = await open_cases_by_officer(request.user)
    context: dict[str, Any] = {
        "case": case,
        "manager": manager,
        # A VLO may only take an unallocated case, for themselves.
        "may_take": not manager and case.assigned_to is None,
        "options": [
            (o.username, f"{officer_name(o)} ({open_cases(caseloads.get(o.username, 0))})")
            for o in officers
        ],
        "current": names.get(case.assigned_to or "", case.assigned_to),
        "me": request.user.username,
    }
    return page(
        "allocation/allocate.html",
        status_code=status,
        values=values,
        errors=errors.messages if errors else {},
        error_list=errors.summary(["form", "version", "vlo"]) if errors else None,
        stale=status == 412,
        **context,
    )


class AllocationPages(Controller):
    path = "/cases/{case_id:int}/allocation"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/")
    async def allocation_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Choose the VLO who works the case (a VLO sees only "take this case")."""
        return await _allocation_page(request, case_id)

    @post("/")
    async def allocate(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Allocate or reallocate the case to a VLO of the unit."""
        values = await form_values(request)
        errors, status = FormErrors(), 400
        version = read_version(values, errors, field_id("vlo"))
        chosen = optional(values, "vlo")
        data: AllocationIn | None = None
        try:
            data = AllocationIn.model_validate(compact({"vlo": chosen, "version": version}))
        except ValidationError as exc:
            schema_problems(exc, LABELS, errors, frozenset({"vlo"}))
        if data is not None and not errors:
            try:
                await casework.allocate(request.user, case_id, data, request.app.state.today())
                if values.get("back") == "caseload":  # allocating the queue, case after case
                    return Redirect("/cases?assigned_to=-&done=allocated", status_code=303)
                return Redirect(f"/cases/{case_id}?done=allocated", status_code=303)
            except DomainError as exc:
                status = refusal(exc, ["vlo"], errors)
        return await _allocation_page(request, case_id, status, values, errors)
