"""The sentence through the offender side's door: the key dates, and the key stages with
whether every co-victim has been told (the offender manager learns how many, never who). The
case's key stages, the unit's dashboard and Victim Personal Statements are the VLU's, in
`api.sentence.routes`.
"""

from __future__ import annotations

from litestar import Controller, get, post, put
from litestar.params import JSONBody

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.offender_side import sentence
from vcs.offender_side.schemas import KeyDatesIn, KeyDatesOut, KeyStageIn, KeyStageOut

READERS = allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER, door=True)


class OffenderSentenceController(Controller):
    path = "/api/v1/offenders/{offender_id:int}"
    tags = ["MAPPA and key stages"]

    @put("/key-dates", guards=[READERS])
    async def set_key_dates(
        self, request: AuthedRequest, offender_id: Id, data: JSONBody[KeyDatesIn]
    ) -> KeyDatesOut:
        """Replace the sentence's key dates; a moved release date is a key stage."""
        today = request.app.state.today()
        return await sentence.set_key_dates(request.user, offender_id, data, today)

    @get("/key-dates", guards=[READERS])
    async def get_key_dates(
        self, request: AuthedRequest, offender_id: Id, limit: Limit = 20, offset: Offset = 0
    ) -> KeyDatesOut:
        """The sentence's key dates and their history of changes, newest first."""
        return await sentence.get_key_dates(request.user, offender_id, limit, offset)

    @post("/key-stages", guards=[READERS])
    async def record_key_stage(
        self, request: AuthedRequest, offender_id: Id, data: JSONBody[KeyStageIn]
    ) -> KeyStageOut:
        """Record a key stage: every co-victim to be told gets a task, all at once."""
        today = request.app.state.today()
        return await sentence.record_key_stage(request.user, offender_id, data, today)

    @get("/key-stages", guards=[READERS])
    async def list_key_stages(
        self, request: AuthedRequest, offender_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[KeyStageOut]:
        """The offender's key stages, newest first, with who has been told."""
        return await sentence.offender_stages(request.user, offender_id, limit, offset)

    @get("/key-stages/{stage_id:int}", guards=[READERS])
    async def key_stage(self, request: AuthedRequest, offender_id: Id, stage_id: Id) -> KeyStageOut:
        """One key stage with each co-victim's task: told, or not yet."""
        return await sentence.key_stage(request.user, offender_id, stage_id)
