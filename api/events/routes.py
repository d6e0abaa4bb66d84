"""HMPPS domain events pushed to us, the review queue and parked messages (JSON)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import HeaderParameter, JSONBody, QueryParameter

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.events import inbox, review
from vcs.events.schemas import DismissIn, EventReceipt, HmppsEvent, InboxItem, MatchIn

MessageId = Annotated[
    str | None,
    HeaderParameter(
        name="X-Message-Id",
        max_length=128,
        pattern=r"^[A-Za-z0-9:._\-]{1,128}$",
        description="The sender's id for the message, if it has one",
    ),
]


class EventController(Controller):
    path = "/api/v1/events"
    tags = ["Events from HMPPS"]

    @post("/", status_code=202, guards=[allow(Role.INTEGRATION)])
    async def push_event(
        self, request: AuthedRequest, data: JSONBody[HmppsEvent], message_id: MessageId = None
    ) -> EventReceipt:
        """One HMPPS domain event as published; recorded once, then handled as from the queue."""
        return await inbox.push(request.user, data, message_id, request.app.state.now())

    @get("/", guards=[allow(Role.VLU_MANAGER, Role.ADMIN)])
    async def list_events(
        self,
        request: AuthedRequest,
        status: Annotated[
            str, QueryParameter(description="unmatched (the review queue), parked, ...")
        ] = "unmatched",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[InboxItem]:
        """Events of one status, oldest first: managers the review queue, the administrator all."""
        return await review.list_messages(request.user, status, limit, offset)

    @post("/{event_id:int}/match", status_code=200, guards=[allow(Role.VLU_MANAGER)])
    async def match_event(
        self, request: AuthedRequest, event_id: Id, data: JSONBody[MatchIn]
    ) -> EventReceipt:
        """Match an event in the review queue to an offender of the unit; its effect is made."""
        return await review.match(request.user, event_id, data, request.app.state.now())

    @post("/{event_id:int}/dismiss", status_code=200, guards=[allow(Role.VLU_MANAGER)])
    async def dismiss_event(
        self, request: AuthedRequest, event_id: Id, data: JSONBody[DismissIn]
    ) -> EventReceipt:
        """Dismiss an event in the review queue, with the reason."""
        return await review.dismiss(request.user, event_id, data, request.app.state.now())

    @post("/{event_id:int}/replay", status_code=200, guards=[allow(Role.ADMIN)])
    async def replay_event(self, request: AuthedRequest, event_id: Id) -> EventReceipt:
        """Play a parked message again, once its cause is fixed."""
        return await review.replay(request.user, event_id, request.app.state.now())
