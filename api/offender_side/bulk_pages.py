"""A release-policy change moving the release dates of a class of sentences, on a page: the
national manager (or the administrator) describes the change, checks what it would do (the
offenders whose release dates move and the victims to tell, per unit) and only then applies
it. Nothing is applied until they confirm; the answers travel in the page's hidden fields."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.response import Template
from pydantic import ValidationError

from api.web.error_pages import status_of
from api.web.forms import FormErrors, domain_problems, form_values, read_date, schema_problems
from api.web.labels import LABELS
from api.web.params import AuthedRequest
from api.web.security import allow
from api.web.templating import page
from vcs.core.actors import Role
from vcs.core.errors import DomainError
from vcs.offender_side import national
from vcs.offender_side.schemas import BulkChangeIn

FIELDS = {
    "name": "a name for the change",
    "sentence_types": "the sentences it applies to",
    "release_fraction_from": "the release point now",
    "release_fraction_to": "the new release point",
    "effective_from": "the date it takes effect",
}
ORDER = ["name", "sentence_types", "release_fraction_from", "release_fraction_to"]


def _read(values: dict[str, str], errors: FormErrors) -> BulkChangeIn | None:
    """The change as the form describes it, or None with every problem in `errors`."""
    on = read_date(values, "effective_from", FIELDS["effective_from"], errors, required=True)
    types = [t for t in LABELS["sentence"] if values.get(f"type.{t}") == "yes"]
    raw: dict[str, Any] = {k: values.get(k, "").strip() or None for k in ORDER}
    try:
        data = BulkChangeIn.model_validate({**raw, "sentence_types": types, "effective_from": on})
    except ValidationError as exc:
        schema_problems(exc, FIELDS, errors, choices=frozenset({"sentence_types"}))
        return None
    return None if errors else data


class BulkChangePages(Controller):
    path = "/key-dates/bulk-changes"
    include_in_schema = False
    guards = [allow(Role.NATIONAL_MANAGER, Role.ADMIN, door=True)]

    @get("/")
    async def form(self) -> Template:
        """Describe a release-policy change."""
        return _form({}, FormErrors(), 200)

    @post("/")
    async def check_or_apply(self, request: AuthedRequest) -> Template:
        """Check what the change would do ("Continue"), go back to it ("Change"), or apply it
        once checked ("Confirm and apply")."""
        values = await form_values(request)
        action, errors = values.pop("action", "check"), FormErrors(frozenset({"effective_from"}))
        data = _read(values, errors)
        if data is None or action == "change":
            return _form(values, errors, 400 if errors else 200)
        today = request.app.state.today()
        try:
            if action != "confirm":
                shown = await national.preview_bulk_change(request.user, data, today, 50, 0)
                return page("key_dates/check_bulk_change.html", preview=shown, values=values)
            done = await national.apply_bulk_change(request.user, data, today)
        except DomainError as exc:
            domain_problems(exc, FIELDS, errors)
            return _form(values, errors, status_of(exc))
        return page("key_dates/bulk_change_done.html", done=done)


def _form(values: dict[str, str], errors: FormErrors, status: int) -> Template:
    return page(
        "key_dates/bulk_change.html",
        status,
        values=values,
        errors=errors.messages,
        error_list=errors.summary([*ORDER, "effective_from"]),
        sentence_types=LABELS["sentence"],
    )
