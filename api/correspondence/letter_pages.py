"""A letter's own pages for its Victim Liaison Unit: the letter with its PDF, marking it sent or
cancelling it. Whether a letter may go is decided by the letters use cases
(vcs.correspondence.outbox); these pages show their answers and their refusals. Drafting a
letter on a case is in `api.correspondence.case_letter_pages`, the unit's letters to print for a
day in `api.correspondence.print_run_pages`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.error_pages import status_of
from api.web.forms import FormErrors, domain_problems, form_values, read_date, schema_problems
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.correspondence import outbox
from vcs.correspondence.schemas import LetterCancel, LetterSend

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
PDF_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
Done = Annotated[Literal["", "drafted", "sent", "cancelled"], QueryParameter()]
SEND_LABELS = {"on": "the date the letter was sent", "late_reason": "why first contact is late"}
CANCEL_LABELS = {"reason": "why the letter must not go out"}


async def _letter_page(
    request: AuthedRequest, letter_id: int, status_code: int = 200, **context: Any
) -> Template:
    letter = await outbox.get_letter(request.user, letter_id)
    if letter.status != "draft" and context.get("error_list"):
        # No form is shown for a letter already sent or cancelled: nothing to link to.
        context["error_list"] = [{"text": e["text"]} for e in context["error_list"]]
    context.setdefault("values", {})
    context.setdefault("errors", {})
    return page("letters/show.html", status_code=status_code, letter=letter, **context)


def _pdf(content: bytes, name: str) -> Response[bytes]:
    disposition = {"Content-Disposition": f'inline; filename="{name}.pdf"'}
    return Response(content, media_type="application/pdf", headers={**PDF_HEADERS, **disposition})


class LetterPages(Controller):
    path = "/letters"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/{letter_id:int}")
    async def show(self, request: AuthedRequest, letter_id: Id, done: Done = "") -> Template:
        """One letter: what, to whom, its status; and, while a draft, sending or cancelling it."""
        return await _letter_page(request, letter_id, done=done)

    @get("/{letter_id:int}/preview.pdf", media_type="application/pdf")
    async def preview(self, request: AuthedRequest, letter_id: Id) -> Response[bytes]:
        """The letter's PDF as drafted, shown in the browser; every read is audited."""
        reference, content = await outbox.letter_pdf(request.user, letter_id)
        return _pdf(content, reference.replace("/", "-"))

    @post("/{letter_id:int}/send")
    async def send(self, request: AuthedRequest, letter_id: Id) -> Template | Redirect:
        """Mark a draft as sent on a date: a contact attempt on the case."""
        values = await form_values(request)
        errors, status = FormErrors(date_fields=frozenset({"on"})), 400
        on = read_date(values, "on", SEND_LABELS["on"], errors, required=True)
        if not errors:
            try:
                data = LetterSend.model_validate(
                    {"on": on, "late_reason": values.get("late_reason", "").strip()}
                )
                await outbox.send_letter(request.user, letter_id, data, request.app.state.today())
                return Redirect(f"/letters/{letter_id}?done=sent", status_code=303)
            except ValidationError as exc:
                schema_problems(exc, SEND_LABELS, errors)
            except (NotFound, PermissionDenied):
                raise
            except DomainError as exc:
                if not exc.problems:  # a refusal of the whole letter: shown by the date
                    errors.add("form", exc.message, field_id("on-day"))
                domain_problems(exc, ["on", "late_reason"], errors)
                status = status_of(exc)
        return await _letter_page(
            request,
            letter_id,
            status,
            values=values,
            errors=errors.messages,
            error_list=errors.summary(["on", "late_reason"]),
            posted="send",
        )

    @post("/{letter_id:int}/cancel")
    async def cancel(self, request: AuthedRequest, letter_id: Id) -> Template | Redirect:
        """Cancel a draft that must not go out."""
        values = await form_values(request)
        errors, status = FormErrors(), 400
        try:
            data = LetterCancel.model_validate({"reason": values.get("reason", "").strip()})
            await outbox.cancel_letter(request.user, letter_id, data, request.app.state.today())
            return Redirect(f"/letters/{letter_id}?done=cancelled", status_code=303)
        except ValidationError as exc:
            schema_problems(exc, CANCEL_LABELS, errors)
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            domain_problems(exc, ["reason"], errors)
            status = status_of(exc)
        return await _letter_page(
            request,
            letter_id,
            status,
            values=values,
            errors=errors.messages,
            error_list=errors.summary(),
            posted="cancel",
        )
