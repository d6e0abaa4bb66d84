"""The Victim Liaison Officer's pages for a victim's licence-condition requests: the case page's
section listing them, and the form that drafts one (or changes a draft), with an exclusion zone
read from a GeoJSON file. The request's own page and its steps are in
`api.conditions.pages`.

A victim's request goes straight to the decision maker: these pages only draft it; nothing here
can stop it being forwarded.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.conditions.zone_file import MAX_ZONE_BYTES, read_zone
from api.web.error_pages import status_of
from api.web.forms import (
    CONFIRM,
    FormErrors,
    asks_confirmation,
    confirmed,
    domain_problems,
    form_values,
    read_date,
    read_version,
    schema_problems,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.conditions import requests as conditions
from vcs.conditions.catalogue import CATALOGUE, NEEDED_FOR, given_wording
from vcs.conditions.schemas import (
    ConditionRequestCreate,
    ConditionRequestOut,
    ConditionRequestUpdate,
)
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied

VLO = allow(Role.VLO)
# The case page's success banner after a step of this area (see api.casework.caseload_pages).
BANNERS = {"condition-deleted": "The draft request is deleted."}
FIELDS = [
    "type",
    "details",
    "justification",
    "names",
    "premises",
    "wording",
    "zone",
    "needed_by",
    "needed_for",
]
LABELS = {
    "type": "the type of condition",
    "details": "the victim's request in their own words",
    "justification": "why the victim asks for it",
    "names": "the names",
    "premises": "the premises, addresses or roads",
    "wording": "the wording of the bespoke condition or the name of the event",
    "needed_for": "what the condition is needed for",
    "zone": "the exclusion zone file",
}
CHOICES = frozenset({"type", "needed_for"})


async def conditions_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case's licence-condition requests, for its section of the case page."""
    found = await conditions.list_case_requests(
        request.user, case_id, request.app.state.today(), 100, 0
    )
    return {
        "condition_requests": found,
        "can_request_conditions": request.user.role is Role.VLO,
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


async def read_form(
    request: AuthedRequest, errors: FormErrors
) -> tuple[dict[str, str], dict[str, Any], bool]:
    """The posted form's text fields, the request they describe, and whether a zone file came."""
    values = await form_values(request)
    upload = (await request.form()).get("zone")
    body: dict[str, Any] = {
        "details": values.get("details", ""),
        "justification": values.get("justification", ""),
        "names": _lines(values.get("names", "")),
        "premises": _lines(values.get("premises", "")),
        "wording": values.get("wording", "").strip() or None,
        "needed_by": read_date(values, "needed_by", "the date", errors, required=False),
        "needed_for": values.get("needed_for") or "release",
        CONFIRM: confirmed(values),
    }
    if values.get("type"):
        body["type"] = values["type"]
    has_file = isinstance(upload, UploadFile) and bool(upload.filename)
    if has_file:
        assert isinstance(upload, UploadFile)
        body["zone"] = await read_zone(upload, errors)
    return values, body, has_file


def _field_of(path: str) -> str:
    """The form field a schema or use-case path belongs to: `names[2]` -> `names`."""
    return path.split("[", 1)[0].split(".", 1)[0] or "form"


def add_problems(exc: ValidationError | DomainError, errors: FormErrors) -> None:
    """The schema's or the use case's problems on the form's fields, in plain words."""
    if isinstance(exc, ValidationError):
        found = FormErrors()
        schema_problems(exc, LABELS, found, CHOICES)
        for path, message in found.messages.items():
            field = _field_of(path)
            line = path[len(field) :].strip("[]")
            where = f" (line {int(line) + 1})" if line.isdigit() else ""
            errors.add(field, message + where)
        return
    problems = exc.problems
    for problem in problems:
        if problem.field.startswith("zone."):
            where = problem.field.removeprefix("zone.")
            errors.add("zone", f"The exclusion zone file is not usable: {where} {problem.message}")
        elif _field_of(problem.field) in FIELDS:
            errors.add(_field_of(problem.field), problem.message)
    if not errors:
        domain_problems(exc, FIELDS, errors)


def _form(
    values: dict[str, str], errors: FormErrors, status_code: int = 200, **context: Any
) -> Template:
    return page(
        "conditions/form.html",
        status_code=status_code,
        values=values,
        errors=errors.messages,
        error_list=errors.summary(FIELDS),
        types=[(code, kind.title) for code, kind in CATALOGUE.items()],
        needed_for=list(NEEDED_FOR.items()),
        **context,
    )


def _draft_values(r: ConditionRequestOut) -> dict[str, str]:
    """A draft's fields as the form shows them."""
    values = {
        "type": r.type,
        "details": r.details,
        "justification": r.justification,
        "names": "\n".join(r.names),
        "premises": "\n".join(r.premises),
        "wording": given_wording(r.type, r.wording) or "",
        "needed_for": r.needed_for,
        "version": str(r.version),
    }
    if r.needed_by:
        for part in ("day", "month", "year"):
            values[f"needed_by-{part}"] = str(getattr(r.needed_by, part))
    return values


def _changes(body: dict[str, Any], has_file: bool) -> dict[str, Any]:
    """The whole draft as the form gives it; the zone kept unless a new file came or the new
    type takes none."""
    changes = {**body, "needed_by": body.get("needed_by")}
    kind = CATALOGUE.get(str(body.get("type")))
    if not has_file and (kind is None or kind.needs == "zone"):
        changes.pop("zone", None)
    elif not has_file:
        changes["zone"] = None
    return changes


async def _draft(request: AuthedRequest, request_id: int) -> ConditionRequestOut:
    found = await conditions.get_request(request.user, request_id, request.app.state.today())
    if not isinstance(found, ConditionRequestOut):
        raise PermissionDenied("Only the case's Victim Liaison Unit can change a request")
    return found


class ConditionFormPages(Controller):
    path = "/"
    include_in_schema = False
    guards = [VLO]

    @get("/cases/{case_id:int}/condition-requests/new")
    async def new(self, request: AuthedRequest, case_id: Id) -> Template:
        """An empty form for a victim's licence-condition request."""
        await conditions.list_case_requests(request.user, case_id, request.app.state.today(), 1, 0)
        return _form({"needed_for": "release"}, FormErrors(), case_id=case_id)

    @post("/cases/{case_id:int}/condition-requests/new", request_max_body_size=2 * MAX_ZONE_BYTES)
    async def create(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Draft the request; its page shows it, ready to forward to the decision maker."""
        errors = FormErrors(frozenset({"needed_by"}))
        values, body, has_file = await read_form(request, errors)
        status, asked = 400, False
        try:
            data = ConditionRequestCreate.model_validate(body)
            if not errors:
                today = request.app.state.today()
                made = await conditions.create_request(request.user, case_id, data, today)
                return Redirect(f"/condition-requests/{made.id}?done=created", status_code=303)
        except ValidationError as exc:
            add_problems(exc, errors)
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            add_problems(exc, errors)
            status = status_of(exc)
            asked = asks_confirmation(exc)
        return _form(
            values, errors, status, case_id=case_id, chose_file=has_file, confirm_asked=asked
        )

    @get("/condition-requests/{request_id:int}/edit")
    async def edit(self, request: AuthedRequest, request_id: Id) -> Template:
        """The draft in the form, to change it."""
        draft = await _draft(request, request_id)
        return _form(_draft_values(draft), FormErrors(), draft=draft, case_id=draft.case_id)

    @post("/condition-requests/{request_id:int}/edit", request_max_body_size=2 * MAX_ZONE_BYTES)
    async def change(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """Save the changed draft; a draft someone else changed first is shown again (412)."""
        draft = await _draft(request, request_id)
        errors = FormErrors(frozenset({"needed_by"}))
        values, body, has_file = await read_form(request, errors)
        status, asked = 400, False
        try:
            changes = _changes(body, has_file)
            version = read_version(values, errors, field_id("type"))
            data = ConditionRequestUpdate.model_validate({**changes, "version": version})
            if not errors:
                today = request.app.state.today()
                await conditions.update_request(request.user, request_id, data, today)
                return Redirect(f"/condition-requests/{request_id}?done=changed", status_code=303)
        except ValidationError as exc:
            add_problems(exc, errors)
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            status = status_of(exc)
            if status == 412:
                errors.add(
                    "form",
                    "Someone else changed this request after you opened it. Check the request "
                    "as it is now, then check your changes and save again.",
                    "type",
                )
                draft = await _draft(request, request_id)
                values["version"] = str(draft.version)
            else:
                add_problems(exc, errors)
                asked = asks_confirmation(exc)
        return _form(
            values,
            errors,
            status,
            draft=draft,
            case_id=draft.case_id,
            chose_file=has_file,
            confirm_asked=asked,
        )
