"""The request page itself and its step forms (forward it, record the decision, record that the
victim was told, withdraw it at the victim's wish): each form's fields, read and handed to its
use case, or the page shown again with the problems. The routes are in `api.conditions.pages`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar.response import Redirect, Template
from pydantic import BaseModel, ValidationError

from api.conditions.form_pages import LABELS
from api.conditions.forward_check import check_forward
from api.offender_side.request_pages import request_page
from api.web.error_pages import status_of
from api.web.forms import (
    CONFIRM,
    FormErrors,
    asks_confirmation,
    confirmed,
    form_values,
    read_date,
    schema_problems,
)
from api.web.labels import label
from api.web.params import AuthedRequest
from api.web.templating import field_id
from vcs.conditions import approval, forwarding, steps
from vcs.conditions import requests as conditions
from vcs.conditions.schemas import (
    DecisionIn,
    ForwardIn,
    ForwardingApprovalIn,
    Outcome,
    VictimInformedIn,
    WithdrawIn,
)
from vcs.core.actors import Actor
from vcs.core.errors import DomainError, NotFound, PermissionDenied

Action = Callable[[Actor, int, Any, date], Awaitable[Any]]


@dataclass(frozen=True)
class Step:
    """A form on the request's page: its fields' prefix, schema, use case and field labels."""

    prefix: str
    schema: type[BaseModel]
    action: Action
    labels: dict[str, str]
    shown_when: frozenset[str]  # the request's statuses in which the page shows this form
    choices: frozenset[str] = frozenset()

    def field(self, name: str) -> str:
        return f"{self.prefix}.{name}"


STEPS = {
    "forward": Step(
        "forward",
        ForwardIn,
        forwarding.forward_to_decision_maker,
        {
            "decision_maker": "the decision maker",
            "on": "the date it was forwarded",
            "decision_maker_reason": "why it goes to this decision maker",
        },
        frozenset({"draft"}),
        frozenset({"decision_maker"}),
    ),
    "decision": Step(
        "decision",
        DecisionIn,
        steps.record_decision,
        {
            "outcome": "the decision",
            "on": "the date of the decision",
            "final_wording": "the condition as granted",
            "reason": "the decision maker's reasons",
        },
        frozenset({"forwarded"}),
        frozenset({"outcome"}),
    ),
    "informed": Step(
        "informed",
        VictimInformedIn,
        steps.mark_victim_informed,
        {"on": "the date the victim was told"},
        frozenset({"decided"}),
    ),
    "withdraw": Step(
        "withdraw",
        WithdrawIn,
        steps.withdraw_request,
        {"on": "the date the victim withdrew it", "reason": "the victim's reason"},
        frozenset({"draft", "forwarded"}),
    ),
    "approval": Step(
        "approval",
        ForwardingApprovalIn,
        approval.approve_forwarding,
        {"reason": "why it may be forwarded as drawn"},
        frozenset({"draft"}),
    ),
}
OUTCOMES = [(o.value, label(o.value, "outcome")) for o in Outcome]


def _read_step(step: Step, values: dict[str, str], errors: FormErrors) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, what in step.labels.items():
        if name == "on":
            body["on"] = read_date(values, step.field("on"), what, errors, required=True)
        elif value := values.get(step.field(name), "").strip():
            body[name] = value
    if CONFIRM in step.schema.model_fields:
        body[CONFIRM] = confirmed(values, step.prefix + ".")
    return {k: v for k, v in body.items() if v is not None}


def _in_words(exc: DomainError) -> str:
    """The use case's message, naming the request's fields at fault (the screen refuses a
    forward whose words now hold a victim's details)."""
    named = [LABELS[p.field] for p in exc.problems if p.field in LABELS]
    return exc.message + (f" ({', '.join(named)})" if named else "")


async def take_step(request: AuthedRequest, request_id: int, name: str) -> Template | Redirect:
    """Take one step with the use case, or show the request's page again with the problems."""
    step = STEPS[name]
    values = await form_values(request)
    action = values.get(step.field("action"), "")
    if name == "forward" and action == "change":
        return await request_page(request, request_id, values=values, posted=name)
    errors = FormErrors(frozenset({step.field("on")}))
    body = _read_step(step, values, errors)
    status, asked = 400, ""
    try:
        data = step.schema.model_validate(body)
        if not errors and isinstance(data, ForwardIn) and action != "confirm":
            # A refusal shows now, on the request's page, before the VLO confirms.
            today = request.app.state.today()
            await forwarding.check_forwarding(request.user, request_id, data, today)
            return await check_forward(request, request_id, values, data)
        if not errors:
            await step.action(request.user, request_id, data, request.app.state.today())
            return Redirect(f"/condition-requests/{request_id}?done={name}", status_code=303)
    except ValidationError as exc:
        choices = frozenset(step.field(c) for c in step.choices)
        schema_problems(exc, step.labels, errors, choices, prefix=step.prefix + ".")
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        status = status_of(exc)
        asked = name if asks_confirmation(exc) else ""
        for problem in exc.problems:
            if problem.field in step.labels:
                errors.add(step.field(problem.field), problem.message)
        if not errors:
            first = next(iter(step.labels))
            anchor = field_id(step.field(first) + ("-day" if first == "on" else ""))
            errors.add(step.field("form"), _in_words(exc), anchor)
    order = [step.field(n) for n in step.labels]
    problems = errors.summary([step.field("form"), *order])
    found = await conditions.get_request(request.user, request_id, request.app.state.today())
    if found.status not in step.shown_when:
        # The request moved on (another tab, another VLO): its form is gone, so link nowhere.
        problems = [{"text": p["text"]} for p in problems]
    return await request_page(
        request,
        request_id,
        status,
        values=values,
        errors=errors.messages,
        error_list=problems,
        posted=name,
        confirm_asked=asked,
    )
