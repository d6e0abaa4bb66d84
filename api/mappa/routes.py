"""MAPPA: the offender's MAPPA status, meetings, the victims' views, the meeting pack and the
offender manager's pre-meeting view (never a victim's contact details).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post, put
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.mappa import pack as meeting_pack
from vcs.mappa import status as mappa
from vcs.mappa.schemas import (
    MappaHistory,
    MappaIn,
    MeetingIn,
    MeetingOut,
    MeetingPack,
    PreMeeting,
    VictimViewsIn,
    VictimViewsOut,
)

READERS = allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
MANAGERS = allow(Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
JSON, PDF = "application/json", "application/pdf"
PACK_RESPONSES = {
    200: ResponseSpec(
        data_container=MeetingPack,
        description="The pack as JSON, or as a PDF with `Accept: application/pdf`",
    )
}
PDF_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class OffenderMappaController(Controller):
    path = "/api/v1/offenders/{offender_id:int}"
    tags = ["MAPPA and key stages"]

    @put("/mappa", guards=[MANAGERS])
    async def set_mappa(
        self, request: AuthedRequest, offender_id: Id, data: JSONBody[MappaIn]
    ) -> MappaHistory:
        """Record the MAPPA category and level from a date (the history is kept)."""
        today = request.app.state.today()
        return await mappa.set_mappa(request.user, offender_id, data, today)

    @get("/mappa", guards=[READERS])
    async def mappa_history(
        self, request: AuthedRequest, offender_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> MappaHistory:
        """The MAPPA category and level over time, and the current one."""
        return await mappa.mappa_history(request.user, offender_id, limit, offset)

    @get("/pre-meeting", guards=[allow(Role.OFFENDER_MANAGER)])
    async def pre_meeting(self, request: AuthedRequest, offender_id: Id) -> PreMeeting:
        """Requested conditions, their status and the victims' views for the next meeting."""
        today = request.app.state.today()
        return await meeting_pack.pre_meeting(request.user, offender_id, today)


class MeetingController(Controller):
    path = "/api/v1/mappa-meetings"
    tags = ["MAPPA and key stages"]

    @post("/", guards=[MANAGERS])
    async def create(self, request: AuthedRequest, data: JSONBody[MeetingIn]) -> MeetingOut:
        """Arrange a level 2 or 3 meeting; each opted-in victim's views fall due before it."""
        return await mappa.create_meeting(request.user, data, request.app.state.today())

    @post("/{meeting_id:int}/victim-views", guards=[allow(Role.VLO)])
    async def submit_views(
        self, request: AuthedRequest, meeting_id: Id, data: JSONBody[VictimViewsIn]
    ) -> VictimViewsOut:
        """Submit an opted-in victim's views, concerns and wanted safety measures."""
        today = request.app.state.today()
        return await meeting_pack.submit_views(request.user, meeting_id, data, today)

    @get("/{meeting_id:int}/pack", guards=[READERS], responses=PACK_RESPONSES)
    async def pack(self, request: AuthedRequest, meeting_id: Id) -> Response[Any]:
        """The meeting pack: JSON, or PDF with `Accept: application/pdf`. Audited."""
        today = request.app.state.today()
        if request.accept.best_match([JSON, PDF], default=JSON) == PDF:
            pdf = await meeting_pack.meeting_pack_pdf(request.user, meeting_id, today)
            return Response(pdf, media_type=PDF, headers=PDF_HEADERS)
        return Response(await meeting_pack.meeting_pack(request.user, meeting_id, today))
