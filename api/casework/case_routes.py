"""The Victim Liaison Unit's cases and clocks."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Response, get
from litestar.params import QueryParameter

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.casework import case_file, caseload
from vcs.casework.case_schemas import CaseDetail, CaseEventOut, CaseList, UnitDeadline
from vcs.core.actors import Role
from vcs.core.schemas import Page

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
Username = Annotated[
    str | None, QueryParameter(max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")
]


class CaseController(Controller):
    path = "/api/v1/cases"
    tags = ["Cases"]
    guards = [CASEWORK]

    @get("/")
    async def caseload(
        self,
        request: AuthedRequest,
        assigned_to: Username = None,
        case_state: Annotated[
            Literal["open", "closed"] | None, QueryParameter(name="state")
        ] = None,
        deadline: Annotated[Literal["overdue", "due_soon"] | None, QueryParameter()] = None,
        unallocated: Annotated[
            bool, QueryParameter(description="only the cases no VLO has been given yet")
        ] = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> CaseList:
        """The unit's cases, most urgent first (overdue, then due soon, then by due date)."""
        filters = caseload.CaseFilter(assigned_to, case_state, deadline, unallocated)
        return await caseload.list_cases(
            request.user, filters, request.app.state.today(), limit, offset
        )

    @get("/{case_id:int}")
    async def read(self, request: AuthedRequest, case_id: Id) -> Response[CaseDetail]:
        """One case in full, its version as the ETag. Reading the victim's details is audited."""
        case = await case_file.get_case(request.user, case_id, request.app.state.today())
        return Response(case, headers={"ETag": f'"{case.version}"'})

    @get("/{case_id:int}/timeline")
    async def timeline(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 200, offset: Offset = 0
    ) -> Page[CaseEventOut]:
        """Every event on the case, oldest first."""
        return await case_file.case_timeline(request.user, case_id, limit, offset)


class DeadlineController(Controller):
    path = "/api/v1/deadlines"
    tags = ["Cases"]
    guards = [allow(Role.VLU_MANAGER)]

    @get("/")
    async def unit_deadlines(
        self,
        request: AuthedRequest,
        clock_state: Annotated[
            Literal["overdue", "due_soon"] | None, QueryParameter(name="state")
        ] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[UnitDeadline]:
        """Every open clock in the manager's unit, most urgent first."""
        return await caseload.unit_deadlines(
            request.user, clock_state, request.app.state.today(), limit, offset
        )
