"""The offender side: the offender manager's assignment and what they may know of victims
(never a victim's contact details), through the door (`vcs.offender_side`)."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.params import JSONBody

from api.web.params import AuthedRequest, Id, Limit, Offset, SearchQuery
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.offender_side import assignment, offender_search, offenders
from vcs.offender_side.schemas import (
    ConditionRequestView,
    OffenderAssignment,
    OffenderFound,
    OffenderListItem,
    OffenderManagerAssign,
    VictimSummary,
)

READERS = allow(Role.OFFENDER_MANAGER, Role.VLO, Role.VLU_MANAGER, door=True)


class OffenderController(Controller):
    path = "/api/v1/offenders/{offender_id:int}"
    tags = ["Offender side"]

    @put("/offender-manager", guards=[allow(Role.VLU_MANAGER)])
    async def assign(
        self, request: AuthedRequest, offender_id: Id, data: JSONBody[OffenderManagerAssign]
    ) -> OffenderAssignment:
        """Name the offender's offender manager (a VLU manager with a case for them)."""
        today = request.app.state.today()
        return await assignment.assign_offender_manager(request.user, offender_id, data, today)

    @get("/victim-summary", guards=[READERS])
    async def victim_summary(self, request: AuthedRequest, offender_id: Id) -> VictimSummary:
        """Victims in the scheme, opted in, the VLO to contact, the condition requests."""
        today = request.app.state.today()
        return await offenders.victim_summary(request.user, offender_id, today)

    @get("/condition-requests", guards=[READERS])
    async def condition_requests(
        self, request: AuthedRequest, offender_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[ConditionRequestView]:
        """The offender's licence-condition requests, forwarded or later, oldest first."""
        today = request.app.state.today()
        return await offenders.offender_condition_requests(
            request.user, offender_id, today, limit, offset
        )


@get(
    "/api/v1/offender-manager/offenders",
    tags=["Offender side"],
    guards=[allow(Role.OFFENDER_MANAGER, door=True)],
)
async def my_offenders(
    request: AuthedRequest, limit: Limit = 50, offset: Offset = 0
) -> Page[OffenderListItem]:
    """The offender manager's own offenders."""
    return await offenders.my_offenders(request.user, limit, offset)


@get(
    "/api/v1/offender-manager/search",
    tags=["Offender side"],
    guards=[allow(Role.OFFENDER_MANAGER, door=True)],
)
async def search_my_offenders(
    request: AuthedRequest, q: SearchQuery = "", limit: Limit = 20, offset: Offset = 0
) -> Page[OffenderFound]:
    """The offender manager's own offenders whose name is close to `q` (misspelt, partial,
    with or without accents), or whose CRN, prison number or PNC number it is; closest first.
    Victims are never searched and never shown."""
    return await offender_search.search_offenders(request.user, q, limit, offset)
