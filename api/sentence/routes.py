"""The sentence: key dates, key stages and who has been told, and Victim Personal Statements.
Bulk date changes, a national act, are in `api.sentence.bulk_routes`.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post, put
from litestar.params import JSONBody, QueryParameter

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.sentence import key_dates, key_stage_views, key_stages, vps
from vcs.sentence.schemas import (
    CaseKeyStage,
    KeyDatesIn,
    KeyDatesOut,
    KeyStageIn,
    KeyStageOut,
    ToldState,
    VpsIn,
    VpsOut,
)

READERS = allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)


class OffenderSentenceController(Controller):
    path = "/api/v1/offenders/{offender_id:int}"
    tags = ["MAPPA and key stages"]

    @put("/key-dates", guards=[READERS])
    async def set_key_dates(
        self, request: AuthedRequest, offender_id: Id, data: JSONBody[KeyDatesIn]
    ) -> KeyDatesOut:
        """Replace the sentence's key dates; a moved release date is a key stage."""
        today = request.app.state.today()
        return await key_dates.set_key_dates(request.user, offender_id, data, today)

    @get("/key-dates", guards=[READERS])
    async def get_key_dates(
        self, request: AuthedRequest, offender_id: Id, limit: Limit = 20, offset: Offset = 0
    ) -> KeyDatesOut:
        """The sentence's key dates and their history of changes, newest first."""
        return await key_dates.get_key_dates(request.user, offender_id, limit, offset)

    @post("/key-stages", guards=[READERS])
    async def record_key_stage(
        self, request: AuthedRequest, offender_id: Id, data: JSONBody[KeyStageIn]
    ) -> KeyStageOut:
        """Record a key stage: every co-victim to be told gets a task, all at once."""
        today = request.app.state.today()
        return await key_stages.record_key_stage(request.user, offender_id, data, today)

    @get("/key-stages", guards=[READERS])
    async def list_key_stages(
        self, request: AuthedRequest, offender_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[KeyStageOut]:
        """The offender's key stages, newest first, with who has been told."""
        return await key_stage_views.offender_stages(request.user, offender_id, limit, offset)

    @get("/key-stages/{stage_id:int}", guards=[READERS])
    async def key_stage(self, request: AuthedRequest, offender_id: Id, stage_id: Id) -> KeyStageOut:
        """One key stage with each co-victim's task: told, or not yet."""
        return await key_stage_views.key_stage(request.user, offender_id, stage_id)


class CaseSentenceController(Controller):
    path = "/api/v1/cases/{case_id:int}"
    tags = ["MAPPA and key stages"]

    @get("/key-stages", guards=[CASEWORK])
    async def case_key_stages(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[CaseKeyStage]:
        """The offender's key stages: this victim's task and whether every co-victim is told."""
        return await key_stage_views.case_stages(request.user, case_id, limit, offset)

    @post("/vps", guards=[CASEWORK])
    async def vps_step(self, request: AuthedRequest, case_id: Id, data: JSONBody[VpsIn]) -> VpsOut:
        """Victim Personal Statement: invited (clock starts), received, sent, or declined."""
        today = request.app.state.today()
        return await vps.record_vps_step(request.user, case_id, data, today)

    @get("/vps", guards=[CASEWORK])
    async def list_vps(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[VpsOut]:
        """The case's Victim Personal Statements, oldest first, each with its clock."""
        today = request.app.state.today()
        return await vps.list_vps(request.user, case_id, today, limit, offset)


@get("/api/v1/key-stages", tags=["MAPPA and key stages"], guards=[CASEWORK])
async def unit_key_stages(
    request: AuthedRequest,
    told: Annotated[
        ToldState | None, QueryParameter(name="state", description="e.g. partially_told")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[KeyStageOut]:
    """The unit's key stages, newest first: which co-victims have been told, which not yet."""
    return await key_stage_views.unit_stages(request.user, told, limit, offset)
