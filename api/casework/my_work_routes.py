"""`GET /api/v1/my-work`: the caller's overdue, due-today and due-this-week work."""

from __future__ import annotations

from litestar import Controller, get

from api.web.params import AuthedRequest, Limit, Offset
from api.web.security import allow
from vcs.casework import my_work
from vcs.casework.work_schemas import WorkItem
from vcs.core.actors import Role
from vcs.core.schemas import Page


class MyWorkController(Controller):
    path = "/api/v1/my-work"
    tags = ["Casework"]
    guards = [allow(Role.VLO, Role.VLU_MANAGER)]

    @get("/")
    async def my_work(
        self, request: AuthedRequest, limit: Limit = 50, offset: Offset = 0
    ) -> Page[WorkItem]:
        """Every clock, task and unsent letter on the caller's own open cases that is overdue,
        due today or due in the next seven days, most urgent first."""
        return await my_work.my_work(request.user, request.app.state.today(), limit, offset)
