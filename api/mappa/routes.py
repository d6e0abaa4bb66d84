"""MAPPA: the VLO submits an opted-in victim's views for a meeting. The offender's MAPPA status,
the meetings, the meeting pack and the pre-meeting view are read through the offender side's
door (`api.offender_side.mappa_routes`).
"""

from __future__ import annotations

from litestar import Controller, post
from litestar.params import JSONBody

from api.web.params import AuthedRequest, Id
from api.web.security import allow
from vcs.core.actors import Role
from vcs.mappa import pack as views_for_meetings
from vcs.mappa.schemas import VictimViewsIn, VictimViewsOut


class MeetingViewsController(Controller):
    path = "/api/v1/mappa-meetings"
    tags = ["MAPPA and key stages"]

    @post("/{meeting_id:int}/victim-views", guards=[allow(Role.VLO)])
    async def submit_views(
        self, request: AuthedRequest, meeting_id: Id, data: JSONBody[VictimViewsIn]
    ) -> VictimViewsOut:
        """Submit an opted-in victim's views, concerns and wanted safety measures."""
        today = request.app.state.today()
        return await views_for_meetings.submit_views(request.user, meeting_id, data, today)
