"""The Victim Liaison Unit's letter pages: a case's letters on the case page, drafting a letter,
a letter with its PDF, marking it sent or cancelling it, and the unit's letters to print for a
day. Who a letter goes to, in which language and whether it may go at all is decided by the
letters use cases (vcs.correspondence.outbox); these pages show their answers and their refusals."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from litestar import Controller, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.error_pages import status_of
from api.web.forms import (
    FormErrors,
    domain_problems,
    form_values,
    read_date,
    read_version,
    refusal,
    schema_problems,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from letters import Template as LetterTemplate
from vcs.casework import cases
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.correspondence import outbox
from vcs.correspondence.schemas import LetterCancel, LetterCreate, LetterOut, LetterSend

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
PDF_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
CASE_LETTERS_SHOWN = 100
Done = Annotated[Literal["", "drafted", "sent", "cancelled"], QueryParameter()]
RunDate = Annotated[date | None, QueryParameter(name="date")]

# When each letter is used, in the VLO's words (the names are in api/web/labels.py).
WHEN_USED: Mapping[str, str] = {
    "initial_offer": "The first letter after a referral, offering the scheme. Sending it meets "
    "the first-contact deadline.",
    "follow_up": "When the victim has not answered the first letter.",
    "opt_in_confirmation": "When the case records that the victim opted in: confirms what they "
    "will hear and how.",
    "opt_out_acknowledgement": "When the case records that the victim opted out. It is the only "
    "letter an opted-out victim can be sent.",
    "nominated_contact_confirmation": "Tells the victim who will hear from us on their behalf. "
    "The case must have a nominated contact.",
    "key_stage_parole_review": "A parole hearing is coming: asks for a Victim Personal Statement.",
    "key_stage_release": "The offender is due to be released: only the month is printed, "
    "never the place.",
    "key_stage_recall": "The offender has been recalled to prison.",
    "conditions_outcome": "Tells the victim which licence conditions relate to them and when "
    "they end.",
    "annual_contact": "Once a year, for victims who chose an annual letter.",
    "case_closure": "When the case closes. For a closed case the reason is taken from the case.",
}

# The details each letter asks for beyond what the case holds (form names are the schema's paths).
DETAILS: Mapping[str, tuple[str, ...]] = {
    "opt_in_confirmation": ("fields.level",),
    "key_stage_parole_review": ("fields.hearing_date", "fields.vps_deadline"),
    "key_stage_release": ("fields.release_date",),
    "key_stage_recall": ("fields.recall_date",),
    "conditions_outcome": ("fields.conditions", "fields.conditions_end"),
    "case_closure": ("fields.closure_reason",),
}
DATE_DETAILS = frozenset(
    {
        "fields.hearing_date",
        "fields.vps_deadline",
        "fields.release_date",
        "fields.recall_date",
        "fields.conditions_end",
    }
)
DRAFT_LABELS = {
    "template": "which letter to draft",
    "language": "the language of the letter",
    "channel": "how the letter is sent",
    "fields.level": "how much the victim chose to hear",
    "fields.hearing_date": "the date of the parole hearing",
    "fields.vps_deadline": "the date the Victim Personal Statement is needed by",
    "fields.release_date": "the release date",
    "fields.recall_date": "the date of the recall",
    "fields.conditions": "the licence conditions",
    "fields.conditions_end": "the date the licence conditions end",
    "fields.closure_reason": "the reason the case is closing",
    "version": "the case version",
}
DRAFT_ORDER = [
    "template",
    *[name for names in DETAILS.values() for name in names],
    "language",
    "channel",
]
SEND_LABELS = {"on": "the date the letter was sent", "late_reason": "why first contact is late"}
CANCEL_LABELS = {"reason": "why the letter must not go out"}


def templates() -> list[dict[str, str]]:
    """Every letter the use case drafts, with when it is used."""
    return [{"value": t.value, "hint": WHEN_USED.get(t.value, "")} for t in LetterTemplate]


async def letters_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case's letters for the case page (a VLO's or a VLU manager's own unit only)."""
    found = await outbox.list_letters(request.user, case_id, CASE_LETTERS_SHOWN, 0)
    return {"letters": found}


def _one_per_line(text: str) -> list[str] | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines or None


def _draft_data(values: Mapping[str, str], errors: FormErrors) -> dict[str, Any]:
    """The posted draft form as LetterCreate's fields: only the chosen letter's own details."""
    template = values.get("template", "")
    fields: dict[str, Any] = {}
    for name in DETAILS.get(template, ()):
        key = name.removeprefix("fields.")
        if name in DATE_DETAILS:
            value: Any = read_date(values, name, DRAFT_LABELS[name], errors, required=False)
        elif name == "fields.conditions":
            value = _one_per_line(values.get(name, ""))
        else:
            value = values.get(name, "").strip() or None
        if value is not None:
            fields[key] = value
    data: dict[str, Any] = {"template": template or None, "fields": fields}
    for name in ("language", "channel"):
        if values.get(name):
            data[name] = values[name]
    data["version"] = read_version(values, errors, field_id("template"))
    return data


def _form_name(name: str) -> str:
    """A problem's field as the form's field: every condition is in one box."""
    if name.startswith("fields.conditions") and not name.startswith("fields.conditions_end"):
        return "fields.conditions"
    return name


def _folded(errors: FormErrors) -> FormErrors:
    out = FormErrors(date_fields=errors.date_fields)
    for name, message in errors.messages.items():
        form_name = _form_name(name)
        anchor = errors.anchors[name] if form_name == name else field_id(form_name)
        out.add(form_name, message, anchor)
    return out


async def _draft(
    request: AuthedRequest, case_id: int, values: Mapping[str, str]
) -> tuple[LetterOut | None, FormErrors, int]:
    """Draft the letter the form describes; or the problems and their status."""
    errors, status = FormErrors(date_fields=DATE_DETAILS), 400
    data = _draft_data(values, errors)
    if errors:
        return None, errors, status
    try:
        letter = await outbox.draft_letter(
            request.user,
            case_id,
            LetterCreate.model_validate(data),
            request.app.state.today(),
        )
        return letter, errors, status
    except ValidationError as exc:
        schema_problems(exc, DRAFT_LABELS, errors, choices=frozenset({"template"}))
    except DomainError as exc:
        status = refusal(exc, DRAFT_ORDER, errors, field_id("template"))
    return None, _folded(errors), status


async def _draft_page(
    request: AuthedRequest, case_id: int, status_code: int = 200, **context: Any
) -> Template:
    case = await cases.case_in_unit(request.user, case_id)
    preferences = await cases.preferences_of(case)
    context.setdefault("values", {"version": str(case["version"])})
    context.setdefault("errors", {})
    return page(
        "letters/new.html",
        status_code=status_code,
        case=case,
        preferences=preferences,
        templates=templates(),
        details=DETAILS,
        **context,
    )


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


class CaseLetterPages(Controller):
    path = "/cases/{case_id:int}/letters"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/new")
    async def new(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to draft a letter for the case."""
        return await _draft_page(request, case_id)

    @post("/new")
    async def draft(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Draft the letter: the use case decides its addressee and language, and refuses a
        letter that cannot go (nothing is written then)."""
        values = await form_values(request)
        letter, errors, status = await _draft(request, case_id, values)
        if letter is not None:
            return Redirect(f"/letters/{letter.id}?done=drafted", status_code=303)
        if status == 412:  # the form now carries the version the VLO has seen
            case = await cases.case_in_unit(request.user, case_id)
            values = {**values, "version": str(case["version"])}
        return await _draft_page(
            request,
            case_id,
            status,
            values=values,
            errors=errors.messages,
            error_list=errors.summary(DRAFT_ORDER),
        )


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

    @get("/print-run")
    async def print_run(self, request: AuthedRequest, on: RunDate = None) -> Any:
        """The letters the unit drafted on a day (not cancelled), after a cover sheet, as one
        PDF to print; without a day, the form to choose it."""
        values = _run_values(request, on)
        errors, status = FormErrors(date_fields=frozenset({"date"})), 400
        if on is None and any(values.values()):
            what = "the day the letters were drafted"
            chosen = read_date(values, "date", what, errors, required=True)
            on = date.fromisoformat(chosen) if chosen else None
        if on is not None:
            try:
                content = await outbox.print_run(request.user, on)
                return _pdf(content, f"letters-{on.isoformat()}")
            except NotFound as exc:
                errors.add("date", exc.message)
                status = status_of(exc)
        return page(
            "letters/print_run.html",
            status_code=status if errors else 200,
            today=request.app.state.today(),
            values=values,
            errors=errors.messages,
            error_list=errors.summary(),
        )


def _run_values(request: AuthedRequest, on: date | None) -> dict[str, str]:
    """The day asked for, as the date input's three boxes."""
    if on is not None:
        return {"date-day": str(on.day), "date-month": str(on.month), "date-year": str(on.year)}
    return {
        f"date-{part}": str(request.query_params.get(f"date-{part}", ""))[:4]
        for part in ("day", "month", "year")
    }
