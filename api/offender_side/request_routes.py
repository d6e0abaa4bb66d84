"""A licence-condition request as its Victim Liaison Unit and the offender's offender manager
read it (the request, its map, its zone, the representation to the decision maker), and the
offender manager's alternative proposal beside it: through the offender side's door.

No route here lets an offender manager change, forward, decide, withdraw or delete a request:
their only write is an alternative proposal, which sits beside the victim's request. The VLO's
steps are in `api.conditions.routes`, whose `ConditionRequestController` mounts these handlers
beside them: Litestar keeps all the methods of one path in one controller.
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.params import JSONBody

from api.web.documents import document
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from vcs.core.actors import Role
from vcs.offender_side import documents, requests
from vcs.offender_side.schemas import (
    AlternativeIn,
    AlternativeOut,
    ConditionRequestOut,
    ConditionRequestView,
    LicenceConditionsOut,
)

READERS = allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER, door=True)


@get("/", guards=[READERS])
async def read(
    self: Any, request: AuthedRequest, request_id: Id
) -> ConditionRequestOut | ConditionRequestView:
    """A request: in full for its unit; without the case for the offender manager."""
    return await requests.read_request(request.user, request_id, request.app.state.today())


@get("/map", guards=[READERS], media_type="application/octet-stream")
async def read_map(self: Any, request: AuthedRequest, request_id: Id) -> Response[bytes]:
    """The map file as supplied."""
    media_type, content = await documents.map_file(request.user, request_id)
    return document(content, media_type, f"map-{request_id}")


@get("/zone.svg", guards=[READERS], media_type="image/svg+xml")
async def zone_svg(self: Any, request: AuthedRequest, request_id: Id) -> Response[bytes]:
    """The exclusion zone drawn from its geometry: outline, scale bar, north arrow."""
    svg = await documents.zone_map_svg(request.user, request_id)
    return document(svg, "image/svg+xml", f"zone-{request_id}.svg")


@get("/representation.pdf", guards=[READERS], media_type="application/pdf")
async def representation(self: Any, request: AuthedRequest, request_id: Id) -> Response[bytes]:
    """The representation to the decision maker, from the exact copy forwarded."""
    pdf = await documents.representation_pdf(request.user, request_id)
    return document(pdf, "application/pdf", f"representation-{request_id}.pdf")


@get("/zone-map.pdf", guards=[READERS], media_type="application/pdf")
async def zone_map_pdf(self: Any, request: AuthedRequest, request_id: Id) -> Response[bytes]:
    """The decision maker's map: every zone over the basemap, scale bar, north arrow, labels,
    corners as grid references, wording and condition code; a PDF with only a title."""
    pdf = await documents.zone_map_pdf(request.user, request_id)
    return document(pdf, "application/pdf", f"zone-map-{request_id}.pdf")


@get("/licence-conditions", guards=[READERS])
async def licence_conditions(
    self: Any, request: AuthedRequest, request_id: Id
) -> LicenceConditionsOut:
    """The request as licence conditions with their Create and Vary a Licence codes."""
    today = request.app.state.today()
    return await requests.licence_conditions(request.user, request_id, today)


@post("/alternatives", guards=[allow(Role.OFFENDER_MANAGER, door=True)])
async def propose_alternative(
    self: Any, request: AuthedRequest, request_id: Id, data: JSONBody[AlternativeIn]
) -> AlternativeOut:
    """The offender manager's alternative, shown beside the victim's request."""
    today = request.app.state.today()
    return await requests.propose_alternative(request.user, request_id, data, today)
