"""A VLO's pages for Victims' Code compliance on a case: the entitlements section of the case
page (each entitlement recorded as delivered or not, when, and the reason for a departure) and
the form to record one. The form calls the same use case as the API
(`vcs.casework.entitlements`) with the case version the VLO read. Victims and Prisoners Act
2024, s.5.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.response import Redirect, Template

from api.casework.step_form_pages import Action, Values
from api.casework.step_pages import CASEWORK, form_page, submit_form
from api.web.forms import FormErrors, read_date
from api.web.params import AuthedRequest, Id
from vcs.casework import entitlements
from vcs.casework.entitlements import DEPARTURE_WORDS, ENTITLEMENT_WORDS
from vcs.casework.schemas import Departure, EntitlementIn

LATEST = 50
BANNERS = {"entitlement": "The entitlement is recorded."}
LABELS = {
    "entitlement": "the entitlement",
    "delivered": "whether it was delivered",
    "on": "the date",
    "departure": "why it was not delivered",
    "notes": "notes",
}
OPTIONS = {
    "entitlement": list(ENTITLEMENT_WORDS.items()),
    "delivered": [("yes", "Yes"), ("no", "No")],
    "departure": list(DEPARTURE_WORDS.items()),
}


def _read(values: Values, errors: FormErrors) -> dict[str, Any]:
    """The posted fields as the use case's input. The reason a departure needs is checked here
    too, so every problem with the form is shown at once."""
    body: dict[str, Any] = {
        k: values[k].strip() for k in ("entitlement", "departure") if values.get(k, "").strip()
    }
    delivered = values.get("delivered", "")
    if delivered in ("yes", "no"):
        body["delivered"] = delivered == "yes"
    body["on"] = read_date(values, "on", LABELS["on"], errors, required=True)
    body["notes"] = values.get("notes", "")
    if delivered == "no" and "departure" not in body:
        errors.add("departure", "Select why the entitlement was not delivered")
    if body.get("departure") == Departure.OTHER.value and not body["notes"].strip():
        errors.add("notes", "Say what the other reason was")
    return body


async def _options() -> dict[str, Any]:
    return {"options": OPTIONS}


RECORD = Action(
    "casework/entitlement.html",
    EntitlementIn,
    LABELS,
    _read,
    entitlements.record_entitlement,
    "entitlement",
    choices=frozenset({"entitlement", "delivered", "departure"}),
    extra=_options,
)


async def entitlements_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case page's entitlements section: the records, oldest first."""
    found = await entitlements.list_entitlements(request.user, case_id, LATEST, 0)
    return {"entitlements": found.items, "entitlements_total": found.total}


class EntitlementPages(Controller):
    """The form to record an entitlement (the roles the API allows)."""

    path = "/cases/{case_id:int}/entitlements"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/new")
    async def new_entitlement(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to record whether an entitlement was delivered, when and why not."""
        return await form_page(request, case_id, RECORD)

    @post("/new")
    async def record_entitlement(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the entitlement; a departure needs its reason."""
        return await submit_form(request, case_id, RECORD)
