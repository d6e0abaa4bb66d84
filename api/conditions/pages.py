"""The VLO's steps on a licence-condition request's own page: the forms for the next steps that
apply (forward it, record the decision, record that the victim was told, withdraw it at the
victim's wish, attach a map, delete a draft). The page itself and its documents (the zone drawn
as a map, the map file, the representation to the decision maker), read by the offender manager
too, go through the offender side's door: `api.offender_side.request_pages`.

The victim's request goes straight to the decision maker: no page offers a step that stops a
forward; the use cases decide which steps a request's state allows, and refuse the rest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template
from pydantic import BaseModel, ValidationError

from api.conditions.routes import VLO
from api.offender_side.request_pages import request_page
from api.web.error_pages import status_of
from api.web.forms import FormErrors, form_values, read_date, schema_problems
from api.web.params import AuthedRequest, Id
from api.web.templating import field_id, page
from vcs.conditions import documents, steps
from vcs.conditions import requests as conditions
from vcs.conditions.schemas import (
    DecisionIn,
    ForwardIn,
    VictimInformedIn,
    WithdrawIn,
)
from vcs.core.actors import Actor
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.core.uploads import MAX_MAP_BYTES

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
        steps.forward_to_decision_maker,
        {"decision_maker": "the decision maker", "on": "the date it was forwarded"},
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
}


def _read_step(step: Step, values: dict[str, str], errors: FormErrors) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, what in step.labels.items():
        if name == "on":
            body["on"] = read_date(values, step.field("on"), what, errors, required=True)
        elif value := values.get(step.field(name), "").strip():
            body[name] = value
    return {k: v for k, v in body.items() if v is not None}


async def _take_step(request: AuthedRequest, request_id: int, name: str) -> Template | Redirect:
    """Take one step with the use case, or show the request's page again with the problems."""
    step = STEPS[name]
    values = await form_values(request)
    errors = FormErrors(frozenset({step.field("on")}))
    body = _read_step(step, values, errors)
    status = 400
    try:
        data = step.schema.model_validate(body)
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
        for problem in exc.problems:
            if problem.field in step.labels:
                errors.add(step.field(problem.field), problem.message)
        if not errors:
            first = next(iter(step.labels))
            anchor = field_id(step.field(first) + ("-day" if first == "on" else ""))
            errors.add(step.field("form"), exc.message, anchor)
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
    )


async def _map_form(
    request: AuthedRequest, request_id: int, status: int, **context: Any
) -> Template:
    found = await conditions.get_request(request.user, request_id, request.app.state.today())
    megabytes = MAX_MAP_BYTES // (1024 * 1024)
    return page("conditions/map.html", status, r=found, megabytes=megabytes, **context)


class ConditionRequestPages(Controller):
    """The VLO's forms on the request's page (the page itself: `ConditionRequestReadPages`)."""

    path = "/condition-requests/{request_id:int}"
    include_in_schema = False

    @get("/map", guards=[VLO])
    async def map_form(self, request: AuthedRequest, request_id: Id) -> Template:
        """A form to attach the map that defines the area (PDF, PNG or JPEG)."""
        return await _map_form(request, request_id, 200, errors={})

    @post("/map", guards=[VLO], request_max_body_size=MAX_MAP_BYTES + 256 * 1024)
    async def attach_map(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """Attach the map to a draft; it goes to the decision maker with the request."""
        upload = (await request.form()).get("file")
        errors = FormErrors()
        status = 400
        if not isinstance(upload, UploadFile) or not upload.filename:
            errors.add("file", "Select the map file")
        else:
            content = await upload.read(MAX_MAP_BYTES + 1)
            try:
                today = request.app.state.today()
                await documents.upload_map(request.user, request_id, content, today)
                return Redirect(f"/condition-requests/{request_id}?done=map", status_code=303)
            except (NotFound, PermissionDenied):
                raise
            except DomainError as exc:
                status = status_of(exc)
                errors.add("file", exc.problems[0].message if exc.problems else exc.message)
        return await _map_form(
            request, request_id, status, errors=errors.messages, error_list=errors.summary()
        )

    @post("/forward", guards=[VLO])
    async def forward(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """Forward the victim's request, unchanged, to the decision maker."""
        return await _take_step(request, request_id, "forward")

    @post("/decision", guards=[VLO])
    async def decision(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """Record the decision maker's decision."""
        return await _take_step(request, request_id, "decision")

    @post("/victim-informed", guards=[VLO])
    async def informed(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """Record the day the victim was told the decision."""
        return await _take_step(request, request_id, "informed")

    @post("/withdraw", guards=[VLO])
    async def withdraw(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """The victim withdraws their request (their own choice)."""
        return await _take_step(request, request_id, "withdraw")

    @get("/delete", guards=[VLO])
    async def confirm_delete(self, request: AuthedRequest, request_id: Id) -> Template:
        """Ask the VLO to confirm deleting a draft made in error."""
        found = await conditions.get_request(request.user, request_id, request.app.state.today())
        return page("conditions/delete.html", r=found)

    @post("/delete", guards=[VLO])
    async def delete(self, request: AuthedRequest, request_id: Id) -> Redirect:
        """Delete a draft made in error (a forwarded request is never deleted)."""
        found = await conditions.get_request(request.user, request_id, request.app.state.today())
        await conditions.delete_request(request.user, request_id, request.app.state.today())
        return Redirect(f"/cases/{found.case_id}?done=condition-deleted", status_code=303)
