"""The sentence's release, parole-eligibility and licence-end dates on a page: the VLO or VLU
manager records them for an offender of one of the unit's cases, and the case page shows them.
Every change is kept, with who made it, by `vcs.sentence.key_dates` (through the offender side's
door); the form carries the version read, so two people saving at once cannot lose a change."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.forms import (
    FormErrors,
    form_values,
    read_date,
    read_version,
    refusal,
    schema_problems,
    version_to_show,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.casework import unit_scope
from vcs.core.actors import Role
from vcs.core.errors import DomainError
from vcs.core.schemas import MAX_ID
from vcs.offender_side import sentence
from vcs.offender_side.assignment import naming_choices
from vcs.offender_side.schemas import KeyDatesIn, KeyDatesOut

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
CaseId = Annotated[int | None, QueryParameter(name="case", ge=1, le=MAX_ID)]
# The dates this page records, in the order of the form, with their words.
SHOWN = {
    "release_date": "the release date",
    "parole_eligibility": "the parole eligibility date",
    "licence_expiry": "the date the licence ends",
}
BANNERS = {
    "key_dates": "The release and licence dates are saved.",
    "offender_manager": "The offender manager is named.",  # from api.offender_side.naming_pages
}


async def key_dates_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case page's release and licence dates, and, for a VLU manager, the offender's
    offender manager."""
    case = await unit_scope.case_in_unit(request.user, case_id)
    dates = await sentence.get_key_dates(request.user, case["offender"], 1, 0)
    context: dict[str, Any] = {"key_dates": dates, "offender_id": case["offender"]}
    if request.user.role is Role.VLU_MANAGER:
        context["naming"] = await naming_choices(request.user, case["offender"])
    return context


def _values(dates: KeyDatesOut) -> dict[str, str]:
    values = {"version": str(dates.version)}
    for name in SHOWN:
        day: date | None = getattr(dates, name)
        if day is not None:
            values.update({f"{name}-day": str(day.day), f"{name}-month": str(day.month)})
            values[f"{name}-year"] = str(day.year)
    return values


async def _form(
    request: AuthedRequest, offender_id: int, case_id: int | None, status: int = 200, **kw: Any
) -> Template:
    dates = await sentence.get_key_dates(request.user, offender_id, 0, 0)
    values = kw.pop("values", None) or _values(dates)
    values["version"] = version_to_show(values, status, dates.version)
    return page(
        "sentence/key_dates.html",
        status_code=status,
        dates=dates,
        case_id=case_id,
        values=values,
        errors=kw.pop("errors", {}),
        **kw,
    )


def _posted(values: dict[str, str], now: KeyDatesOut, errors: FormErrors) -> dict[str, Any]:
    """The dates posted, over the sentence's other key dates as they stand (kept unchanged)."""
    data: dict[str, Any] = now.model_dump(
        include={"tariff_expiry", "sentence_expiry", "conditional_discharge"}
    )
    for name, words in SHOWN.items():
        data[name] = read_date(values, name, words, errors, required=False)
    if data["release_date"] is not None:
        data.update(release_kind=now.release_kind, release_fraction=now.release_fraction)
    data["version"] = read_version(values, errors, field_id("release_date-day"))
    return data


class KeyDatePages(Controller):
    path = "/offenders/{offender_id:int}/key-dates"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/")
    async def show(self, request: AuthedRequest, offender_id: Id, case: CaseId = None) -> Template:
        """The form with the dates recorded now."""
        return await _form(request, offender_id, case)

    @post("/")
    async def save(
        self, request: AuthedRequest, offender_id: Id, case: CaseId = None
    ) -> Template | Redirect:
        """Record the dates; every change is kept and told on the offender's cases."""
        values = await form_values(request)
        errors, status = FormErrors(date_fields=frozenset(SHOWN)), 400
        now = await sentence.get_key_dates(request.user, offender_id, 0, 0)
        data = _posted(values, now, errors)
        if not errors:
            try:
                today = request.app.state.today()
                await sentence.set_key_dates(
                    request.user, offender_id, KeyDatesIn.model_validate(data), today
                )
                back = f"/cases/{case}" if case else f"/offenders/{offender_id}/key-dates"
                return Redirect(f"{back}?done=key_dates", status_code=303)
            except ValidationError as exc:
                schema_problems(exc, SHOWN, errors)
            except DomainError as exc:
                status = refusal(exc, list(SHOWN), errors, field_id("release_date-day"))
        summary = errors.summary(["form", *SHOWN])
        return await _form(
            request,
            offender_id,
            case,
            status,
            values=values,
            errors=errors.messages,
            error_list=summary,
            stale=status == 412,
        )
