"""Messages to victims through GOV.UK Notify: a case's messages, preparing and approving them,
the unit's failed deliveries, and Notify's delivery callbacks. For the Victim Liaison Unit
only; the callback is Notify's, authenticated by the bearer token configured in Notify."""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotAuthorizedException
from litestar.params import JSONBody

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow, bearer_token
from vcs.core import config
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.notifications import delivery, queue, reads
from vcs.notifications.schemas import (
    ApprovalOut,
    DeliveryReceipt,
    MessagesApprove,
    MessagesCreate,
    NotificationOut,
    NotificationsOut,
)

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)


class CaseNotificationController(Controller):
    path = "/api/v1/cases/{case_id:int}/notifications"
    tags = ["Notifications"]
    guards = [CASEWORK]

    @get("/")
    async def list_for_case(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> NotificationsOut:
        """Every message of the case, newest first, with each status Notify reported."""
        return await reads.case_notifications(request.user, case_id, limit, offset)

    @post("/")
    async def prepare(
        self, request: AuthedRequest, case_id: Id, data: JSONBody[MessagesCreate]
    ) -> NotificationsOut:
        """Prepare the messages telling the victim of a key stage, to wait for approval."""
        await queue.prepare_messages(request.user, case_id, data, request.app.state.today())
        return await reads.case_notifications(request.user, case_id, 50, 0)

    @post("/approval", status_code=200)
    async def approve(
        self, request: AuthedRequest, case_id: Id, data: JSONBody[MessagesApprove]
    ) -> ApprovalOut:
        """Approve the messages waiting on the case: the sending worker then sends them."""
        return await queue.approve(request.user, case_id, data, request.app.state.today())


class NotificationController(Controller):
    path = "/api/v1/notifications"
    tags = ["Notifications"]
    guards = [CASEWORK]

    @get("/failed")
    async def failed(
        self, request: AuthedRequest, limit: Limit = 50, offset: Offset = 0
    ) -> Page[NotificationOut]:
        """The unit's messages that were not delivered, newest first."""
        return await reads.failed_deliveries(request.user, limit, offset)

    @post("/approval", status_code=200)
    async def approve_batch(
        self, request: AuthedRequest, data: JSONBody[MessagesApprove]
    ) -> ApprovalOut:
        """Approve every message of one batch (a bulk change's) in the caller's unit."""
        return await queue.approve(request.user, None, data, request.app.state.today())


def _check_notify_token(request: Request[Any, Any, Any]) -> None:
    expected = config.settings.notify_callback_token
    given = bearer_token(request)
    if not expected or not given or not hmac.compare_digest(given, expected):
        raise NotAuthorizedException("This needs the callback bearer token configured in Notify")


@post(
    "/api/v1/notify/callbacks",
    status_code=200,
    tags=["Notifications"],
    security=[{"bearer": []}],
)
async def notify_callback(
    request: Request[Any, Any, Any], data: JSONBody[DeliveryReceipt]
) -> dict[str, str]:
    """A GOV.UK Notify delivery receipt: kept once (a repeat changes nothing), in any order."""
    _check_notify_token(request)
    outcome = await delivery.apply_status(
        data.id,
        data.reference,
        data.status,
        data.completed_at or data.sent_at or data.created_at,
        "callback",
        request.app.state.today(),
    )
    return {"outcome": outcome}
