"""MAPPA pages: the MAPPA meetings on a case's page with a form for the VLO to record the
victim's views for a meeting; the meeting pack as a page (and as a PDF) for the VLO and the
offender manager; and, on the offender manager's page for one of their offenders, the meetings,
the victims' views for the next one and a form to arrange a meeting.

Victims never attend a MAPPA meeting: the VLO puts each opted-in victim's views to it. Nothing
here shows a victim's address, phone, email or date of birth (the use cases return none, and
refuse views that hold them)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.params import QueryParameter
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
    read_date,
    schema_problems,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import page
from vcs.core.actors import Role
from vcs.core.errors import DomainError, NotFound, PermissionDenied
from vcs.core.schemas import MAX_ID
from vcs.mappa import meetings
from vcs.mappa import pack as meeting_pack
from vcs.mappa import status as mappa
from vcs.mappa.meetings import CaseMeeting
from vcs.mappa.schemas import MeetingIn, VictimViewsIn

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
MEETING_FIELDS = ("level", "on")
MEETING_LABELS = {"level": "the level of the meeting", "on": "the date of the meeting"}
PDF_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
FromCase = Annotated[int | None, QueryParameter(name="case", ge=1, le=MAX_ID)]


async def mappa_section(request: AuthedRequest, case_id: int) -> dict[str, Any]:
    """The case page's MAPPA section: the meetings about the case's offender, this victim's
    views for each, and whether the VLO may record them (only a VLO submits views)."""
    found = await meetings.meetings_for_case(request.user, case_id, request.app.state.today())
    return {"mappa_meetings": found, "mappa_can_record": request.user.role is Role.VLO}


async def offender_mappa(request: AuthedRequest, offender_id: int) -> dict[str, Any]:
    """The offender page's MAPPA section for their offender manager: the meetings, and the
    pre-meeting view (the victims' views released for the next meeting)."""
    today = request.app.state.today()
    return {
        "mappa_meetings": await meetings.meetings_for_offender(request.user, offender_id, today),
        "pre_meeting": await meeting_pack.pre_meeting(request.user, offender_id, today),
        "views_working_days": mappa.VIEWS_WORKING_DAYS,
    }


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
        """Submit the views; the use case refuses contact details and views it does not want."""
        meeting = await _case_meeting(request, case_id, meeting_id)
        values = await form_values(request)
        errors, status, asked = FormErrors(), 400, False
        try:
            fields = {k: values.get(k, "") for k in VIEWS_FIELDS}
            data = VictimViewsIn.model_validate(
                {"case_id": case_id, **fields, CONFIRM: confirmed(values)}
            )
            await meeting_pack.submit_views(
                request.user, meeting_id, data, request.app.state.today()
            )
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


class MeetingPackPages(Controller):
    """The meeting pack, for whoever the API's pack lets read it. Every read is audited."""

    path = "/mappa-meetings/{meeting_id:int}"
    include_in_schema = False
    guards = [allow(Role.VLO, Role.VLU_MANAGER, Role.OFFENDER_MANAGER)]

    @get("/")
    async def pack(
        self, request: AuthedRequest, meeting_id: Id, from_case: FromCase = None
    ) -> Template:
        """The pack: each opted-in victim's views and requests, and the victim-safety points."""
        today = request.app.state.today()
        found = await meeting_pack.meeting_pack(request.user, meeting_id, today)
        if request.user.role is Role.OFFENDER_MANAGER:
            back = {"text": found.offender_name, "href": f"/offenders/{found.offender_id}"}
        elif from_case:
            back = {"text": f"Case {from_case}", "href": f"/cases/{from_case}"}
        else:
            back = {"text": "Caseload", "href": "/cases"}
        return page("mappa/pack.html", pack=found, back=back)

    @get("/pack.pdf", media_type="application/pdf")
    async def pack_pdf(self, request: AuthedRequest, meeting_id: Id) -> Response[bytes]:
        """The pack as a PDF for the meeting."""
        today = request.app.state.today()
        pdf = await meeting_pack.meeting_pack_pdf(request.user, meeting_id, today)
        name = f"mappa-meeting-{meeting_id}-pack.pdf"
        headers = {**PDF_HEADERS, "Content-Disposition": f'inline; filename="{name}"'}
        return Response(pdf, media_type="application/pdf", headers=headers)


class ArrangeMeetingPages(Controller):
    """The offender manager arranges a level 2 or 3 MAPPA meeting about their offender (the API
    lets VLU managers too; their pages do not show offenders)."""

    path = "/offenders/{offender_id:int}/mappa-meetings"
    include_in_schema = False
    guards = [allow(Role.OFFENDER_MANAGER)]

    @post("/")
    async def arrange(self, request: AuthedRequest, offender_id: Id) -> Template | Redirect:
        """Arrange the meeting; each opted-in victim's views fall due before it."""
        values = await form_values(request)
        errors, status = FormErrors(date_fields=frozenset({"on"})), 400
        on = read_date(values, "on", MEETING_LABELS["on"], errors, required=True)
        level = values.get("level", "")
        number = int(level) if level.isascii() and level.isdigit() and len(level) < 3 else None
        try:
            data = MeetingIn.model_validate(
                {
                    "offender_id": offender_id,
                    "level": level if number is None else number,
                    "on": on or "",
                }
            )
            made = await mappa.create_meeting(request.user, data, request.app.state.today())
            return Redirect(f"/offenders/{offender_id}?arranged={made.id}", status_code=303)
        except ValidationError as exc:
            # A date read_date could not read is already reported in its own words.
            schema_problems(exc, MEETING_LABELS, errors, choices=frozenset({"level"}))
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            if exc.problems:
                domain_problems(exc, MEETING_FIELDS, errors)
            else:  # another meeting that day
                errors.add("on", exc.message)
            status = status_of(exc)
        return page(
            "mappa/arrange.html",
            status_code=status,
            offender_id=offender_id,
            values=values,
            errors=errors.messages,
            error_list=errors.summary(MEETING_FIELDS),
            views_working_days=mappa.VIEWS_WORKING_DAYS,
        )
