"""A VLO's pages for a restricted patient's victim's statement to the First-tier Tribunal
(Mental Health): the tribunal section of the case page, and a form for each step (invite with
the hearing date, received, sent, declined, the victim told the outcome). Each form calls the
same use case as the API (`vcs.sentence.tribunal`) with the case version the VLO read, through
the casework forms' frame (`api.casework.step_pages`). Victims and Prisoners Act 2024, s.21.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.response import Redirect, Template

from api.casework.step_form_pages import Action, Values
from api.casework.step_pages import CASEWORK, form_page, submit_form
from api.web.forms import FormErrors, read_date
from api.web.params import AuthedRequest, Id
from vcs.sentence import tribunal
from vcs.sentence.schemas import TribunalStatementIn, TribunalStatementOut, TribunalStep

# What each step is called on the case page and as its form's heading.
STEP_WORDS = {
    TribunalStep.INVITED: "Invite the victim to make a statement to the tribunal",
    TribunalStep.RECEIVED: "Record the statement as received",
    TribunalStep.SENT: "Record the statement as sent to the tribunal",
    TribunalStep.DECLINED: "Record that the victim declined to make a statement",
    TribunalStep.OUTCOME_TOLD: "Record that the victim was told the tribunal's outcome",
}
STATUS_WORDS = {
    "invited": "Invited, statement awaited",
    "received": "Statement received, not yet sent",
    "sent": "Statement sent to the tribunal",
    "declined": "The victim declined to make a statement",
    "outcome_told": "The victim was told the outcome",
}
# The success banner after each step (see api.casework.caseload_pages).
BANNERS = {
    "tribunal-invited": "The invitation to make a statement to the tribunal is recorded.",
    "tribunal-received": "The statement for the tribunal is recorded as received.",
    "tribunal-sent": "The statement is recorded as sent to the tribunal.",
    "tribunal-declined": "The victim's decision not to make a statement is recorded.",
    "tribunal-outcome-told": "Telling the victim the tribunal's outcome is recorded.",
}
LABELS = {
    TribunalStep.INVITED: {
        "hearing_date": "the date of the tribunal hearing",
        "on": "the date of the invitation",
    },
    TribunalStep.RECEIVED: {"on": "the date the statement was received"},
    TribunalStep.SENT: {"on": "the date the statement was sent"},
    TribunalStep.DECLINED: {"on": "the date the victim declined"},
    TribunalStep.OUTCOME_TOLD: {
        "outcome": "what the tribunal decided",
        "on": "the date the victim was told",
    },
}


def _slug(step: TribunalStep) -> str:
    """The step as it appears in the page's address and its banner flag."""
    return step.value.replace("_", "-")


def _reader(step: TribunalStep) -> Any:
    labels = LABELS[step]

    def read(values: Values, errors: FormErrors) -> dict[str, Any]:
        body: dict[str, Any] = {"step": step.value}
        if "hearing_date" in labels:
            body["hearing_date"] = read_date(
                values, "hearing_date", labels["hearing_date"], errors, required=True
            )
        if "outcome" in labels:
            body["outcome"] = values.get("outcome", "")
            if not body["outcome"].strip():
                errors.add("outcome", "Enter what the tribunal decided")
        body["on"] = read_date(values, "on", labels["on"], errors, required=True)
        return body

    return read


def _extra(step: TribunalStep) -> Any:
    async def extra() -> dict[str, Any]:
        return {"step": step.value, "heading": STEP_WORDS[step]}

    return extra


ACTIONS = {
    step: Action(
        "sentence/tribunal_step.html",
        TribunalStatementIn,
        LABELS[step],
        _reader(step),
        tribunal.record_tribunal_step,
        f"tribunal-{_slug(step)}",
        dates=frozenset({"on", "hearing_date"}),
        extra=_extra(step),
    )
    for step in TribunalStep
}


def _next_steps(statements: list[TribunalStatementOut]) -> list[TribunalStep]:
    """The steps the current statement can take (as the use case allows them)."""
    current = next((s for s in reversed(statements) if s.outcome_told_on is None), None)
    if current is None or current.sent_on or current.declined_on:
        steps = [TribunalStep.INVITED]
    else:
        steps = []
    if current is None:
        return steps
    if not (current.received_on or current.declined_on):
        steps.append(TribunalStep.RECEIVED)
    if current.received_on and not current.sent_on:
        steps.append(TribunalStep.SENT)
    if not (current.sent_on or current.declined_on):
        steps.append(TribunalStep.DECLINED)
    steps.append(TribunalStep.OUTCOME_TOLD)
    return steps


async def tribunal_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case page's tribunal section, for a restricted patient's victim only: the statements
    (oldest first) with their clocks, and the steps that can be recorded next."""
    if not await tribunal.restricted_patient(request.user, case_id):
        return {"tribunal_shown": False}
    today = request.app.state.today()
    found = await tribunal.list_tribunal_statements(request.user, case_id, today, 50, 0)
    return {
        "tribunal_shown": True,
        "tribunal_statements": found.items,
        "tribunal_status_words": STATUS_WORDS,
        "tribunal_next": [(_slug(s), STEP_WORDS[s]) for s in _next_steps(found.items)],
    }


class TribunalStatementPages(Controller):
    """A form for each step of the statement (the roles the API allows)."""

    path = "/cases/{case_id:int}/tribunal-statements"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/invited")
    async def invite_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to invite the victim, with the hearing date (the clock runs to it)."""
        return await form_page(request, case_id, ACTIONS[TribunalStep.INVITED])

    @post("/invited")
    async def invite(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the invitation; the statement's clock starts."""
        return await submit_form(request, case_id, ACTIONS[TribunalStep.INVITED])

    @get("/received")
    async def received_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to record the statement as received."""
        return await form_page(request, case_id, ACTIONS[TribunalStep.RECEIVED])

    @post("/received")
    async def received(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the statement as received."""
        return await submit_form(request, case_id, ACTIONS[TribunalStep.RECEIVED])

    @get("/sent")
    async def sent_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to record the statement as sent to the tribunal."""
        return await form_page(request, case_id, ACTIONS[TribunalStep.SENT])

    @post("/sent")
    async def sent(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the statement as sent; its clock is met."""
        return await submit_form(request, case_id, ACTIONS[TribunalStep.SENT])

    @get("/declined")
    async def declined_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to record that the victim declined to make a statement."""
        return await form_page(request, case_id, ACTIONS[TribunalStep.DECLINED])

    @post("/declined")
    async def declined(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the victim declining; the clock stops."""
        return await submit_form(request, case_id, ACTIONS[TribunalStep.DECLINED])

    @get("/outcome-told")
    async def outcome_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form to record that the victim was told the tribunal's outcome."""
        return await form_page(request, case_id, ACTIONS[TribunalStep.OUTCOME_TOLD])

    @post("/outcome-told")
    async def outcome_told(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record that the victim was told the outcome, in the words they were told."""
        return await submit_form(request, case_id, ACTIONS[TribunalStep.OUTCOME_TOLD])
