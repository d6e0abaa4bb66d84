"""MAPPA through the offender side's door: the offender's MAPPA status, arranging a meeting,
the meeting pack (JSON or PDF) and the offender manager's pre-meeting view (never a victim's
contact details). The VLO's submission of a victim's views is in `api.mappa.routes`.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post, put
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.offender_side import mappa, meeting_pack
from vcs.offender_side.pack_schemas import MeetingPack, PreMeeting
from vcs.offender_side.schemas import MappaHistory, MappaIn, MeetingIn, MeetingOut

READERS = allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER, door=True)
MANAGERS = allow(Role.VLU_MANAGER, Role.OFFENDER_MANAGER, door=True)
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

    @get("/pre-meeting", guards=[allow(Role.OFFENDER_MANAGER, door=True)])
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

    @get("/{meeting_id:int}/pack", guards=[READERS], responses=PACK_RESPONSES)
    async def pack(self, request: AuthedRequest, meeting_id: Id) -> Response[Any]:
        """The meeting pack: JSON, or PDF with `Accept: application/pdf`. Audited."""
        today = request.app.state.today()
        if request.accept.best_match([JSON, PDF], default=JSON) == PDF:
            pdf = await meeting_pack.meeting_pack_pdf(request.user, meeting_id, today)
            return Response(pdf, media_type=PDF, headers=PDF_HEADERS)
        return Response(await meeting_pack.meeting_pack(request.user, meeting_id, today))
