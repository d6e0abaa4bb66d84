"""Release-policy changes moving the release dates of a class of sentences: a national act.
Previewed first (the offenders and victims affected, per unit), then applied by a national
manager or the administrator; a VLU manager may preview their unit's share, never apply it.
Through the offender side's door (`vcs.offender_side.national`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Response, get, post
from litestar.params import JSONBody, QueryParameter

from api.web.params import AuthedRequest, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.offender_side import national
from vcs.offender_side.schemas import (
    BulkChangeIn,
    BulkChangeOut,
    BulkChangePreview,
    ProgressionModelOut,
)

TAGS = ["MAPPA and key stages"]


@post(
    "/api/v1/key-dates/bulk-changes/preview",
    tags=TAGS,
    status_code=200,
    guards=[allow(Role.VLU_MANAGER, Role.NATIONAL_MANAGER, Role.ADMIN, door=True)],
)
async def preview_bulk_change(
    request: AuthedRequest, data: JSONBody[BulkChangeIn], limit: Limit = 50, offset: Offset = 0
) -> BulkChangePreview:
    """What a release-policy change would do, before it is applied: the offenders whose release
    dates move and the victims to tell, per unit (a VLU manager sees their own unit). A
    national manager's preview is recorded: the change may then be applied."""
    today = request.app.state.today()
    return await national.preview_bulk_change(request.user, data, today, limit, offset)


@post(
    "/api/v1/key-dates/bulk-changes",
    tags=TAGS,
    guards=[allow(Role.NATIONAL_MANAGER, Role.ADMIN, door=True)],
)
async def bulk_change(
    request: AuthedRequest, data: JSONBody[BulkChangeIn]
) -> Response[BulkChangeOut]:
    """Apply a release-policy change to a class of sentences (also `vcs key-dates apply`), once
    previewed with the same name and terms (else 409). A national manager or the administrator.
    Keyed by name: applied again, it changes nothing (200 with `already_applied`)."""
    out = await national.apply_bulk_change(request.user, data, request.app.state.today())
    return Response(out, status_code=200 if out.already_applied else 201)


@get(
    "/api/v1/key-dates/progression-model",
    tags=TAGS,
    guards=[allow(Role.VLU_MANAGER, Role.NATIONAL_MANAGER, Role.ADMIN, door=True)],
)
async def progression_model(
    request: AuthedRequest,
    effective_from: Annotated[date, QueryParameter(description="When the model takes effect")],
) -> ProgressionModelOut:
    """The Sentencing Act 2026 progression model's release point (one third, or one half for
    the sentences it names) as bulk date changes, each previewed and applied through
    `/api/v1/key-dates/bulk-changes`, and the sentences it excludes. Read from a rules file."""
    return await national.progression_model(request.user, effective_from)
