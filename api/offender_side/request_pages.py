"""A licence-condition request's own page, read through the offender side's door: for its
Victim Liaison Unit in full with the forms for the next steps (`api.conditions.pages` takes
them), for the offender's offender manager without the case or the victim; and its documents
(the zone drawn as a map, the map file, the representation to the decision maker)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, Response, get
from litestar.params import QueryParameter
from litestar.response import Template

from api.web.documents import document
from api.web.labels import label
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import page
from vcs.core.actors import Role
from vcs.offender_side import documents, requests
from vcs.offender_side.schemas import (
    DECISION_MAKERS,
    NEEDED_FOR,
    ZONE_TYPES,
    ConditionRequestOut,
    Outcome,
)

READERS = allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER, door=True)
Done = Annotated[
    Literal[
        "", "created", "changed", "map", "forward", "decision", "informed", "withdraw", "approval"
    ],
    QueryParameter(),
]
OUTCOMES = [(o.value, label(o.value, "outcome")) for o in Outcome]


async def request_page(
    request: AuthedRequest, request_id: int, status_code: int = 200, **context: Any
) -> Template:
    """The request's page as the reader may see it (the forms only for a VLO of its unit)."""
    found = await requests.read_request(request.user, request_id, request.app.state.today())
    unit_view = isinstance(found, ConditionRequestOut)
    context.setdefault("values", {})
    context.setdefault("errors", {})
    return page(
        "conditions/show.html",
        status_code=status_code,
        r=found,
        unit_view=unit_view,
        basemap=documents.basemap_configured(),
        zone_types=ZONE_TYPES,
        can_act=unit_view and request.user.role is Role.VLO,
        can_approve=isinstance(found, ConditionRequestOut)
        and request.user.role is Role.VLU_MANAGER
        and found.status == "draft"
        and bool(found.forwarding_approval and found.forwarding_approval.needed),
        decision_makers=list(DECISION_MAKERS.items()),
        outcomes=OUTCOMES,
        needed_for=NEEDED_FOR,
        **context,
    )


class ConditionRequestReadPages(Controller):
    path = "/condition-requests/{request_id:int}"
    include_in_schema = False
    guards = [READERS]

    @get("/")
    async def show(self, request: AuthedRequest, request_id: Id, done: Done = "") -> Template:
        """The request, its documents, the steps so far and the next steps that apply."""
        return await request_page(request, request_id, done=done)

    @get("/zone.svg", media_type="image/svg+xml")
    async def zone_svg(self, request: AuthedRequest, request_id: Id) -> Response[bytes]:
        """The exclusion zone drawn from its own outline, shown on the request's page."""
        svg = await documents.zone_map_svg(request.user, request_id)
        return document(svg, "image/svg+xml", f"zone-{request_id}.svg")

    @get("/zone-map.png", media_type="image/png")
    async def zone_map_png(self, request: AuthedRequest, request_id: Id) -> Response[bytes]:
        """Every zone over the basemap (or the 1 km grid), shown on the request's page."""
        png = await documents.zone_map_png(request.user, request_id)
        return document(png, "image/png", f"zone-map-{request_id}.png")

    @get("/zone-map.pdf", media_type="application/pdf")
    async def zone_map_pdf(self, request: AuthedRequest, request_id: Id) -> Response[bytes]:
        """The decision maker's map of the zones, to attach to the licence."""
        pdf = await documents.zone_map_pdf(request.user, request_id)
        return document(pdf, "application/pdf", f"zone-map-{request_id}.pdf")

    @get("/map/file", media_type="application/octet-stream")
    async def map_file(self, request: AuthedRequest, request_id: Id) -> Response[bytes]:
        """The map file as the VLO attached it (as it goes to the decision maker, for the
        offender manager)."""
        media_type, content = await documents.map_file(request.user, request_id)
        return document(content, media_type, f"map-{request_id}")

    @get("/representation.pdf", media_type="application/pdf")
    async def representation(self, request: AuthedRequest, request_id: Id) -> Response[bytes]:
        """The representation to the decision maker, from the exact copy forwarded."""
        pdf = await documents.representation_pdf(request.user, request_id)
        return document(pdf, "application/pdf", f"representation-{request_id}.pdf")
