"""MAPPA pages: the MAPPA meetings on a case's page with a form for the VLO to record the
victim's views for a meeting. The meeting pack (a page and a PDF, for the VLO and the offender
manager) and the offender manager's MAPPA section and form to arrange a meeting go through the
offender side's door: `api.offender_side.mappa_pages`.

Victims never attend a MAPPA meeting: the VLO puts each opted-in victim's views to it. Nothing
here shows a victim's address, phone, email or date of birth (the use cases return none, and
refuse views that hold them)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.web.error_pages import status_of
from api.web.forms import (
    CONFIRM,
    FormErrors,
    asks_confirmation,
    confirmed,
    domain_problems,
    form_values,
    schema_problems,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import page
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.mappa import meetings
from vcs.mappa import pack as views_for_meetings
from vcs.mappa.meetings import CaseMeeting
from vcs.mappa.schemas import VictimViewsIn

# The case page's success banner after a step of this area (see api.casework.caseload_pages).
BANNERS = {
    "views-sent": "The victim's views are recorded for the MAPPA meeting. The offender manager "
    "and the meeting will read them in the meeting pack.",
}
VIEWS_FIELDS = ("views", "concerns", "measures")
VIEWS_LABELS = {
    "views": "the victim's views",
    "concerns": "the victim's concerns",
    "measures": "the safety measures the victim wants",
    "case_id": "the case",
}


async def mappa_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case page's MAPPA section: the meetings about the case's offender, this victim's
    views for each, and whether the VLO may record them (only a VLO submits views)."""
    found = await meetings.meetings_for_case(request.user, case_id, request.app.state.today())
    return {"mappa_meetings": found, "mappa_can_record": request.user.role is Role.VLO}


async def _case_meeting(request: AuthedRequest, case_id: int, meeting_id: int) -> CaseMeeting:
    """The meeting, as seen from the case; a meeting about another offender is not found."""
    today = request.app.state.today()
    for meeting in await meetings.meetings_for_case(request.user, case_id, today):
        if meeting.meeting_id == meeting_id:
            return meeting
    raise NotFound("There is no MAPPA meeting with this number about this case's offender")


class MappaViewsPages(Controller):
    """The VLO records an opted-in victim's views for a MAPPA meeting (as the API: VLOs only)."""

    path = "/cases/{case_id:int}/mappa-meetings/{meeting_id:int}/views"
    include_in_schema = False
    guards = [allow(Role.VLO)]

    @get("/")
    async def views_form(self, request: AuthedRequest, case_id: Id, meeting_id: Id) -> Template:
        """The form for the victim's views, filled with any views recorded before."""
        meeting = await _case_meeting(request, case_id, meeting_id)
        values = {k: getattr(meeting, k) for k in VIEWS_FIELDS}
        return page(
            "mappa/views.html",
            case_id=case_id,
            meeting=meeting,
            values=values,
            errors={},
            show_form=meeting.views_wanted,
        )

    @post("/")
    async def submit(
        self, request: AuthedRequest, case_id: Id, meeting_id: Id
    ) -> Template | Redirect:
        """Check the views before they are sent, then send them once the VLO confirms; the use
        case refuses contact details and views it does not want."""
        meeting = await _case_meeting(request, case_id, meeting_id)
        values = await form_values(request)
        action = values.pop("action", "check")
        errors, status, asked = FormErrors(), 400, False
        try:
            fields = {k: values.get(k, "") for k in VIEWS_FIELDS}
            data = VictimViewsIn.model_validate(
                {"case_id": case_id, **fields, CONFIRM: confirmed(values)}
            )
            today = request.app.state.today()
            if action == "change":
                return _check_or_change(action, case_id, meeting, values)
            if action != "confirm":  # a refusal shows now, before the VLO confirms
                await views_for_meetings.check_views(request.user, meeting_id, data, today)
                return _check_or_change(action, case_id, meeting, values)
            await views_for_meetings.submit_views(request.user, meeting_id, data, today)
        except ValidationError as exc:
            schema_problems(exc, VIEWS_LABELS, errors)
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            domain_problems(exc, VIEWS_FIELDS, errors)
            status, asked = status_of(exc), asks_confirmation(exc)
        if not errors:
            return Redirect(f"/cases/{case_id}?done=views-sent", status_code=303)
        return page(
            "mappa/views.html",
            status_code=status,
            case_id=case_id,
            meeting=meeting,
            values=values,
            errors=errors.messages,
            error_list=errors.summary(VIEWS_FIELDS),
            show_form=True,
            confirm_asked=asked,
        )


def _check_or_change(
    action: str, case_id: int, meeting: CaseMeeting, values: dict[str, str]
) -> Template:
    """The form again with the VLO's words ("Change"), or the views to check before sending:
    nothing is sent until the VLO confirms."""
    if action == "change":
        return page(
            "mappa/views.html",
            case_id=case_id,
            meeting=meeting,
            values=values,
            errors={},
            show_form=True,
        )
    return page("mappa/check_views.html", case_id=case_id, meeting=meeting, values=values)
