"""Naming an offender's offender manager on a page: a VLU manager with a case for the offender
chooses one of the offender managers of the region's probation delivery units, as
`PUT /api/v1/offenders/{id}/offender-manager` does. From then on that offender manager sees the
offender through the door (`vcs.offender_side.assignment`)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.forms import FormErrors, form_values, refusal, schema_problems
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import page
from vcs.core.actors import Role
from vcs.core.errors import DomainError
from vcs.core.schemas import MAX_ID
from vcs.offender_side.assignment import assign_offender_manager, naming_choices
from vcs.offender_side.schemas import OffenderManagerAssign

CaseId = Annotated[int | None, QueryParameter(name="case", ge=1, le=MAX_ID)]
LABELS = {"username": "an offender manager"}


async def _form(
    request: AuthedRequest, offender_id: int, case_id: int | None, status: int = 200, **kw: Any
) -> Template:
    naming = await naming_choices(request.user, offender_id)
    chosen = naming.current.username if naming.current else ""
    return page(
        "offenders/offender_manager.html",
        status_code=status,
        naming=naming,
        case_id=case_id,
        options=[(m.username, m.display_name or m.username) for m in naming.choices],
        values=kw.pop("values", {"username": chosen}),
        errors=kw.pop("errors", {}),
        **kw,
    )


class OffenderManagerPages(Controller):
    path = "/offenders/{offender_id:int}/offender-manager"
    include_in_schema = False
    guards = [allow(Role.VLU_MANAGER)]

    @get("/")
    async def show(self, request: AuthedRequest, offender_id: Id, case: CaseId = None) -> Template:
        """The choice of the region's offender managers, the one named now chosen."""
        return await _form(request, offender_id, case)

    @post("/")
    async def name(
        self, request: AuthedRequest, offender_id: Id, case: CaseId = None
    ) -> Template | Redirect:
        """Name the offender manager; it is on the timeline of each of the unit's cases."""
        values = await form_values(request)
        errors, status = FormErrors(), 400
        try:
            data = OffenderManagerAssign.model_validate({"username": values.get("username", "")})
            today = request.app.state.today()
            await assign_offender_manager(request.user, offender_id, data, today)
            back = f"/cases/{case}" if case else f"/offenders/{offender_id}/offender-manager"
            return Redirect(f"{back}?done=offender_manager", status_code=303)
        except ValidationError as exc:
            schema_problems(exc, LABELS, errors, frozenset({"username"}))
        except DomainError as exc:
            status = refusal(exc, ["username"], errors)
        return await _form(
            request,
            offender_id,
            case,
            status,
            values=values,
            errors=errors.messages,
            error_list=errors.summary(["username"]),
        )
