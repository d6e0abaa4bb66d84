"""Letters: drafting a case's letters, reading and downloading them, sending or cancelling a
draft, and a unit's print run for a day. For the Victim Liaison Unit only: no offender-side
role reaches any letter."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.params import JSONBody, QueryParameter

from api.web.params import AuthedRequest, Id, Limit, Offset
from api.web.security import allow
from vcs.core.actors import Role
from vcs.core.schemas import Page
from vcs.correspondence import outbox
from vcs.correspondence.schemas import LetterCancel, LetterCreate, LetterOut, LetterSend

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
PDF_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
RunDate = Annotated[date, QueryParameter(name="date", description="YYYY-MM-DD, the drafting day")]


def _pdf(content: bytes, name: str) -> Response[bytes]:
    disposition = {"Content-Disposition": f'inline; filename="{name}.pdf"'}
    return Response(content, media_type="application/pdf", headers={**PDF_HEADERS, **disposition})


class CaseLetterController(Controller):
    path = "/api/v1/cases/{case_id:int}/letters"
    tags = ["Letters"]
    guards = [CASEWORK]

    @post("/")
    async def draft(
        self, request: AuthedRequest, case_id: Id, data: JSONBody[LetterCreate]
    ) -> LetterOut:
        """Draft a letter: addressee, language and large print from the case; PDF stored."""
        today = request.app.state.today()
        return await outbox.draft_letter(request.user, case_id, data, today)

    @get("/")
    async def list_for_case(
        self, request: AuthedRequest, case_id: Id, limit: Limit = 50, offset: Offset = 0
    ) -> Page[LetterOut]:
        """The case's letters, oldest first."""
        return await outbox.list_letters(request.user, case_id, limit, offset)


class LetterController(Controller):
    path = "/api/v1/letters"
    tags = ["Letters"]
    guards = [CASEWORK]

    @get("/batch.pdf", media_type="application/pdf")
    async def print_run(self, request: AuthedRequest, on: RunDate) -> Response[bytes]:
        """Every letter the unit drafted on a day, after a cover sheet, as one PDF."""
        pdf = await outbox.print_run(request.user, on)
        return _pdf(pdf, f"letters-{on.isoformat()}")

    @get("/{letter_id:int}")
    async def read(self, request: AuthedRequest, letter_id: Id) -> LetterOut:
        """One letter: template, addressee's name and role, status and dates."""
        return await outbox.get_letter(request.user, letter_id)

    @get("/{letter_id:int}/pdf", media_type="application/pdf")
    async def pdf(self, request: AuthedRequest, letter_id: Id) -> Response[bytes]:
        """The letter's PDF, byte for byte as drafted and sent."""
        reference, content = await outbox.letter_pdf(request.user, letter_id)
        return _pdf(content, reference.replace("/", "-"))

    @post("/{letter_id:int}/send", status_code=200)
    async def send(
        self, request: AuthedRequest, letter_id: Id, data: JSONBody[LetterSend]
    ) -> LetterOut:
        """Record a draft as sent: a contact attempt that meets the first-contact clock."""
        today = request.app.state.today()
        return await outbox.send_letter(request.user, letter_id, data, today)

    @post("/{letter_id:int}/cancel", status_code=200)
    async def cancel(
        self, request: AuthedRequest, letter_id: Id, data: JSONBody[LetterCancel]
    ) -> LetterOut:
        """Cancel a draft that must not go out."""
        today = request.app.state.today()
        return await outbox.cancel_letter(request.user, letter_id, data, today)
