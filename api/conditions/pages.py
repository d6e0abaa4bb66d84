"""The VLO's steps on a licence-condition request's own page: the forms for the next steps that
apply (forward it, a VLU manager's approval to forward a zone or premises that could point to a
home, record the decision, record that the victim was told, withdraw it at the victim's wish,
attach a map, delete a draft; the step forms are read in `api.conditions.step_forms`). The page
itself and its documents (the zone drawn as a map, the map file, the representation to the
decision maker), read by the offender manager too, go through the offender side's door:
`api.offender_side.request_pages`.

The victim's request goes straight to the decision maker: no page offers a step that stops a
forward; the use cases decide which steps a request's state allows, and refuse the rest.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from api.conditions.routes import VLO
from api.conditions.step_forms import take_step
from api.web.error_pages import status_of
from api.web.forms import FormErrors
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import page
from vcs.conditions import documents
from vcs.conditions import requests as conditions
from vcs.conditions.schemas import ConditionRequestOut
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.core.uploads import MAX_MAP_BYTES


async def _map_form(
    request: AuthedRequest, request_id: int, status: int, **context: Any
) -> Template:
    found = await conditions.get_request(request.user, request_id, request.app.state.today())
    if not isinstance(found, ConditionRequestOut):
        raise PermissionDenied("Only the case's Victim Liaison Unit can attach a map")
    megabytes = MAX_MAP_BYTES // (1024 * 1024)
    return page("conditions/map.html", status, r=found, megabytes=megabytes, **context)


class ConditionRequestPages(Controller):
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
        return await take_step(request, request_id, "forward")

    @post("/forwarding-approval", guards=[allow(Role.VLU_MANAGER)])
    async def approve(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """A VLU manager approves forwarding, as drawn, a zone or premises that could point to
        a home, with the reason."""
        return await take_step(request, request_id, "approval")

    @post("/decision", guards=[VLO])
    async def decision(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """Record the decision maker's decision."""
        return await take_step(request, request_id, "decision")

    @post("/victim-informed", guards=[VLO])
    async def informed(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """Record the day the victim was told the decision."""
        return await take_step(request, request_id, "informed")

    @post("/withdraw", guards=[VLO])
    async def withdraw(self, request: AuthedRequest, request_id: Id) -> Template | Redirect:
        """The victim withdraws their request (their own choice)."""
        return await take_step(request, request_id, "withdraw")

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
        case_id = found.case_id if isinstance(found, ConditionRequestOut) else 0
        return Redirect(f"/cases/{case_id}?done=condition-deleted", status_code=303)
