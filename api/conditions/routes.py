"""Licence-condition requests: the catalogue, a case's requests, and the VLO's steps in each
request's life.

No route lets an offender manager change, forward, decide, withdraw or delete a request: their
only write is an alternative proposal, which sits beside the victim's request. Reading a
request, its map, zone and representation (for its unit and the offender manager) and the
alternative proposal go through the offender side's door: `api.offender_side.request_routes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.params import JSONBody, MultipartBody

from api.offender_side import request_routes
from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.conditions import approval, documents, forwarding, steps
from vcs.conditions import requests as conditions
from vcs.conditions.catalogue import condition_types
from vcs.conditions.schemas import (
    ConditionRequestCreate,
    ConditionRequestOut,
    ConditionRequestUpdate,
    ConditionTypeList,
    DecisionIn,
    ForwardIn,
    ForwardingApprovalIn,
    MapOut,
    VictimInformedIn,
    WithdrawIn,
)
from vcs.core.actors import PEOPLE, Role
from vcs.core.schemas import Page
from vcs.core.uploads import MAX_MAP_BYTES

VLO = allow(Role.VLO)


@dataclass
class MapForm:
    file: UploadFile


@get("/api/v1/condition-types", tags=["Licence conditions"], guards=[allow(*PEOPLE, door=False)])
async def list_condition_types(limit: Limit = 50, offset: Offset = 0) -> ConditionTypeList:
    """The victim-related licence conditions, in HMPPS licence-policy wording."""
    return condition_types(limit, offset)


class CaseConditionController(Controller):
    path = "/api/v1/cases/{case_id:int}/condition-requests"
    tags = ["Licence conditions"]

    @post("/", guards=[VLO])
    async def create(
        self, request: AuthedRequest, case_id: Id, data: JSONBody[ConditionRequestCreate]
    ) -> ConditionRequestOut:
        """Draft a victim's licence-condition request; the forwarding clock starts."""
        today = request.app.state.today()
        return await conditions.create_request(request.user, case_id, data, today)

    @get("/", guards=[allow(Role.VLO, Role.VLU_MANAGER)])
    async def list_for_case(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[ConditionRequestOut]:
        """The case's requests, oldest first."""
        today = request.app.state.today()
        return await conditions.list_case_requests(request.user, case_id, today, limit, offset)


class ConditionRequestController(Controller):
    path = "/api/v1/condition-requests/{request_id:int}"
    tags = ["Licence conditions"]

    # Reading the request and its documents (its unit and the offender manager) and the
    # offender manager's alternative go through the offender side's door; they are mounted
    # here because Litestar keeps all the methods of one path in one controller.
    read = request_routes.read
    read_map = request_routes.read_map
    zone_svg = request_routes.zone_svg
    representation = request_routes.representation
    zone_map_pdf = request_routes.zone_map_pdf
    licence_conditions = request_routes.licence_conditions
    propose_alternative = request_routes.propose_alternative

    @patch("/", guards=[VLO])
    async def change(
        self, request: AuthedRequest, request_id: Id, data: JSONBody[ConditionRequestUpdate]
    ) -> ConditionRequestOut:
        """Change a draft. A forwarded request is frozen: 409."""
        today = request.app.state.today()
        return await conditions.update_request(request.user, request_id, data, today)

    @delete("/", guards=[VLO])
    async def remove(self, request: AuthedRequest, request_id: Id) -> None:
        """Delete a draft made in error. A forwarded request is never deleted: 409."""
        await conditions.delete_request(request.user, request_id, request.app.state.today())

    @post("/map", guards=[VLO], request_max_body_size=MAX_MAP_BYTES + 256 * 1024)
    async def attach_map(
        self, request: AuthedRequest, request_id: Id, data: MultipartBody[MapForm]
    ) -> MapOut:
        """Attach the map (multipart field `file`: PDF, PNG or JPEG, at most 10 MB)."""
        content = await data.file.read()
        today = request.app.state.today()
        return await documents.upload_map(request.user, request_id, content, today)

    @post("/forward", guards=[VLO], status_code=200)
    async def forward(
        self, request: AuthedRequest, request_id: Id, data: JSONBody[ForwardIn]
    ) -> ConditionRequestOut:
        """Forward to the decision maker, unchanged; the wording is frozen from now on."""
        today = request.app.state.today()
        return await forwarding.forward_to_decision_maker(request.user, request_id, data, today)

    @post("/forwarding-approval", guards=[allow(Role.VLU_MANAGER)], status_code=200)
    async def approve_forwarding(
        self, request: AuthedRequest, request_id: Id, data: JSONBody[ForwardingApprovalIn]
    ) -> ConditionRequestOut:
        """A VLU manager approves forwarding, as drawn, a zone or premises that could point to a
        home (with the reason). The VLO can always change it and forward without approval."""
        today = request.app.state.today()
        return await approval.approve_forwarding(request.user, request_id, data, today)

    @post("/decision", guards=[VLO], status_code=200)
    async def decide(
        self, request: AuthedRequest, request_id: Id, data: JSONBody[DecisionIn]
    ) -> ConditionRequestOut:
        """Record the decision maker's decision."""
        today = request.app.state.today()
        return await steps.record_decision(request.user, request_id, data, today)

    @post("/victim-informed", guards=[VLO], status_code=200)
    async def victim_informed(
        self, request: AuthedRequest, request_id: Id, data: JSONBody[VictimInformedIn]
    ) -> ConditionRequestOut:
        """Record that the victim was told the decision."""
        today = request.app.state.today()
        return await steps.mark_victim_informed(request.user, request_id, data, today)

    @post("/withdraw", guards=[VLO], status_code=200)
    async def withdraw(
        self, request: AuthedRequest, request_id: Id, data: JSONBody[WithdrawIn]
    ) -> ConditionRequestOut:
        """The victim withdraws the request (before a decision)."""
        today = request.app.state.today()
        return await steps.withdraw_request(request.user, request_id, data, today)
