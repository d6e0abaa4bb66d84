"""The audit trail, for the service administrator: read-only, no route changes or removes an
entry."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from api.web.params import AuthedRequest, Limit, Offset
from api.web.security import allow
from vcs.access import audit
from vcs.access.schemas import AuditEntryOut
from vcs.core.actors import Role
from vcs.core.schemas import MAX_ID, Page

Username = Annotated[
    str | None, QueryParameter(max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")
]
RecordType = Annotated[str | None, QueryParameter(max_length=32, pattern=r"^[a-z][a-z_]{0,31}$")]
RecordId = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]
Day = "YYYY-MM-DD, a day in England and Wales (Europe/London), inclusive"


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["Administration"]
    guards = [allow(Role.ADMIN)]

    @get("/")
    async def entries(
        self,
        request: AuthedRequest,
        actor: Username = None,
        record_type: RecordType = None,
        record_id: RecordId = None,
        since: Annotated[date | None, QueryParameter(description=Day)] = None,
        until: Annotated[date | None, QueryParameter(description=Day)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[AuditEntryOut]:
        """The audit trail, oldest first: who read or changed which record, and when."""
        filters = audit.AuditFilter(actor, record_type, record_id, since, until)
        return await audit.list_entries(request.user, filters, limit, offset)
