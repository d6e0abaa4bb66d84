"""The VLU manager's deadline dashboard: how many cases are overdue, due soon or unallocated,
and every open clock of the unit, most urgent first."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get
from litestar.params import QueryParameter
from litestar.response import Template

from api.notifications.pages import failed_section
from api.web.params import AuthedRequest, Limit, Offset
from api.web.security import allow
from api.web.templating import page, pagination
from vcs.access.people import display_names
from vcs.casework import caseload
from vcs.core.actors import Role
from vcs.events import review

ClockState = Annotated[Literal["", "overdue", "due_soon"], QueryParameter(name="state")]


class DeadlinePages(Controller):
    path = "/deadlines"
    include_in_schema = False
    guards = [allow(Role.VLU_MANAGER)]

    @get("/")
    async def dashboard(
        self,
        request: AuthedRequest,
        clock_state: ClockState = "",
        limit: Limit = 25,
        offset: Offset = 0,
    ) -> Template:
        """The unit's counts and its open clocks, filtered by state."""
        today = request.app.state.today()
        counts = await caseload.unit_counts(request.user, today)
        clocks = await caseload.unit_deadlines(
            request.user, clock_state or None, today, limit, offset
        )
        waiting = await review.list_messages(request.user, "unmatched", 1, 0)
        return page(
            "deadlines/dashboard.html",
            events_waiting=waiting.total,
            counts=counts,
            clocks=clocks,
            people=await display_names(item.assigned_to for item in clocks.items),
            state=clock_state,
            pagination=pagination(request, clocks.total, limit, offset),
            **await failed_section(request),
        )
