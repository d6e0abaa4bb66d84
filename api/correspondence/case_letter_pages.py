"""A case's letters for its Victim Liaison Unit: the letters on the case page, and drafting a
letter (which letter, the details it asks for beyond what the case holds, its language and
channel). Who a letter goes to, in which language and whether it may go at all is decided by the
letters use cases (vcs.correspondence.outbox); these pages show their answers and their refusals.
A letter's own page, sending or cancelling it and the print run are in
`api.correspondence.letter_pages`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from litestar import Controller, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.correspondence.letter_choice import chosen, prefilled
from api.web.forms import (
    FormErrors,
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
from vcs.casework import case_file, unit_scope, victim_details
from vcs.core.actors import Role
from vcs.core.errors import DomainError
from vcs.correspondence import outbox
from vcs.correspondence.schemas import LetterCreate, LetterOut

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)
CASE_LETTERS_SHOWN = 100
Chosen = Annotated[str, QueryParameter(max_length=48)]
Step = Annotated[Literal["", "letter"], QueryParameter()]  # sent by the choice's Continue

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
    """The first step (which letter) until a letter is chosen, then only that letter's form."""
    case = await unit_scope.case_in_unit(request.user, case_id)
    context.setdefault("errors", {})
    values = context.setdefault("values", {})
    letter = chosen(values.get("template", ""))
    if letter is None:
        return page(
            "letters/choose.html",
            status_code=status_code,
            case=case,
            templates=templates(),
            needs_parent=await victim_details.needs_parent_or_guardian(
                case, request.app.state.today()
            ),
            **context,
        )
    if "version" not in values:  # the form as first shown: dates from the sentence record
        values.update(await prefilled(request, case["offender"], DETAILS.get(letter, ())))
        values["version"] = str(case["version"])
    return page(
        "letters/new.html",
        status_code=status_code,
        case=case,
        preferences=await case_file.preferences_of(case),
        letter=letter,
        when_used=WHEN_USED.get(letter, ""),
        details=DETAILS,
        needs_parent=await victim_details.needs_parent_or_guardian(case, request.app.state.today()),
        **context,
    )


class CaseLetterPages(Controller):
    path = "/cases/{case_id:int}/letters"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/new")
    async def new(
        self, request: AuthedRequest, case_id: Id, template: Chosen = "", step: Step = ""
    ) -> Template:
        """Which letter to draft; once chosen (`template`), the form with its own details."""
        if (template or step) and chosen(template) is None:  # "Continue" with no letter
            errors = FormErrors()
            errors.add("template", "Select which letter to draft")
            summary = errors.summary()
            return await _draft_page(
                request, case_id, 400, errors=errors.messages, error_list=summary
            )
        return await _draft_page(request, case_id, values={"template": template})

    @post("/new")
    async def draft(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Draft the letter: the use case decides its addressee and language, and refuses a
        letter that cannot go (nothing is written then)."""
        values = await form_values(request)
        letter, errors, status = await _draft(request, case_id, values)
        if letter is not None:
            return Redirect(f"/letters/{letter.id}?done=drafted", status_code=303)
        if status == 412:  # the form now carries the version the VLO has seen
            case = await unit_scope.case_in_unit(request.user, case_id)
            values = {**values, "version": str(case["version"])}
        return await _draft_page(
            request,
            case_id,
            status,
            values=values,
            errors=errors.messages,
            error_list=errors.summary(DRAFT_ORDER),
        )
