"""Licence-condition requests: the catalogue, a case's requests, and each request's life.

No route lets an offender manager change, forward, decide, withdraw or delete a request: their
only write is an alternative proposal, which sits beside the victim's request.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, Response, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.params import JSONBody, MultipartBody

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.conditions import approval, documents, forwarding, steps
from vcs.conditions import requests as conditions
from vcs.conditions.catalogue import condition_types
from vcs.conditions.schemas import (
    AlternativeIn,
    AlternativeOut,
    ConditionRequestCreate,
    ConditionRequestOut,
    ConditionRequestUpdate,
    ConditionRequestView,
    ConditionTypeList,
    DecisionIn,
    ForwardIn,
    ForwardingApprovalIn,
    MapOut,
    VictimInformedIn,
    WithdrawIn,
)
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.core.uploads import MAX_MAP_BYTES

VLO = allow(Role.VLO)
READERS = allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)
DOCUMENT_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}


@dataclass
class MapForm:
    file: UploadFile


def _document(content: bytes | str, media_type: str, name: str) -> Response[bytes]:
    body = content.encode() if isinstance(content, str) else content
    headers = {**DOCUMENT_HEADERS, "Content-Disposition": f'inline; filename="{name}"'}
    return Response(body, media_type=media_type, headers=headers)


@get("/api/v1/condition-types", tags=["Licence conditions"], guards=[allow(*Role)])
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

    @get("/", guards=[READERS])
    async def read(
        self, request: AuthedRequest, request_id: Id
    ) -> ConditionRequestOut | ConditionRequestView:
        """A request: in full for its unit; without the case for the offender manager."""
        return await conditions.get_request(request.user, request_id, request.app.state.today())

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

    @get("/map", guards=[READERS], media_type="application/octet-stream")
    async def read_map(self, request: AuthedRequest, request_id: Id) -> Response[bytes]:
        """The map file as supplied."""
        media_type, content = await documents.read_map(request.user, request_id)
        return _document(content, media_type, f"map-{request_id}")

    @get("/zone.svg", guards=[READERS], media_type="image/svg+xml")
    async def zone_svg(self, request: AuthedRequest, request_id: Id) -> Response[bytes]:
        """The exclusion zone drawn from its geometry: outline, scale bar, north arrow."""
        svg = await documents.zone_map_svg(request.user, request_id)
        return _document(svg, "image/svg+xml", f"zone-{request_id}.svg")

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

    @get("/representation.pdf", guards=[READERS], media_type="application/pdf")
    async def representation(self, request: AuthedRequest, request_id: Id) -> Response[bytes]:
        """The representation to the decision maker, from the exact copy forwarded."""
        pdf = await documents.representation_pdf(request.user, request_id)
        return _document(pdf, "application/pdf", f"representation-{request_id}.pdf")

    @post("/alternatives", guards=[allow(Role.OFFENDER_MANAGER)])
    async def propose_alternative(
        self, request: AuthedRequest, request_id: Id, data: JSONBody[AlternativeIn]
    ) -> AlternativeOut:
        """The offender manager's alternative, shown beside the victim's request."""
        today = request.app.state.today()
        return await steps.add_alternative(request.user, request_id, data, today)

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
