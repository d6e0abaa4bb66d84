"""The sentence as the Victim Liaison Units work it: a case's key stages, the unit's key-stage
dashboard and Victim Personal Statements. The offender's key dates and key stages (read by the
offender manager too) go through the offender side's door, `api.offender_side.sentence_routes`;
bulk date changes, a national act, are in `api.sentence.bulk_routes`.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import JSONBody, QueryParameter

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.sentence import key_stage_views, tribunal, vps
from vcs.sentence.schemas import (
    CaseKeyStage,
    KeyStageOut,
    ToldState,
    TribunalStatementIn,
    TribunalStatementOut,
    VpsIn,
    VpsOut,
)

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)


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

    @post("/tribunal-statements", guards=[CASEWORK])
    async def tribunal_step(
        self, request: AuthedRequest, case_id: Id, data: JSONBody[TribunalStatementIn]
    ) -> TribunalStatementOut:
        """A restricted patient's victim's statement to the First-tier Tribunal (Mental
        Health): invited (with the hearing date; its clock starts), received, sent (the clock
        is met), declined, or the victim told the outcome."""
        today = request.app.state.today()
        return await tribunal.record_tribunal_step(request.user, case_id, data, today)

    @get("/tribunal-statements", guards=[CASEWORK])
    async def list_tribunal_statements(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[TribunalStatementOut]:
        """The case's statements to the tribunal, oldest first, each with its clock."""
        today = request.app.state.today()
        return await tribunal.list_tribunal_statements(request.user, case_id, today, limit, offset)

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
