"""The offender manager's pages: their offenders and, for each, what they may know of the
victims before licence and MAPPA decisions: whether victims are in the scheme and opted in, the
VLO to contact, the licence-condition requests, and a form to put an alternative proposal beside
a forwarded request (which it never replaces). Never a victim's contact details: the use cases
return none (the 2006 probation rule)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.error_pages import status_of
from api.web.forms import (
    CONFIRM,
    FormErrors,
    asks_confirmation,
    confirmed,
    domain_problems,
    form_values,
    schema_problems,
)
from api.web.params import AuthedRequest, Id, Limit, Offset, SearchQuery
from api.web.security import allow
from api.web.templating import page, pagination
from vcs.core.actors import Role
from vcs.core.errors import DomainError, FieldProblem, InvalidInput, NotFound, PermissionDenied
from vcs.core.schemas import MAX_ID
from vcs.offender_side import offender_search, offenders, requests
from vcs.offender_side.mappa import VIEWS_WORKING_DAYS
from vcs.offender_side.offender_page import offender_page
from vcs.offender_side.schemas import AlternativeIn

OFFENDER_MANAGER = allow(Role.OFFENDER_MANAGER, door=True)
Proposed = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]
LABELS = {"text": "your proposed condition", "reason": "why you propose it"}


def _field(request_id: int, name: str) -> str:
    return f"requests[{request_id}].{name}"


async def _offender_page(
    request: AuthedRequest, offender_id: int, status_code: int = 200, **context: Any
) -> Template:
    found = await offender_page(request.user, offender_id, request.app.state.today())
    context.setdefault("values", {})
    context.setdefault("errors", {})
    context.update(
        mappa_meetings=found.meetings,
        pre_meeting=found.pre_meeting,
        views_working_days=VIEWS_WORKING_DAYS,
        key_dates=found.key_dates,
    )
    return page("offenders/show.html", status_code=status_code, summary=found.summary, **context)


async def _propose(
    request: AuthedRequest, request_id: int, values: dict[str, str]
) -> tuple[FormErrors, int, bool]:
    """Add the alternative the form describes; the problems (if any), their status, and whether
    the words wait for the "not a victim's contact details" box to be ticked."""
    errors, status, asked = FormErrors(), 400, False
    try:
        body: dict[str, Any] = {k: values.get(_field(request_id, k), "") for k in LABELS}
        body[CONFIRM] = confirmed(values, _field(request_id, ""))
        data = AlternativeIn.model_validate(body)
        await requests.propose_alternative(
            request.user, request_id, data, request.app.state.today()
        )
    except ValidationError as exc:
        schema_problems(exc, LABELS, errors, prefix=_field(request_id, ""))
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        named = replace(
            exc,
            problems=[FieldProblem(_field(request_id, p.field), p.message) for p in exc.problems],
        )
        domain_problems(named, [_field(request_id, k) for k in LABELS], errors)
        status, asked = status_of(exc), asks_confirmation(exc)
    return errors, status, asked


class OffenderPages(Controller):
    path = "/offenders"
    include_in_schema = False
    guards = [OFFENDER_MANAGER]

    @get("/")
    async def index(self, request: AuthedRequest, limit: Limit = 25, offset: Offset = 0) -> Any:
        """The offender manager's own offenders, with their victims' counts."""
        found = await offenders.my_offenders(request.user, limit, offset)
        more = pagination(request, found.total, limit, offset)
        return page("offenders/list.html", offenders=found, pagination=more)

    @get("/search")
    async def search(
        self, request: AuthedRequest, q: SearchQuery = "", limit: Limit = 20, offset: Offset = 0
    ) -> Template:
        """Their own offenders found by name, CRN, prison number or PNC, closest first."""
        try:
            found = await offender_search.search_offenders(request.user, q, limit, offset)
        except InvalidInput as exc:
            error = exc.problems[0].message
            summary = [{"text": error, "href": "#search-q"}]
            return page(
                "offenders/search.html",
                400,
                query=q[:100],
                found=None,
                errors={"q": error},
                error_list=summary,
            )
        more = pagination(request, found.total, limit, offset)
        return page("offenders/search.html", query=q, found=found, pagination=more)

    @get("/{offender_id:int}")
    async def show(
        self,
        request: AuthedRequest,
        offender_id: Id,
        proposed: Proposed = None,
        arranged: Proposed = None,
    ) -> Template:
        """The victim summary and licence-condition requests of one of their offenders, and
        their MAPPA meetings (`arranged`: the meeting just arranged)."""
        return await _offender_page(request, offender_id, proposed=proposed, arranged=arranged)

    @post("/{offender_id:int}/requests/{request_id:int}/alternatives")
    async def propose(
        self, request: AuthedRequest, offender_id: Id, request_id: Id
    ) -> Template | Redirect:
        """Put an alternative proposal beside a forwarded request."""
        values = await form_values(request)
        errors, status, asked = await _propose(request, request_id, values)
        if not errors:
            return Redirect(f"/offenders/{offender_id}?proposed={request_id}", status_code=303)
        summary = errors.summary()
        return await _offender_page(
            request,
            offender_id,
            status,
            values=values,
            errors=errors.messages,
            error_list=summary,
            posted=request_id,
            confirm_asked=asked,
        )
