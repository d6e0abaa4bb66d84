"""The case page's messages section, and the page where a VLO reads and approves the messages
waiting to go to a victim."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.params import Parameter as PathParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.error_pages import status_of
from api.web.forms import FormErrors, domain_problems, form_values, read_date, schema_problems
from api.web.labels import LABELS
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.casework import case_file
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.notifications import queue, reads
from vcs.notifications.schemas import MessagesApprove, MessagesCreate, MessageStage

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
BatchName = Annotated[str, PathParameter(pattern=r"^[a-z0-9-]{1,64}$", description="the batch")]
CASE_MESSAGES_SHOWN = 20
STAGE_WORDS = LABELS["message_stage"]
BANNERS = {"messages_approved": "The messages are approved and will be sent shortly."}


async def notifications_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case's messages and their delivery for the case page (own unit only)."""
    found = await reads.case_notifications(request.user, case_id, CASE_MESSAGES_SHOWN, 0)
    return {"messages": found}


async def failed_section(request: AuthedRequest) -> dict[str, Any]:
    """The unit's failed deliveries, for the manager's page."""
    return {
        "failed_messages": await reads.failed_deliveries(request.user, 20, 0),
        "bulk_batches": await reads.bulk_batches_waiting(request.user),
    }


class NotificationPages(Controller):
    path = "/cases/{case_id:int}/messages"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/approve")
    async def approve_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The messages waiting to go to the victim, to read and approve."""
        return await _approve_page(request, case_id)

    @post("/approve")
    async def approve(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Approve the messages waiting on the case; a form without the confirmation says so."""
        values = await form_values(request)
        if values.get("confirm") != "yes":
            error = "Confirm that you have read the messages"
            return await _approve_page(request, case_id, 400, error)
        try:
            await queue.approve(
                request.user, case_id, MessagesApprove(confirm=True), request.app.state.today()
            )
        except DomainError as exc:
            return await _approve_page(request, case_id, 409, exc.message)
        return Redirect(f"/cases/{case_id}?done=messages_approved", status_code=303)


PREPARE_LABELS = {
    "stage": "the key stage",
    "on": "the date of the key stage",
    "release_month": "the release date",
}


class PreparePages(Controller):
    """A form on the case to prepare the messages telling the victim of a key stage by hand."""

    path = "/cases/{case_id:int}/messages/new"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/")
    async def prepare_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """Which key stage, its date, and the release date (only its month is told)."""
        return await _prepare_page(request, case_id)

    @post("/")
    async def prepare(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Prepare the messages; they then wait on the approval page."""
        values = await form_values(request)
        errors = FormErrors(date_fields=frozenset({"on", "release_month"}))
        status = 400
        if values.get("stage", "") not in STAGE_WORDS:
            errors.add("stage", "Select the key stage", field_id("stage"))
        on = read_date(values, "on", PREPARE_LABELS["on"], errors, required=True)
        month = read_date(
            values, "release_month", PREPARE_LABELS["release_month"], errors, required=False
        )
        if not errors:
            try:
                data = MessagesCreate.model_validate(
                    {"stage": values.get("stage", ""), "on": on, "release_month": month}
                )
                await queue.prepare_messages(request.user, case_id, data, request.app.state.today())
                return Redirect(f"/cases/{case_id}/messages/approve", status_code=303)
            except ValidationError as exc:
                schema_problems(exc, PREPARE_LABELS, errors, frozenset({"stage"}))
            except (NotFound, PermissionDenied):
                raise
            except DomainError as exc:
                if not exc.problems:
                    errors.add("form", exc.message, field_id("stage"))
                domain_problems(exc, list(PREPARE_LABELS), errors)
                status = status_of(exc)
        return await _prepare_page(request, case_id, status, values, errors)


async def _prepare_page(
    request: AuthedRequest,
    case_id: int,
    status_code: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
) -> Template:
    case = await case_file.get_case(request.user, case_id, request.app.state.today())
    errors = errors or FormErrors()
    return page(
        "notifications/prepare.html",
        status_code=status_code,
        case=case,
        stages=[(s.value, STAGE_WORDS[s.value]) for s in MessageStage],
        values=values or {},
        errors=errors.messages,
        error_list=errors.summary(list(PREPARE_LABELS)),
    )


class BatchPages(Controller):
    """A bulk change's messages to the unit's victims: read a sample, approve them all."""

    path = "/messages/batches/{batch:str}"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/approve")
    async def approve_batch_form(self, request: AuthedRequest, batch: BatchName) -> Template:
        """How many messages wait, by which channel, one of them, and "approve and send"."""
        return await _batch_page(request, batch)

    @post("/approve")
    async def approve_batch(self, request: AuthedRequest, batch: BatchName) -> Template | Redirect:
        """Approve every message of the batch waiting in the unit."""
        if not (await reads.batch_waiting(request.user, batch)).waiting:
            return await _batch_page(request, batch)  # nothing of it waits in the unit: 404
        values = await form_values(request)
        if values.get("confirm") != "yes":
            return await _batch_page(request, batch, 400, "Confirm that you have read the message")
        try:
            await queue.approve(
                request.user,
                None,
                MessagesApprove(batch=batch, confirm=True),
                request.app.state.today(),
            )
        except DomainError as exc:
            return await _batch_page(request, batch, 409, exc.message)
        return Redirect(f"/messages/batches/{batch}/approve?done=approved", status_code=303)


async def _batch_page(
    request: AuthedRequest, batch: str, status_code: int = 200, error: str = ""
) -> Template:
    found = await reads.batch_waiting(request.user, batch)
    done = request.query_params.get("done") == "approved"
    if not found.waiting and not done and status_code == 200:
        status_code = 404  # none of the batch's messages wait in the caller's unit
    return page(
        "notifications/approve_batch.html",
        status_code=status_code,
        found=found,
        done=done,
        error=error,
    )


async def _approve_page(
    request: AuthedRequest, case_id: int, status_code: int = 200, error: str = ""
) -> Template:
    case = await case_file.get_case(request.user, case_id, request.app.state.today())
    found = await reads.case_notifications(request.user, case_id, 50, 0)
    waiting = [m for m in found.items if m.state == "awaiting_approval"]
    return page(
        "notifications/approve.html",
        status_code=status_code,
        case=case,
        waiting=waiting,
        error=error,
    )
