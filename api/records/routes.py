"""Subject access: everything held about one victim, as JSON or as a PDF (audited)."""

from __future__ import annotations

from typing import Any

from litestar import Response, get
from litestar.openapi import ResponseSpec

from api.web.params import AuthedRequest, Id
from api.web.security import allow
from vcs.core.actors import Role
from vcs.records import subject_access

JSON, PDF = "application/json", "application/pdf"
PDF_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
RESPONSES = {
    200: ResponseSpec(
        data_container=subject_access.SubjectAccess,
        description="The export as JSON, or as a PDF with `Accept: application/pdf`",
    )
}


@get(
    "/api/v1/cases/{case_id:int}/subject-access",
    tags=["Cases"],
    guards=[allow(Role.VLU_MANAGER)],
    responses=RESPONSES,
)
async def subject_access_export(request: AuthedRequest, case_id: Id) -> Response[Any]:
    """Everything held about the case's victim (UK GDPR Art. 15): JSON, or PDF with
    `Accept: application/pdf`. For the unit's VLU manager; audited."""
    pdf = request.accept.best_match([JSON, PDF], default=JSON) == PDF
    export = await subject_access.subject_access(
        request.user, case_id, request.app.state.today(), pdf=pdf
    )
    if pdf:
        return Response(export, media_type=PDF, headers=PDF_HEADERS)
    return Response(export)
