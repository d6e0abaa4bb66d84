"""The unit's letters to print for a day: the list on screen (how many, to whom, which letter,
large print flagged), the PDF with its cover sheet, and marking the whole run sent once it is
posted. Marking names the letters that were listed, so a letter drafted after the list was shown
is never marked with them (`vcs.correspondence.print_runs`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.correspondence.letter_pages import CASEWORK, _pdf
from api.web.error_pages import status_of
from api.web.forms import FormErrors, domain_problems, form_values, read_date, schema_problems
from api.web.params import AuthedRequest
from api.web.templating import field_id, page
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.core.schemas import MAX_ID
from vcs.correspondence import outbox, print_runs

RunDate = Annotated[date | None, QueryParameter(name="date")]
Drafted = Annotated[date, QueryParameter(name="date")]
Marked = Annotated[int | None, QueryParameter(ge=0, le=MAX_ID)]
MARK_FIELDS = ["on", "late_reason", "confirm"]
MARK_LABELS = {
    "on": "the date the letters were posted",
    "late_reason": "why first contact is late",
    "letter_ids": "the letters to mark as sent",
}


def _run_values(request: AuthedRequest, on: date | None) -> dict[str, str]:
    """The day asked for, as the date input's three boxes."""
    if on is not None:
        return {"date-day": str(on.day), "date-month": str(on.month), "date-year": str(on.year)}
    return {
        f"date-{part}": str(request.query_params.get(f"date-{part}", ""))[:4]
        for part in ("day", "month", "year")
    }


def _sent_values(today: date) -> dict[str, str]:
    return {"on-day": str(today.day), "on-month": str(today.month), "on-year": str(today.year)}


async def _run_page(
    request: AuthedRequest, on: date, status: int = 200, **context: Any
) -> Template:
    """The run's letters, with the form to mark them all sent while any is a draft."""
    letters = await print_runs.run_letters(request.user, on)
    if not letters:
        raise NotFound("Your unit drafted no letters on this day")
    context.setdefault("values", _sent_values(request.app.state.today()))
    context.setdefault("errors", {})
    return page(
        "letters/print_run_list.html",
        status_code=status,
        on=on,
        letters=letters,
        drafts=[letter for letter in letters if letter.status == "draft"],
        **context,
    )


class PrintRunPages(Controller):
    path = "/letters/print-run"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/")
    async def print_run(
        self, request: AuthedRequest, on: RunDate = None, marked: Marked = None
    ) -> Template:
        """The letters the unit drafted on a day (not cancelled); without a day, the form to
        choose it."""
        values = _run_values(request, on)
        errors, status = FormErrors(date_fields=frozenset({"date"})), 400
        if on is None and any(values.values()):
            what = "the day the letters were drafted"
            chosen = read_date(values, "date", what, errors, required=True)
            on = date.fromisoformat(chosen) if chosen else None
        if on is not None:
            try:
                return await _run_page(request, on, marked=marked)
            except NotFound:
                errors.add("date", f"Your unit drafted no letters on {on.day} {on:%B %Y}")
                status = 404
        return page(
            "letters/print_run.html",
            status_code=status if errors else 200,
            today=request.app.state.today(),
            values=values,
            errors=errors.messages,
            error_list=errors.summary(),
        )

    @get("/letters.pdf", media_type="application/pdf")
    async def pdf(self, request: AuthedRequest, on: Drafted) -> Response[bytes]:
        """The run's letters after a cover sheet, as one PDF to print; each letter is audited."""
        content = await outbox.print_run(request.user, on)
        return _pdf(content, f"letters-{on.isoformat()}")

    @post("/sent")
    async def mark_sent(self, request: AuthedRequest, on: Drafted) -> Template | Redirect:
        """Mark every listed letter of the run that is still a draft as sent, at once."""
        values = await form_values(request)
        done, errors, status = await _mark(request, on, values)
        if done is not None:
            url = f"/letters/print-run?date={on.isoformat()}&marked={len(done.marked)}"
            return Redirect(url, status_code=303)
        summary = errors.summary(["form", *MARK_FIELDS])
        return await _run_page(
            request, on, status, values=values, errors=errors.messages, error_list=summary
        )


def _listed(values: dict[str, str]) -> list[int]:
    """The letters that were listed when the form was shown (a hidden field)."""
    found = values.get("letters", "").split(",")
    return [int(i) for i in found if i.isascii() and i.isdigit() and len(i) <= 10]


async def _mark(
    request: AuthedRequest, on: date, values: dict[str, str]
) -> tuple[print_runs.RunMarked | None, FormErrors, int]:
    """Mark the run sent as the form asks; or the problems and their status (nothing marked)."""
    errors, status = FormErrors(date_fields=frozenset({"on"})), 400
    sent_on = read_date(values, "on", "the date the letters were posted", errors, required=True)
    if values.get("confirm") != "yes":
        errors.add("confirm", "Confirm that you have printed and posted these letters")
    if sent_on is None or errors:
        return None, errors, status
    try:
        today = request.app.state.today()
        sent = date.fromisoformat(sent_on)
        late = values.get("late_reason", "")
        body = {"on": sent, "letter_ids": _listed(values), "late_reason": late}
        data = print_runs.RunSent.model_validate(body)
        done = await print_runs.mark_run_sent(
            request.user, on, data.letter_ids, data.on, today, data.late_reason
        )
        return done, errors, status
    except ValidationError as exc:
        schema_problems(exc, MARK_LABELS, errors)
        return None, errors, status
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        if not exc.problems:
            errors.add("form", exc.message, field_id("on-day"))
        domain_problems(exc, MARK_FIELDS, errors)
        return None, errors, status_of(exc)
