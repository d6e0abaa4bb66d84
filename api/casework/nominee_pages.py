"""The nominated contact on a case: the person who receives information for the victim (add,
change, remove); and the page saying a closed case's choices cannot change, which the victim's
preferences (`api.casework.preference_pages`) show too.

These forms replace what is saved, so each carries the case version the VLO read: if someone
else changed the case meanwhile, nothing is saved and the form comes back (412) with what the
VLO typed, what is saved now, and the newer version, to check and save again. The contact's
details are the victim's side of the case: they travel in form posts only, never in addresses.
"""

from __future__ import annotations

from collections.abc import Mapping

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
from vcs.casework import case_file, participation
from vcs.casework.case_schemas import CaseDetail, NominatedContactOut
from vcs.casework.schemas import NominatedContactIn
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)

# The success banners on the case page, chosen by the `done` flag of the redirect.
BANNERS = {
    "nominee-saved": "The nominated contact is saved. Information now goes to them.",
    "nominee-removed": "The nominated contact is removed. Information goes to the victim again.",
}

NOMINEE_LABELS = {
    "kind": "who this person is",
    "name": "the nominated contact's full name",
    "relationship": "their relationship to the victim",
    "address.line1": "the first line of the address",
    "address.line2": "the second line of the address",
    "address.town": "the town or city",
    "address.postcode": "postcode, like E1 6AN",
    "email": "email address, like name@example.com",
    "phone": "phone number, like 07700 900123",
}
NOMINEE_FIELDS = list(NOMINEE_LABELS)
ADDRESS_PARTS = ("line1", "line2", "town", "postcode")


def nominee_values(contact: NominatedContactOut | None) -> dict[str, str]:
    """The form's fields for the saved contact (empty to add one)."""
    if contact is None:
        return {"kind": "nominee"}
    values = {
        "kind": contact.kind,
        "name": contact.name,
        "relationship": contact.relationship,
        "email": contact.email or "",
        "phone": contact.phone or "",
    }
    if contact.address:
        for part in ADDRESS_PARTS:
            values[f"address.{part}"] = getattr(contact.address, part) or ""
    return values


def read_nominee(values: Mapping[str, str], errors: FormErrors) -> NominatedContactIn | None:
    """The contact the form describes, or None with its problems added to `errors`."""
    version = read_version(values, errors, field_id(NOMINEE_FIELDS[0]))
    address = compact({p: optional(values, f"address.{p}") for p in ADDRESS_PARTS})
    data = compact(
        {
            "kind": optional(values, "kind"),
            "name": optional(values, "name"),
            "relationship": optional(values, "relationship"),
            "address": address or None,
            "email": optional(values, "email"),
            "phone": optional(values, "phone"),
            "version": version,
        }
    )
    try:
        contact = NominatedContactIn.model_validate(data)
    except ValidationError as exc:
        schema_problems(exc, NOMINEE_LABELS, errors, frozenset({"kind"}))
        return None
    return None if errors else contact


async def case_now(request: AuthedRequest, case_id: int) -> CaseDetail:
    """The case as it stands (the read of the victim's side is audited by the use case)."""
    return await case_file.get_case(request.user, case_id, request.app.state.today())


async def _nominee_page(
    request: AuthedRequest,
    case_id: int,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
) -> Template:
    case = await case_now(request, case_id)
    if case.state == "closed":
        heading = (
            "Change the nominated contact" if case.nominated_contact else "Add a nominated contact"
        )
        return closed_page(case, heading, status)
    if values is None:
        values = {**nominee_values(case.nominated_contact), "version": str(case.version)}
    else:
        values = {**values, "version": version_to_show(values, status, case.version)}
    return page(
        "choices/nominee.html",
        status_code=status,
        case=case,
        values=values,
        errors=errors.messages if errors else {},
        error_list=errors.summary(["form", "version", *NOMINEE_FIELDS]) if errors else None,
        stale=status == 412,
    )


def closed_page(case: CaseDetail, heading: str, status: int) -> Template:
    """A closed case's choices cannot change until it is reopened: say so, with no form."""
    return page(
        "choices/closed.html", status_code=409 if status >= 400 else 200, case=case, heading=heading
    )


async def _remove_page(
    request: AuthedRequest, case_id: int, status: int = 200, errors: FormErrors | None = None
) -> Template:
    case = await case_now(request, case_id)
    if case.nominated_contact is None:
        raise NotFound("This case has no nominated contact")
    if case.state == "closed":
        return closed_page(case, "Remove the nominated contact", status)
    return page(
        "choices/remove_nominee.html",
        status_code=status,
        case=case,
        errors=errors.messages if errors else {},
        error_list=errors.summary() if errors else None,
        stale=status == 412,
    )


class NomineePages(Controller):
    path = "/cases/{case_id:int}"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/nominated-contact")
    async def nominee_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to add or change the person who receives information for the victim."""
        return await _nominee_page(request, case_id)

    @post("/nominated-contact")
    async def save_nominee(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Add or replace the nominated contact."""
        values = await form_values(request)
        errors, status = FormErrors(), 400
        contact = read_nominee(values, errors)
        if contact is not None:
            try:
                await participation.set_nominated_contact(
                    request.user, case_id, contact, request.app.state.today()
                )
                return Redirect(f"/cases/{case_id}?done=nominee-saved", status_code=303)
            except DomainError as exc:
                status = refusal(exc, NOMINEE_FIELDS, errors)
        return await _nominee_page(request, case_id, status, values, errors)

    @get("/nominated-contact/remove")
    async def remove_nominee_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Ask the VLO to confirm removing the nominated contact."""
        return await _remove_page(request, case_id)

    @post("/nominated-contact/remove")
    async def remove_nominee(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Remove the nominated contact: information goes to the victim again."""
        values = await form_values(request)
        errors, status = FormErrors(), 400
        version = read_version(values, errors, field_id("remove"))
        if version is not None:
            try:
                await participation.remove_nominated_contact(
                    request.user, case_id, version, request.app.state.today()
                )
                return Redirect(f"/cases/{case_id}?done=nominee-removed", status_code=303)
            except DomainError as exc:
                status = refusal(exc, ["remove"], errors)
        return await _remove_page(request, case_id, status, errors)
