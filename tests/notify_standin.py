"""A local stand-in for GOV.UK Notify, for the tests only (Notify cannot be reached from CI).

It implements the parts of Notify's published API that the service uses, as the real client
library (`notifications-python-client`) calls them: send a text message, send an email, send a
precompiled letter, get a notification by id, find notifications by reference. Requests must
carry a well-formed bearer JWT (signed by the client with the key; the stand-in does not know
the secret). The test decides the outcome for each recipient (delivered, permanent-failure,
temporary-failure...), and the stand-in posts delivery receipts to the service's callback URL
with the configured bearer token, as Notify does: in any order, and twice if asked.
"""

from __future__ import annotations

import asyncio
import base64
import re
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
import jwt
import uvicorn
from litestar import Litestar, Request, get, post
from litestar.exceptions import HTTPException
from litestar.params import JSONBody, PathParameter, QueryParameter

SERVICE_ID = "2d7a2a4c-35c9-4c2b-9a3b-6c3c8b1f0e11"
SECRET = "5b0c8f63-6fcb-4d0e-b6c4-8e2f3a8b9d21"
API_KEY = f"vcs_tests-{SERVICE_ID}-{SECRET}"
CALLBACK_TOKEN = "callback-token-for-the-tests-0123456789"
UK_MOBILE = re.compile(r"^(\+44\s?7|07)\d{3}\s?\d{6}$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Sent:
    id: str
    type: str  # sms | email | letter
    to: str
    reference: str
    template_id: str
    personalisation: dict[str, Any]
    status: str = "created"
    content: bytes = b""  # a precompiled letter's PDF
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    def as_notification(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "email_address": self.to if self.type == "email" else None,
            "phone_number": self.to if self.type == "sms" else None,
            "type": self.type,
            "status": self.status,
            "template": {"id": self.template_id, "version": 1, "uri": ""},
            "body": str(self.personalisation.get("message", "")),
            "created_at": self.created_at,
            "sent_at": None,
            "completed_at": None,
        }


class NotifyStandIn:
    """The stand-in's state: what was sent, and the outcome the test chose for each recipient."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything sent and decided (one server serves several tests)."""
        self.sent: list[Sent] = []
        self.by_id: dict[str, Sent] = {}
        self.references: Counter[str] = Counter()
        self.outcomes: dict[str, list[str]] = {}  # recipient -> outcome of each send, in turn
        self.rejections: dict[str, tuple[int, str]] = {}  # recipient -> refused at sending
        self.callbacks: list[dict[str, Any]] = []  # receipts waiting to be posted
        self.callback_url = ""
        self.lock = threading.Lock()
        self.requests = 0
        # After this many sends the stand-in holds its answers (the send recorded, the reply
        # not given) until `release` is set: a worker killed then has sent but not recorded.
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    # What the tests read and decide
    def duplicates(self) -> list[str]:
        return [ref for ref, n in self.references.items() if n > 1]

    def outcome(self, recipient: str, *statuses: str) -> None:
        self.outcomes[recipient] = list(statuses)

    def receipt(self, sent: Sent, status: str) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat()
        return {
            "id": sent.id,
            "reference": sent.reference,
            "to": sent.to,
            "status": status,
            "created_at": sent.created_at,
            "completed_at": now,
            "sent_at": now,
            "notification_type": sent.type,
            "template_id": sent.template_id,
            "template_version": 1,
        }

    def post_callbacks(self, *, reverse: bool = False, twice: bool = False) -> list[int]:
        """Post every waiting receipt to the service, as Notify does; the statuses answered."""
        with self.lock:
            waiting, self.callbacks = list(self.callbacks), []
        if reverse:
            waiting.reverse()
        answers = []
        for body in waiting * 2 if twice else waiting:
            answers.append(self.post_receipt(body))
        return answers

    def post_receipt(self, body: dict[str, Any], token: str = CALLBACK_TOKEN) -> int:
        response = httpx.post(
            self.callback_url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        return response.status_code

    # The API
    def _check_token(self, request: Request[Any, Any, Any]) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
            assert scheme == "Bearer" and claims["iss"] == SERVICE_ID and claims["iat"]
        except (jwt.PyJWTError, AssertionError, KeyError):
            raise HTTPException(status_code=403, detail="Invalid token") from None

    def _send(self, kind: str, to: str, data: dict[str, Any]) -> Sent:
        with self.lock:
            self.requests += 1
            self.references[str(data.get("reference", ""))] += 1
            sent = Sent(
                id=str(uuid.uuid4()),
                type=kind,
                to=to,
                reference=str(data.get("reference", "")),
                template_id=str(data.get("template_id", "")),
                personalisation=dict(data.get("personalisation") or {}),
            )
            self.sent.append(sent)
            self.by_id[sent.id] = sent
            queue = self.outcomes.get(to, [])
            status = queue.pop(0) if queue else "delivered"
            sent.status = "sending"
            self.callbacks.append(self.receipt(sent, status))
            sent.status = status
        return sent

    async def _maybe_hold(self) -> None:
        if self.hold_after is not None and len(self.sent) >= self.hold_after:
            self.holding.set()
            await asyncio.to_thread(self.release.wait, 60)

    def app(self) -> Litestar:
        stand_in = self

        def refused(to: str) -> None:
            if to in stand_in.rejections:
                code, message = stand_in.rejections[to]
                raise HTTPException(
                    status_code=code,
                    extra={"errors": [{"error": "BadRequestError", "message": message}]},
                )

        @post("/v2/notifications/sms", status_code=201)
        async def sms(
            request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]
        ) -> dict[str, Any]:
            stand_in._check_token(request)
            phone = str(data.get("phone_number", ""))
            if not UK_MOBILE.match(phone):
                raise HTTPException(status_code=400, detail="phone_number Not a UK mobile number")
            refused(phone)
            sent = stand_in._send("sms", phone, data)
            await stand_in._maybe_hold()
            return {
                "id": sent.id,
                "reference": sent.reference,
                "content": {
                    "body": sent.personalisation.get("message", ""),
                    "from_number": "GOVUK",
                },
                "uri": f"/v2/notifications/{sent.id}",
                "template": {"id": sent.template_id, "version": 1, "uri": ""},
            }

        @post("/v2/notifications/email", status_code=201)
        async def email(
            request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]
        ) -> dict[str, Any]:
            stand_in._check_token(request)
            address = str(data.get("email_address", ""))
            if "@" not in address:
                raise HTTPException(
                    status_code=400, detail="email_address Not a valid email address"
                )
            refused(address)
            sent = stand_in._send("email", address, data)
            await stand_in._maybe_hold()
            return {
                "id": sent.id,
                "reference": sent.reference,
                "content": {
                    "body": sent.personalisation.get("message", ""),
                    "subject": "Victim Contact Scheme",
                    "from_email": "vcs@notifications.service.gov.uk",
                },
                "uri": f"/v2/notifications/{sent.id}",
                "template": {"id": sent.template_id, "version": 1, "uri": ""},
            }

        @post("/v2/notifications/letter", status_code=201)
        async def letter(
            request: Request[Any, Any, Any], data: JSONBody[dict[str, Any]]
        ) -> dict[str, Any]:
            stand_in._check_token(request)
            content = base64.b64decode(str(data.get("content", "")))
            if not content.startswith(b"%PDF") or not data.get("reference"):
                raise HTTPException(status_code=400, detail="content is not a PDF")
            sent = stand_in._send("letter", "letter", data)
            sent.content = content
            return {"id": sent.id, "reference": sent.reference, "postage": "second"}

        @get("/v2/notifications/{notification_id:str}")
        async def one(
            request: Request[Any, Any, Any], notification_id: Annotated[str, PathParameter()]
        ) -> dict[str, Any]:
            stand_in._check_token(request)
            if notification_id not in stand_in.by_id:
                raise HTTPException(status_code=404, detail="No result found")
            return stand_in.by_id[notification_id].as_notification()

        @get("/v2/notifications")
        async def many(
            request: Request[Any, Any, Any], reference: Annotated[str, QueryParameter()] = ""
        ) -> dict[str, Any]:
            stand_in._check_token(request)
            found = [s.as_notification() for s in stand_in.sent if s.reference == reference]
            return {"notifications": found, "links": {"current": "/v2/notifications"}}

        return Litestar(route_handlers=[sms, email, letter, one, many], debug=False)


@dataclass
class Served:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve(app: Any) -> Served:
    """Run an ASGI app with uvicorn in a thread, on a free port chosen now."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    return Served(f"http://127.0.0.1:{port}", server, thread)


def running(stand_in: NotifyStandIn) -> Iterator[Served]:
    served = serve(stand_in.app())
    try:
        yield served
    finally:
        served.stop()
